import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { metricDefinition, METRICS } from '../../src/domain/evaluation/metrics.js';
import { EvaluationPolicySchema } from '../../src/domain/evaluation/policy.js';
import { metricScore, scoreSeller, type SellerEvidence } from '../../src/domain/evaluation/scoring.js';
import { DEFAULT_POLICY } from '../../src/domain/policy.js';
import { environment, storedEvidence } from '../../src/modules/evaluation/engine.js';
import { countMetrics } from '../../src/modules/evaluation/repo.js';
import { windowsFor } from '../../src/domain/evaluation/windows.js';

const KEY = 'median_first_response_hours';
const policy = EvaluationPolicySchema.parse({});
const def = metricDefinition(KEY);

function evidence(counts: SellerEvidence['counts']): SellerEvidence {
  return { sellerId: 'sel_x', status: 'active', verification: 'verified', counts, penaltyPoints: 0, trainingCompleted: null };
}

describe('median first-response time: scoring', () => {
  it('is a median in the catalogue: lower is better, not smoothed, with a note saying so', () => {
    assert.equal(def.kind, 'median');
    assert.equal(def.direction, 'lower_better');
    assert.equal(def.dimension, 'service');
    assert.match(def.note ?? '', /no platform prior, smoothing or interval/);
    assert.ok(METRICS.some((m) => m.key === KEY));
  });

  it('value = the median hours, denominator = requests, no numerator; scored as it is', () => {
    const card = scoreSeller(evidence({ [KEY]: { num: 30, den: 3 } }), { policy, priors: {}, explain: true });
    const m = card.metrics.find((x) => x.key === KEY)!;
    assert.deepEqual([m.numerator, m.denominator, m.value, m.smoothed, m.interval], [null, 3, 30, 30, null]);
    assert.equal(m.active, true);
    // 24 h target scores 80, 72 h scores 0: 30 h is 80 × (72 − 30) / (72 − 24) = 70
    assert.equal(m.score, 70);
    assert.equal(m.score, metricScore(def, { target: 24, limit: 72 }, 30, 80));
    assert.equal(m.meetsTarget, false);
    assert.ok(card.improve.some((i) => i.key === KEY && i.potentialGain > 0));
  });

  it('one request is scored on its own: no prior pulls it toward the platform', () => {
    const fast = scoreSeller(evidence({ [KEY]: { num: 2, den: 1 } }), { policy, priors: {} }).metrics.find((x) => x.key === KEY)!;
    assert.deepEqual([fast.value, fast.smoothed, fast.meetsTarget], [2, 2, true]);
    assert.ok(fast.score! > 80 && fast.score! < 100);
    const slow = scoreSeller(evidence({ [KEY]: { num: 100, den: 1 } }), { policy, priors: {} }).metrics.find((x) => x.key === KEY)!;
    assert.equal(slow.score, 0);
  });

  it('without requests it is shown but not scored, and its weight goes to the dimension’s other metrics', () => {
    const card = scoreSeller(evidence({ [KEY]: { num: 0, den: 0 } }), { policy, priors: {} });
    const m = card.metrics.find((x) => x.key === KEY)!;
    assert.deepEqual([m.active, m.value, m.denominator, m.score, m.weight], [false, null, 0, null, 0]);
  });

  it('a stored scorecard explains the same median again', () => {
    const card = scoreSeller(evidence({ [KEY]: { num: 12.5, den: 4 } }), { policy, priors: {} });
    const m = card.metrics.find((x) => x.key === KEY)!;
    const again = storedEvidence('sel_x', { [KEY]: { num: m.numerator, den: m.denominator, smoothed: m.smoothed } }, {
      status: 'active', verification: 'verified', penaltyPoints: 0, trainingCompleted: null,
    });
    assert.deepEqual(again.counts[KEY], { num: 12.5, den: 4 });
  });
});

