import type { Readable } from 'node:stream';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { SELLER_STATES } from '../../domain/sellers.js';
import { SanctionSchema } from '../../domain/enforcement/policy.js';
import { requireActor } from '../../http/auth.js';
import { IdParam, Paging, problemResponses, ProblemSchema, type ZodApp } from '../../http/types.js';
import { badRequest } from '../../shared/errors.js';
import { requireAdmin, requireOfficer } from './access.js';
import * as appeals from './appeals.js';
import * as audits from './audits.js';
import * as bulk from './bulk.js';
import { sellerEnforcementFile } from './file.js';
import { verifyLog } from './ledger.js';
import * as listings from './listings.js';
import { runDetectors } from './runner.js';
import * as sanctions from './sanctions.js';
import * as violations from './violations.js';

const tags = ['enforcement'];
const Text = (max: number) => z.string().trim().min(1, 'is required').max(max);
const Any = z.any();
const Listed = z.object({ items: z.array(Any), total: z.number().int().optional(), limit: z.number().int(), offset: z.number().int() }).passthrough();
const Obj = z.object({}).passthrough();
const ok = { 200: Obj, ...problemResponses };
const created = { 201: Obj, ...problemResponses };
const RULE = z.string().trim().regex(/^[a-z][a-z0-9_]{1,60}$/, 'must be a rule key such as late_shipment_rate');
const SellerId = z.string().min(1).max(64);
const Sha = z.string().regex(/^[0-9a-fA-F]{16,128}$/, 'must be a hex hash (16–128 characters)');

