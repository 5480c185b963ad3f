import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { processDirtySellers, recomputeAll } from '../../src/modules/evaluation/service.js';
import { createSeller, signInSellerMember } from '../helpers/fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const SEEDED = ['dispatch-and-tracking', 'quality-control-and-honest-shipping', 'disputes-evidence-and-communication'];

/** The right answers of a module, read as an editor (the seller-facing API never shows them before submission). */
async function answerSheet(editor: { get(path: string): Promise<{ status: number; body: any }> }, slug: string): Promise<Record<string, number[]>> {
  const m = (await editor.get(`/api/v1/admin/training/modules/${slug}`)).body;
  return Object.fromEntries(m.questions.map((q: any) => [q.id, q.answers]));
}

const trainingMetric = (card: any) => card.metrics.find((m: any) => m.key === 'training_completed');

describe('training', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  it('seeds three published bilingual modules from the platform rules', async () => {
    const seller = await createSeller(server);
    const member = await signInSellerMember(server, seller.id);
    const list = await member.get(`/api/v1/sellers/${seller.id}/training`);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.deepEqual(list.body.modules.map((m: any) => m.slug), SEEDED);
    for (const slug of SEEDED) {
      const m = (await member.get(`/api/v1/training/modules/${slug}`)).body;
      assert.match(m.content.zh, /[\u4e00-\u9fff]/, 'Chinese content');
      assert.ok(m.content.en.length > 200);
      assert.ok(m.questions.length >= 4 && m.questions.length <= 5);
      for (const q of m.questions) {
        assert.equal(q.answers, undefined, 'answers are not revealed before submission');
        assert.ok(q.prompt.en && q.prompt.zh && q.options.length >= 2);
      }
      assert.equal(list.body.modules.find((x: any) => x.slug === slug).completed, null);
    }
  });

  it('documents the training API in OpenAPI', async () => {
    const spec = (await server.anonymous().get('/openapi.json')).body;
    for (const path of ['/api/v1/sellers/{id}/training', '/api/v1/training/modules/{id}/attempts', '/api/v1/admin/training/modules/{id}/publish']) {
      assert.ok(spec.paths[path], `${path} is documented`);
    }
  });

  it('staff create, edit and publish modules; sellers may not, and see no drafts', async () => {
    const officer = await server.signIn(['compliance_officer']);
    const seller = await createSeller(server);
    const member = await signInSellerMember(server, seller.id);
    const body = {
      title: { en: 'Packing fragile items', zh: '易碎品包装' },
      content: { en: 'Wrap each item twice.', zh: '每件商品包两层。' },
      questions: [
        { id: 'a', prompt: { en: 'How many layers?', zh: '包几层？' }, options: [{ en: 'One', zh: '一层' }, { en: 'Two', zh: '两层' }], answers: [1] },
      ],
      passMark: 1,
    };
    assert.equal((await member.post('/api/v1/admin/training/modules', body)).status, 403);
    assert.equal((await member.get('/api/v1/admin/training/modules')).status, 403);

    const bad = await officer.post('/api/v1/admin/training/modules', { ...body, questions: [{ ...body.questions[0], answers: [2] }] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].field, 'body.questions.0.answers.0');
    const noZh = await officer.post('/api/v1/admin/training/modules', { ...body, title: { en: 'Only English', zh: '' } });
    assert.equal(noZh.status, 400);
    assert.ok(noZh.body.errors.some((e: any) => e.field.includes('title')));

    const created = await officer.post('/api/v1/admin/training/modules', body);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.status, 'draft');
    assert.equal(created.body.slug, 'packing-fragile-items');
    assert.deepEqual(created.body.actions, ['publish', 'archive']);
    const id = created.body.id;
    assert.equal((await officer.post('/api/v1/admin/training/modules', body)).body.code, 'slug_taken');

    // a draft is invisible to sellers, and cannot be taken
    assert.equal((await member.get(`/api/v1/training/modules/${id}`)).status, 404);
    assert.equal((await member.post(`/api/v1/training/modules/${id}/attempts`, { answers: { a: [1] } })).status, 404);
    assert.ok(!(await member.get(`/api/v1/sellers/${seller.id}/training`)).body.modules.some((m: any) => m.id === id));

    // editing a draft keeps version 1
    const edited = await officer.request('PATCH', `/api/v1/admin/training/modules/${id}`, { json: { content: { en: 'Wrap each item twice, corners first.', zh: '每件商品包两层，先包边角。' } } });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.version, 1);
    assert.equal((await member.request('PATCH', `/api/v1/admin/training/modules/${id}`, { json: { passMark: 0.1 } })).status, 403);

    assert.equal((await member.post(`/api/v1/admin/training/modules/${id}/publish`, {})).status, 403);
    const published = await officer.post(`/api/v1/admin/training/modules/${id}/publish`, {});
    assert.equal(published.status, 200);
    assert.equal(published.body.status, 'published');
    assert.equal((await officer.post(`/api/v1/admin/training/modules/${id}/publish`, {})).body.code, 'illegal_transition');
    const history = await server.arbiter.ctx.db.selectFrom('entity_history').select('event').where('entity_id', '=', id).orderBy('id').execute();
    assert.deepEqual(history.map((h) => h.event), ['create', 'edit', 'publish']);
    assert.equal((await member.get(`/api/v1/training/modules/${id}`)).status, 200);

    // editing the quiz of a published module makes version 2
    const v2 = await officer.request('PATCH', `/api/v1/admin/training/modules/${id}`, { json: { passMark: 0.5 } });
    assert.equal(v2.body.version, 2);
    const archived = await officer.post(`/api/v1/admin/training/modules/${id}/archive`, {});
    assert.equal(archived.body.status, 'archived');
    assert.equal((await member.get(`/api/v1/training/modules/${id}`)).status, 404);
  });

  it('scores on the server: wrong answers fail, a pass records one completion per module version, the score moves', async () => {
    const officer = await server.signIn(['compliance_officer']);
    const seller = await createSeller(server);
    const member = await signInSellerMember(server, seller.id);
    const colleague = await signInSellerMember(server, seller.id);
    const slug = SEEDED[0];
    const sheet = await answerSheet(officer, slug);
    const moduleId = (await member.get(`/api/v1/training/modules/${slug}`)).body.id;

    await recomputeAll(server.arbiter.ctx);
    const before = (await member.get(`/api/v1/sellers/${seller.id}/scorecard`)).body;
    assert.deepEqual([trainingMetric(before).value, trainingMetric(before).active], [0, true]);

    // every answer wrong: shift each chosen option by one
    const wrong = Object.fromEntries(Object.entries(sheet).map(([q, a]) => [q, [(a[0] + 1) % 3]]));
    const failed = await member.post(`/api/v1/training/modules/${slug}/attempts`, { answers: wrong });
    assert.equal(failed.status, 201, JSON.stringify(failed.body));
    assert.equal(failed.body.passed, false);
    assert.equal(failed.body.correct, 0);
    assert.equal(failed.body.completionRecorded, false);
    assert.ok(failed.body.questions.every((q: any) => q.answers === null), 'a failed attempt does not reveal the answers');

    // one wrong of five is 80 %: exactly the pass mark; a multi-answer question needs every right option
    const multi = Object.entries(sheet).find(([, a]) => a.length > 1)![0];
    const partial = await member.post(`/api/v1/training/modules/${slug}/attempts`, { answers: { ...sheet, [multi]: [sheet[multi][0]] } });
    assert.equal(partial.body.correct, Object.keys(sheet).length - 1);
    assert.equal(partial.body.passed, true);
    assert.equal(partial.body.completionRecorded, true);
    assert.deepEqual(partial.body.questions.find((q: any) => q.id === multi).answers, sheet[multi]);

    // a client claiming more than it answered changes nothing: unknown question ids are refused
    const forged = await member.post(`/api/v1/training/modules/${slug}/attempts`, { answers: { ...wrong, bonus: [0] }, passed: true });
    assert.equal(forged.status, 400);
    const unknown = await member.post(`/api/v1/training/modules/${slug}/attempts`, { answers: { ...wrong, bonus: [0] } });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.errors[0].field, 'body.answers.bonus');

    // passing again (another member too) records nothing more
    const again = await colleague.post(`/api/v1/training/modules/${slug}/attempts`, { answers: sheet });
    assert.equal(again.body.passed, true);
    assert.equal(again.body.completionRecorded, false);
    const completions = await server.arbiter.ctx.db.selectFrom('training_completions').selectAll().where('seller_id', '=', seller.id).execute();
    assert.equal(completions.length, 1);
    const events = await server.arbiter.ctx.db.selectFrom('outbox').select('event_type').where('seller_id', '=', seller.id).where('event_type', '=', 'seller.training_completed').execute();
    assert.equal(events.length, 1);

    // the completion marked the seller; the incremental recompute moves the improvement dimension
    const dirty = await server.arbiter.ctx.db.selectFrom('evaluation_dirty_sellers').select('seller_id').where('seller_id', '=', seller.id).execute();
    assert.ok(dirty.length > 0);
    await processDirtySellers(server.arbiter.ctx);
    const afterOne = (await member.get(`/api/v1/sellers/${seller.id}/scorecard`)).body;
    assert.equal(trainingMetric(afterOne).value, 1);
    assert.equal(afterOne.source, 'incremental');
    const improvement = (c: any) => c.dimensions.find((d: any) => d.key === 'improvement').score;
    assert.ok(improvement(afterOne) > improvement(before), `${improvement(afterOne)} > ${improvement(before)}`);
    assert.ok(afterOne.score > before.score, `${afterOne.score} > ${before.score}`);

    // a new version of the module may be completed again, but the module still counts once
    const edit = await officer.request('PATCH', `/api/v1/admin/training/modules/${moduleId}`, { json: { summary: { en: 'Updated summary.', zh: '更新后的简介。' } } });
    assert.equal(edit.body.version, 2);
    const listed = (await member.get(`/api/v1/sellers/${seller.id}/training`)).body.modules.find((m: any) => m.slug === slug);
    assert.deepEqual([listed.completed.version, listed.currentVersionCompleted], [1, false]);
    const v2 = await member.post(`/api/v1/training/modules/${slug}/attempts`, { answers: sheet });
    assert.equal(v2.body.completionRecorded, true);
    assert.equal(v2.body.moduleVersion, 2);
    await processDirtySellers(server.arbiter.ctx);
    assert.equal(trainingMetric((await member.get(`/api/v1/sellers/${seller.id}/scorecard`)).body).value, 1);

    // a second module counts; the full recompute agrees with the incremental one
    const second = await answerSheet(officer, SEEDED[1]);
    assert.equal((await member.post(`/api/v1/training/modules/${SEEDED[1]}/attempts`, { answers: second })).body.completionRecorded, true);
    await processDirtySellers(server.arbiter.ctx);
    const incremental = (await member.get(`/api/v1/sellers/${seller.id}/scorecard`)).body;
    assert.equal(trainingMetric(incremental).value, 2);
    await recomputeAll(server.arbiter.ctx);
    const full = (await member.get(`/api/v1/sellers/${seller.id}/scorecard`)).body;
    assert.deepEqual([full.score, trainingMetric(full).value], [incremental.score, 2]);
  });

  it('keeps attempts to the seller: other sellers get 404; members of several sellers say which', async () => {
    const sellerA = await createSeller(server);
    const sellerB = await createSeller(server);
    const a = await signInSellerMember(server, sellerA.id);
    const b = await signInSellerMember(server, sellerB.id);
    const staff = await server.signIn(['support_agent']);
    const buyer = await server.signIn(['buyer']);
    const slug = SEEDED[2];
    const attempt = (await a.post(`/api/v1/training/modules/${slug}/attempts`, { answers: {} })).body;
    assert.equal(attempt.passed, false);
    assert.equal(attempt.correct, 0);

    assert.equal((await b.get(`/api/v1/training/attempts/${attempt.id}`)).status, 404);
    assert.equal((await b.get(`/api/v1/sellers/${sellerA.id}/training/attempts`)).status, 404);
    assert.equal((await b.get(`/api/v1/sellers/${sellerA.id}/training`)).status, 404);
    assert.equal((await buyer.get(`/api/v1/training/attempts/${attempt.id}`)).status, 404);
    assert.equal((await b.post(`/api/v1/training/modules/${slug}/attempts`, { sellerId: sellerA.id, answers: {} })).status, 404);
    assert.equal((await buyer.post(`/api/v1/training/modules/${slug}/attempts`, { answers: {} })).status, 403);
    assert.equal((await a.get(`/api/v1/training/attempts/${attempt.id}`)).status, 200);
    assert.equal((await staff.get(`/api/v1/training/attempts/${attempt.id}`)).status, 200);
    const mine = (await a.get(`/api/v1/sellers/${sellerA.id}/training/attempts`)).body.attempts;
    assert.deepEqual(mine.map((x: any) => x.id), [attempt.id]);
    assert.equal((await b.get(`/api/v1/sellers/${sellerB.id}/training/attempts`)).body.attempts.length, 0);

    // a member of two sellers must name the seller
    await server.arbiter.ctx.db.insertInto('seller_members').values({ seller_id: sellerB.id, user_id: a.userId, member_role: 'staff', created_at: server.clock.now() }).execute();
    const ambiguous = await a.post(`/api/v1/training/modules/${slug}/attempts`, { answers: {} });
    assert.equal(ambiguous.status, 400);
    assert.equal(ambiguous.body.errors[0].field, 'body.sellerId');
    assert.equal((await a.post(`/api/v1/training/modules/${slug}/attempts`, { sellerId: sellerB.id, answers: {} })).body.sellerId, sellerB.id);
  });
});