describe('median first-response time: counted in SQL', () => {
  let handle: DatabaseHandle;
  // As of Tuesday 31 March 2026 (UTC): a 90-day window is 1 January 00:00 – 1 April 00:00.
  const asOf = '2026-03-31';
  const END = '2026-04-01T00:00:00Z';

  before(async () => {
    handle = await openDatabase();
    await migrate(handle);
  });
  after(async () => handle.close());

  let n = 0;
  async function seller() {
    const id = `sel_median_${++n}`;
    await handle.db
      .insertInto('sellers')
      .values({
        id, external_id: null, legal_name: 'Test Co', shop_name: `Shop ${n}`, country: 'CN', region: 'Guangdong', business_type: 'company',
        contact_name: 'Li', contact_email: `${id}@example.test`, contact_phone: null, storefronts: '[]', status: 'active',
        verified_at: new Date('2026-01-01T00:00:00Z'), created_at: new Date('2026-01-01T00:00:00Z'), updated_at: new Date('2026-01-01T00:00:00Z'),
      })
      .execute();
    return id;
  }

  /** One request (case round) with the seller's first response; the case rows themselves are not what is measured. */
  async function request(sellerId: string, requestedAt: string, dueAt: string, firstResponseAt: string | null) {
    const caseId = `case_m_${++n}`;
    // Only the facts table is under test: its foreign key to cases is not checked for these rows.
    await sql`SET session_replication_role = replica`.execute(handle.db);
    await handle.db
      .insertInto('case_response_facts')
      .values({
        case_id: caseId, round: 1, seller_id: sellerId, requested_at: new Date(requestedAt), due_at: new Date(dueAt), business_days_allowed: 3,
        first_response_at: firstResponseAt ? new Date(firstResponseAt) : null, response: null, responded_at: null, responded_on_time: null, policy_version: 1,
      })
      .execute();
    await sql`SET session_replication_role = DEFAULT`.execute(handle.db);
  }

  async function median(sellerId: string, windowDays?: number) {
    const ev = windowDays ? { ...policy, metrics: Object.fromEntries(Object.entries(policy.metrics).map(([k, m]) => [k, { ...m, windowDays }])) as typeof policy.metrics } : policy;
    const { sellers } = await countMetrics(handle.db, { windows: windowsFor(asOf, ev), env: environment(asOf, DEFAULT_POLICY), sellerIds: [sellerId] });
    return sellers[0].counts[KEY];
  }

  it('a seller with three requests: the middle time', async () => {
    const s = await seller();
    await request(s, '2026-03-02T00:00:00Z', '2026-03-05T00:00:00Z', '2026-03-02T02:00:00Z'); // 2 h
    await request(s, '2026-03-10T00:00:00Z', '2026-03-13T00:00:00Z', '2026-03-11T00:00:00Z'); // 24 h
    await request(s, '2026-03-20T00:00:00Z', '2026-03-23T00:00:00Z', '2026-03-20T05:30:00Z'); // 5.5 h
    assert.deepEqual(await median(s), { num: 5.5, den: 3 });
  });

  it('an even count takes the mean of the two middle times', async () => {
    const s = await seller();
    for (const [h, at] of [[1, '01'], [3, '02'], [9, '03'], [40, '04']] as const) {
      const req = new Date(`2026-03-${at}T00:00:00Z`);
      await request(s, req.toISOString(), new Date(req.getTime() + 72 * 3600_000).toISOString(), new Date(req.getTime() + h * 3600_000).toISOString());
    }
    assert.deepEqual(await median(s), { num: 6, den: 4 });
  });

  it('window edges: a request at the window’s first instant counts, one a moment earlier does not, nor one after the as-of end', async () => {
    const s = await seller();
    await request(s, '2026-03-02T00:00:00Z', '2026-03-05T00:00:00Z', '2026-03-02T10:00:00Z'); // first instant of a 30-day window: 10 h
    await request(s, '2026-03-01T23:59:59Z', '2026-03-04T00:00:00Z', '2026-03-02T00:00:00Z'); // just before it
    await request(s, END, '2026-04-04T00:00:00Z', '2026-04-01T01:00:00Z'); // after the as-of day
    assert.deepEqual(await median(s, 30), { num: 10, den: 1 });
    assert.deepEqual((await median(s, 90))!.den, 2);
  });

  it('silence past the deadline counts with its wait up to the as-of end; a request still within its deadline is left out', async () => {
    const s = await seller();
    await request(s, '2026-03-30T00:00:00Z', '2026-03-31T00:00:00Z', null); // deadline passed: waited 48 h by the end of the 31st
    await request(s, '2026-03-31T12:00:00Z', '2026-04-03T00:00:00Z', null); // still has time: not counted
    await request(s, '2026-03-29T00:00:00Z', '2026-04-01T12:00:00Z', '2026-04-01T06:00:00Z'); // answered only after the as-of end, deadline not yet passed then: not counted
    await request(s, '2026-03-20T00:00:00Z', '2026-03-23T00:00:00Z', '2026-03-20T04:00:00Z'); // 4 h
    assert.deepEqual(await median(s), { num: 26, den: 2 });
  });

  it('a seller without requests has no median and a count of 0', async () => {
    const s = await seller();
    assert.deepEqual(await median(s), { num: 0, den: 0 });
  });
});