function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function enforcementRoutes(app: ZodApp, ctx: AppContext) {
  // ---- violations ----------------------------------------------------------------------------------------
  app.get(
    '/api/v1/enforcement/violations',
    {
      schema: {
        tags,
        summary: 'Violations: the compliance queue (status=proposed, oldest first) and every other list',
        querystring: Paging.extend({
          status: z.enum(['proposed', 'confirmed', 'dismissed', 'reversed']).optional(),
          rule: RULE.optional(),
          subjectType: z.enum(['seller', 'buyer']).optional(),
          subjectId: z.string().max(64).optional(),
          origin: z.enum(['detector', 'audit', 'officer', 'bulk', 'report']).optional(),
        }),
        response: { 200: Listed, ...problemResponses },
      },
    },
    async (request) => violations.listViolations(ctx, requireActor(request), request.query),
  );
  app.post(
    '/api/v1/enforcement/violations',
    {
      schema: {
        tags,
        summary: "An officer's own finding about a seller or a buyer, proposed for confirmation",
        body: z.object({ sellerId: SellerId.optional(), buyerId: SellerId.optional(), rule: RULE, summary: Text(2000), evidence: z.record(z.string(), z.unknown()).optional(), points: z.number().int().min(0).max(100).optional() }).strict(),
        response: created,
      },
    },
    async (request, reply) => reply.status(201).send(await violations.proposeViolation(ctx, requireActor(request), request.body)),
  );
  app.get(
    '/api/v1/enforcement/violations/:id',
    { schema: { tags, summary: 'One violation with its evidence, points, expiry, how to rectify and appeals', params: IdParam(), response: ok } },
    async (request) => violations.getViolation(ctx, requireActor(request), request.params.id),
  );
  app.post(
    '/api/v1/enforcement/violations/:id/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm a proposed violation: its points count and the ladder applies (sanction: one imposed with it; severeFraud: straight to ban)',
        params: IdParam(),
        body: z.object({ reason: z.string().trim().max(2000).optional(), severeFraud: z.boolean().optional(), points: z.number().int().min(0).max(100).optional(), sanction: SanctionSchema.optional() }).strict().optional(),
        response: ok,
      },
    },
    async (request) => violations.confirmViolation(ctx, requireActor(request), request.params.id, request.body ?? {}),
  );
  app.post(
    '/api/v1/enforcement/violations/:id/dismiss',
    { schema: { tags, summary: 'Dismiss a proposed violation with a reason', params: IdParam(), body: z.object({ reason: Text(2000) }).strict(), response: ok } },
    async (request) => violations.dismissViolation(ctx, requireActor(request), request.params.id, request.body),
  );

  // ---- a seller's file and sanctions ------------------------------------------------------------------------
  app.get(
    '/api/v1/enforcement/sellers/:sellerId',
    {
      schema: {
        tags,
        summary: "A seller's enforcement file: points with expiry, violations, sanctions, deadlines to rectify, appeals (the seller's own, or any for compliance)",
        params: IdParam('sellerId'),
        response: ok,
      },
    },
    async (request) => sellerEnforcementFile(ctx, requireActor(request), request.params.sellerId),
  );
  app.get(
    '/api/v1/enforcement/sanctions',
    {
      schema: {
        tags,
        summary: 'Sanctions (compliance)',
        querystring: Paging.extend({ status: z.enum(['active', 'lifted', 'expired', 'rectified']).optional(), kind: z.string().max(40).optional(), subjectId: z.string().max(64).optional() }),
        response: { 200: Listed, ...problemResponses },
      },
    },
    async (request) => sanctions.listSanctions(ctx, requireActor(request), request.query),
  );
  app.post(
    '/api/v1/enforcement/sanctions',
    {
      schema: {
        tags,
        summary: "An officer's sanction on a seller with a reason (and an end for time-limited ones)",
        body: z.object({ sellerId: SellerId, kind: SanctionSchema, reason: Text(2000), endsAt: z.iso.datetime().optional() }).strict(),
        response: created,
      },
    },
    async (request, reply) => reply.status(201).send(await sanctions.imposeByOfficer(ctx, requireActor(request), request.body)),
  );
  app.post(
    '/api/v1/enforcement/sanctions/:id/lift',
    { schema: { tags, summary: 'Lift a sanction with a reason; the account follows', params: IdParam(), body: z.object({ reason: Text(2000) }).strict(), response: ok } },
    async (request) => sanctions.liftByOfficer(ctx, requireActor(request), request.params.id, request.body.reason),
  );
  app.post(
    '/api/v1/enforcement/detectors/run',
    {
      schema: {
        tags,
        summary: 'Run every detector now (over some sellers, or all)',
        body: z.object({ sellerIds: z.array(SellerId).max(1000).optional() }).strict().optional(),
        response: ok,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      requireOfficer(actor);
      return { ...(await runDetectors(ctx, { sellers: request.body?.sellerIds ?? null, buyers: request.body?.sellerIds ? [] : null, kind: 'manual', actor })) };
    },
  );

  // ---- bulk enforcement ----------------------------------------------------------------------------------
  const Criteria = z
    .object({
      sellerIds: z.array(SellerId).max(5000).optional(),
      statuses: z.array(z.enum(SELLER_STATES)).max(6).optional(),
      country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO country code').optional(),
      minActivePoints: z.number().int().min(1).max(1000).optional(),
      rule: RULE.optional(),
      withinDays: z.number().int().min(1).max(3650).optional(),
      minSignals: z.number().int().min(1).max(100_000).optional(),
    })
    .strict()
    .refine((c) => Object.values(c).some((v) => v !== undefined), 'name at least one criterion');
  app.post(
    '/api/v1/enforcement/batches',
    {
      schema: {
        tags,
        summary: 'Preview a bulk action: the sellers the criteria select, with one sanction and one reason',
        body: z.object({ criteria: Criteria, sanction: SanctionSchema, reason: Text(2000), publicSummary: z.string().trim().max(2000).optional() }).strict(),
        response: created,
      },
    },
    async (request, reply) => reply.status(201).send(await bulk.previewBatch(ctx, requireActor(request), request.body)),
  );
  app.get('/api/v1/enforcement/batches', { schema: { tags, summary: 'Bulk actions, newest first', querystring: Paging, response: { 200: Listed, ...problemResponses } } }, async (request) =>
    bulk.listBatches(ctx, requireActor(request), request.query),
  );
  app.get('/api/v1/enforcement/batches/:id', { schema: { tags, summary: 'A bulk action with its sellers', params: IdParam(), response: ok } }, async (request) =>
    bulk.getBatch(ctx, requireActor(request), request.params.id),
  );
  app.post(
    '/api/v1/enforcement/batches/:id/apply',
    { schema: { tags, summary: 'Apply the previewed bulk action (publish: add it to the public report)', params: IdParam(), body: z.object({ publish: z.boolean().optional() }).strict().optional(), response: ok } },
    async (request) => bulk.applyBatch(ctx, requireActor(request), request.params.id, request.body ?? {}),
  );
  app.post('/api/v1/enforcement/batches/:id/discard', { schema: { tags, summary: 'Discard a preview', params: IdParam(), response: ok } }, async (request) =>
    bulk.discardBatch(ctx, requireActor(request), request.params.id),
  );
  app.post(
    '/api/v1/enforcement/batches/:id/undo',
    { schema: { tags, summary: 'Undo a wrong batch: its sanctions lifted, the accounts restored', params: IdParam(), body: z.object({ reason: Text(2000) }).strict(), response: ok } },
    async (request) => bulk.undoBatch(ctx, requireActor(request), request.params.id, request.body),
  );
  app.get(
    '/api/v1/public/enforcement-reports',
    { schema: { tags, summary: 'Public report of bulk enforcement: how many sellers, which sanction, what for (no sign-in)', querystring: Paging, response: { 200: Listed, ...problemResponses } } },
    async (request) => bulk.publicReports(ctx, request.query),
  );
  app.get('/api/v1/public/enforcement-reports/:id', { schema: { tags, summary: 'One published bulk action (no sign-in)', params: IdParam(), response: ok } }, async (request) =>
    bulk.publicReport(ctx, request.params.id),
  );

  // ---- appeals --------------------------------------------------------------------------------------------
  app.get(
    '/api/v1/enforcement/appeals',
    {
      schema: {
        tags,
        summary: "Appeals: compliance's queue (status=submitted, oldest first), or a seller's own (sellerId)",
        querystring: Paging.extend({ status: z.enum(['submitted', 'upheld', 'rejected']).optional(), sellerId: z.string().max(64).optional() }),
        response: { 200: Listed, ...problemResponses },
      },
    },
    async (request) => appeals.listAppeals(ctx, requireActor(request), request.query),
  );
  app.post(
    '/api/v1/enforcement/appeals',
    {
      schema: {
        tags,
        summary: 'Appeal a confirmed violation or a sanction in force, within the policy window, with a statement and evidence',
        body: z.object({ targetType: z.enum(['violation', 'sanction']), targetId: z.string().min(1).max(64), statement: Text(5000), evidenceIds: z.array(z.string().min(1).max(64)).max(20).optional() }).strict(),
        response: created,
      },
    },
    async (request, reply) => reply.status(201).send(await appeals.submitAppeal(ctx, requireActor(request), request.body)),
  );
  app.get('/api/v1/enforcement/appeals/:id', { schema: { tags, summary: 'An appeal with its evidence', params: IdParam(), response: ok } }, async (request) =>
    appeals.getAppeal(ctx, requireActor(request), request.params.id),
  );
  app.post(
    '/api/v1/enforcement/appeals/:id/decision',
    {
      schema: {
        tags,
        summary: 'Uphold (points removed, sanctions lifted, status restored) or reject; not by the officer who confirmed',
        params: IdParam(),
        body: z.object({ decision: z.enum(['uphold', 'reject']), reason: Text(2000) }).strict(),
        response: ok,
      },
    },
    async (request) => appeals.decideAppeal(ctx, requireActor(request), request.params.id, request.body),
  );
  app.get(
    '/api/v1/enforcement/appeal-evidence/:id/file',
    { schema: { tags, summary: 'An evidence file of an appeal', params: IdParam(), response: { ...problemResponses } } },
    async (request, reply) => {
      const f = await appeals.openAppealEvidence(ctx, requireActor(request), request.params.id);
      return reply
        .type(f.mediaType)
        .header('content-length', f.sizeBytes)
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', contentDisposition(f.fileName))
        .header('cache-control', 'private, no-store')
        .send(f.stream as never);
    },
  );
  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.addHook('onSend', async (request, reply) => {
      const body = request.body as Readable | undefined;
      if (body && typeof body.resume === 'function' && !body.readableEnded) {
        reply.header('connection', 'close');
        body.resume();
      }
    });
    scope.put(
      '/api/v1/enforcement/sellers/:sellerId/appeal-evidence',
      {
        schema: {
          tags,
          summary: 'Upload one evidence file for an appeal as the raw body (PDF, image or video; type sniffed from the content)',
          params: IdParam('sellerId'),
          querystring: z.object({ fileName: z.string().max(255).optional() }),
          response: { 201: Obj, 413: ProblemSchema, 415: ProblemSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const body = request.body as Readable | undefined;
        if (!body || typeof body.pipe !== 'function') throw badRequest('empty_file', 'Send the file as the request body.');
        const length = Number(request.headers['content-length']);
        const saved = await appeals.uploadAppealEvidence(ctx, requireActor(request), {
          sellerId: request.params.sellerId,
          fileName: request.query.fileName,
          body,
          contentLength: Number.isFinite(length) ? length : undefined,
        });
        return reply.status(201).send(saved);
      },
    );
  });

  // ---- audits ---------------------------------------------------------------------------------------------
  app.post(
    '/api/v1/enforcement/audits',
    {
      schema: {
        tags,
        summary: "Open an audit: a random sample of a seller's or a category's orders or listings",
        body: z
          .object({ scope: z.enum(['seller', 'category']), sellerId: SellerId.optional(), category: z.string().trim().min(1).max(120).optional(), sampleKind: z.enum(['orders', 'listings']), sampleSize: z.number().int().min(1).max(500), note: z.string().max(2000).optional() })
          .strict(),
        response: created,
      },
    },
    async (request, reply) => reply.status(201).send(await audits.openAudit(ctx, requireActor(request), request.body)),
  );
  app.get('/api/v1/enforcement/audits', { schema: { tags, summary: 'Audits, newest first', querystring: Paging.extend({ status: z.enum(['open', 'closed']).optional(), sellerId: z.string().max(64).optional() }), response: { 200: Listed, ...problemResponses } } }, async (request) =>
    audits.listAudits(ctx, requireActor(request), request.query),
  );
  app.get('/api/v1/enforcement/audits/:id', { schema: { tags, summary: 'An audit with its sample and findings', params: IdParam(), response: ok } }, async (request) =>
    audits.getAudit(ctx, requireActor(request), request.params.id),
  );
  app.post(
    '/api/v1/enforcement/audits/:id/findings',
    {
      schema: {
        tags,
        summary: 'Record a finding on a sampled item; it becomes a violation proposal',
        params: IdParam(),
        body: z.object({ itemId: z.string().min(1).max(64), rule: RULE, note: Text(2000), points: z.number().int().min(0).max(100).optional() }).strict(),
        response: created,
      },
    },
    async (request, reply) => reply.status(201).send(await audits.recordFinding(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.post('/api/v1/enforcement/audits/:id/close', { schema: { tags, summary: 'Close an audit', params: IdParam(), body: z.object({ note: z.string().max(2000).optional() }).strict().optional(), response: ok } }, async (request) =>
    audits.closeAudit(ctx, requireActor(request), request.params.id, request.body ?? {}),
  );

  // ---- data the detectors need ----------------------------------------------------------------------------
  const ListingBody = z
    .object({
      source: z.string().trim().min(1).max(40).optional(),
      externalId: Text(200),
      sellerId: SellerId,
      category: Text(120),
      title: Text(500),
      description: z.string().max(20_000).optional(),
      currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
      price: z.number().int().min(0).max(1e12),
      shippingCharge: z.number().int().min(0).max(1e12).optional(),
      shippingCost: z.number().int().min(0).max(1e12).nullable().optional(),
      weightGrams: z.number().int().min(1).max(1_000_000).nullable().optional(),
      status: z.enum(['active', 'removed']).optional(),
    })
    .strict();
  app.post(
    '/api/v1/listings',
    {
      schema: {
        tags: ['listings'],
        summary: "The catalogue's listings (one or an array of up to 1000): category, price, shipping charge and real cost",
        body: z.union([ListingBody, z.array(ListingBody).min(1).max(1000)]),
        response: ok,
      },
    },
    async (request) => listings.ingestListings(ctx, requireActor(request), Array.isArray(request.body) ? request.body : [request.body]),
  );
  app.get(
    '/api/v1/listings',
    {
      schema: {
        tags: ['listings'],
        summary: "Listings as buyers see them: a suspended or banned seller's are hidden",
        querystring: Paging.extend({ sellerId: z.string().max(64).optional(), category: z.string().max(120).optional() }),
        response: { 200: Listed, ...problemResponses },
      },
    },
    async (request) => listings.listListings(ctx, request.actor, request.query),
  );
  app.post(
    '/api/v1/enforcement/party-links',
    {
      schema: {
        tags,
        summary: 'Identity links for rating-manipulation detection: hashed address, payment instrument or device of a buyer or seller',
        body: z.object({ links: z.array(z.object({ partyType: z.enum(['buyer', 'seller']), partyId: z.string().min(1).max(64), kind: z.enum(['address', 'payment', 'device']), valueHash: Sha }).strict()).min(1).max(5000) }).strict(),
        response: ok,
      },
    },
    async (request) => listings.ingestLinks(ctx, requireActor(request), request.body.links),
  );

  // ---- the log --------------------------------------------------------------------------------------------
  app.get(
    '/api/v1/enforcement/log',
    { schema: { tags, summary: 'The tamper-evident log of enforcement decisions (compliance)', querystring: Paging.extend({ subjectId: z.string().max(64).optional() }), response: { 200: Listed, ...problemResponses } } },
    async (request) => {
      const actor = requireActor(request);
      requireOfficer(actor);
      let q = ctx.db.selectFrom('enforcement_log');
      if (request.query.subjectId) q = q.where('subject_id', '=', request.query.subjectId);
      const rows = await q.selectAll().orderBy('seq', 'desc').limit(request.query.limit).offset(request.query.offset).execute();
      return {
        items: rows.map((r) => ({ seq: Number(r.seq), id: r.id, at: r.at.toISOString(), action: r.action, entityType: r.entity_type, entityId: r.entity_id, subjectId: r.subject_id, actorId: r.actor_id, actorRole: r.actor_role, policyVersion: r.policy_version, payload: r.payload, prevHash: r.prev_hash, hash: r.hash })),
        limit: request.query.limit,
        offset: request.query.offset,
      };
    },
  );
  app.get('/api/v1/enforcement/log/verify', { schema: { tags, summary: 'Recompute the hash chain and name the first broken entry (admin)', response: ok } }, async (request) => {
    requireAdmin(requireActor(request));
    return { ...(await verifyLog(ctx.db)) };
  });
}
