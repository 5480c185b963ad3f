import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { DISPUTE_TYPES, type DisputeDetail } from '../../domain/cases/dispute.js';
import { requireActor } from '../../http/auth.js';
import { IdParam, Paging, problemResponses, type ZodApp } from '../../http/types.js';
import { listAbuseReports } from './record.js';
import {
  AbuseReportSchema,
  AppealDecisionSchema,
  BuyerRecordSchema,
  ClarityCheckSchema,
  ClarityResultSchema,
  DecisionSchema,
  DisputeOptionsSchema,
  DisputeSummarySchema,
  DisputeViewSchema,
  MediationEntrySchema,
  EvidenceInputSchema,
  GuideSchema,
  OpenDisputeSchema,
  SellerResponseSchema,
} from './schemas.js';
import * as disputes from './service.js';
import { listDisputes, mediationQueue, type DisputeView } from './views.js';

const tags = ['disputes'];
const bool = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();
const Reason = z.object({ reason: z.string().trim().max(1000).optional() });

export function disputesRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/api/v1/disputes/guide',
    {
      schema: {
        tags,
        summary: 'What to claim and with which evidence: per issue type and detail, the tier, the remedies that fit, the video rule and the full evidence set (policy in force)',
        response: { 200: GuideSchema, ...problemResponses },
      },
    },
    async (request) => {
      requireActor(request);
      return disputes.guide(ctx);
    },
  );

  app.post(
    '/api/v1/disputes/clarity-check',
    {
      schema: {
        tags,
        summary: "Check a claim's free text for what translation software mangles; with the claim's fields, the concise version the seller will read",
        body: ClarityCheckSchema,
        response: { 200: ClarityResultSchema, ...problemResponses },
      },
    },
    async (request) => disputes.clarityCheck(ctx, requireActor(request), { ...request.body, detail: request.body.detail as DisputeDetail | undefined }),
  );

  app.post(
    '/api/v1/disputes',
    {
      schema: {
        tags,
        summary: 'The buyer opens a dispute on an order: issue type and detail, affected items, evidence (completed uploads), scale reading, remedy, note',
        description:
          'Within the dispute window after delivery (policy, 30 days), or while the protection period runs for a parcel that never came. 409: `dispute_window_closed`, `protection_ended`, `not_delivered`, ' +
          '`order_delivered`, `dispute_already_open`, `already_disputed`. 422: `full_evidence_required` for a buyer with a poor record, `evidence_kind_mismatch`, `amount_exceeds_item`.',
        body: OpenDisputeSchema,
        response: { 201: DisputeViewSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await disputes.open(ctx, requireActor(request), { ...request.body, detail: request.body.detail as DisputeDetail })),
  );

  app.get(
    '/api/v1/disputes',
    {
      schema: {
        tags,
        summary: "Disputes I may see: a buyer's own, a seller's shop's, all for staff — newest first",
        querystring: Paging.extend({
          status: z.string().max(40).optional(),
          issueType: z.enum(DISPUTE_TYPES).optional(),
          tier: z.coerce.number().int().min(1).max(3).optional(),
          open: bool,
          flagged: bool,
          buyerId: z.string().max(64).optional(),
          sellerId: z.string().max(64).optional(),
          orderId: z.string().max(64).optional(),
        }),
        response: { 200: z.object({ items: z.array(DisputeSummarySchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await listDisputes(ctx, requireActor(request), request.query) }),
  );

  app.get(
    '/api/v1/disputes/mediation-queue',
    {
      schema: {
        tags,
        summary: 'The mediation queue (support agents, admins): disputes in mediation and appeals, the longest due first (an appeal is due from when it was made)',
        querystring: Paging,
        response: { 200: z.object({ items: z.array(MediationEntrySchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await mediationQueue(ctx, requireActor(request), request.query) }),
  );

  app.get(
    '/api/v1/disputes/compliance-reports',
    {
      schema: {
        tags,
        summary: 'Buyers reported to compliance for serious abuse (compliance officers, admins)',
        querystring: Paging.extend({ buyerId: z.string().max(64).optional() }),
        response: { 200: z.object({ items: z.array(AbuseReportSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await listAbuseReports(ctx, requireActor(request), request.query) }),
  );

  app.get(
    '/api/v1/orders/:id/dispute-options',
    {
      schema: {
        tags,
        summary: "What the order's buyer may claim now: per issue type and detail, allowed or the reason opening would refuse it (window, protection, a dispute already open)",
        params: IdParam(),
        response: { 200: DisputeOptionsSchema, ...problemResponses },
      },
    },
    async (request) => disputes.options(ctx, requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/buyers/:buyerId/dispute-record',
    {
      schema: {
        tags,
        summary: "A buyer's dispute record: opened, won, lost, withdrawn, disproportionate demands, reused evidence, and whether it is poor (the buyer, staff)",
        params: z.object({ buyerId: z.string().min(1).max(64) }),
        response: { 200: BuyerRecordSchema, ...problemResponses },
      },
    },
    async (request) => disputes.buyerRecordOf(ctx, requireActor(request), request.params.buyerId),
  );

  app.get(
    '/api/v1/disputes/:id',
    {
      schema: {
        tags,
        summary: 'The dispute page: the case (thread, history, refunds, deadline) with the claim in English and Chinese, both sides’ evidence, the weight check, the tier, flags, mediation and appeal',
        params: IdParam(),
        response: { 200: DisputeViewSchema, ...problemResponses },
      },
    },
    async (request) => disputes.view(ctx, requireActor(request), request.params.id),
  );

  const command = <B extends z.ZodTypeAny>(path: string, summary: string, body: B | null, run: (a: { actor: ReturnType<typeof requireActor>; id: string; body: z.infer<B> }) => Promise<DisputeView>, description?: string) =>
    app.post(
      `/api/v1/disputes/:id/${path}`,
      { schema: { tags, summary, description, params: IdParam(), ...(body ? { body } : {}), response: { 200: DisputeViewSchema, ...problemResponses } } },
      async (request) => run({ actor: requireActor(request), id: (request.params as { id: string }).id, body: request.body as z.infer<B> }),
    );

  command(
    'response',
    'The seller answers: accept the claim, offer another remedy, or contest it with a reason and evidence',
    SellerResponseSchema,
    ({ actor, id, body }) => disputes.respond(ctx, actor, id, body),
    'Within the policy’s business days; silence grants the claim. A second answer is a 409 `illegal_transition`.',
  );
  command('offer/accept', "The buyer accepts the seller's offer", null, ({ actor, id }) => disputes.acceptOffer(ctx, actor, id));
  command('withdraw', 'The buyer withdraws the claim (no action)', Reason, ({ actor, id, body }) => disputes.withdraw(ctx, actor, id, body));
  command('mediation', 'Ask a support agent to decide (the buyer after an offer or a contest; support)', Reason, ({ actor, id, body }) => disputes.requestMediation(ctx, actor, id, body));
  command(
    'decision',
    'A support agent decides the mediation with a written reason; either side may appeal once within the policy’s days',
    DecisionSchema,
    ({ actor, id, body }) => disputes.decide(ctx, actor, id, body),
  );
  command(
    'appeal',
    'The buyer or the seller appeals the mediation decision, once, within the window',
    z.object({ reason: z.string().trim().min(10).max(2000) }),
    ({ actor, id, body }) => disputes.appeal(ctx, actor, id, body),
    'A second appeal is a 409 `already_appealed`; after the window, 409 `illegal_transition`.',
  );
  command(
    'appeal/decision',
    'Another support agent decides the appeal (final); the agent who decided the mediation gets a 403 `appeal_needs_another_agent`',
    AppealDecisionSchema,
    ({ actor, id, body }) => disputes.decideAppeal(ctx, actor, id, body),
  );
  command(
    'evidence',
    'The buyer or the seller adds evidence (completed uploads) to an open dispute, with a short note',
    z.object({ evidence: z.array(EvidenceInputSchema).min(1).max(20), note: z.string().trim().max(2000).optional() }),
    ({ actor, id, body }) => disputes.addEvidence(ctx, actor, id, body),
  );
}
