import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { IdParam, Paging, problemResponses, type ZodApp } from '../../http/types.js';
import type { AppContext } from '../../context.js';
import { DIMENSIONS, METRIC_KEYS } from '../../domain/evaluation/metrics.js';
import { isValidDay } from '../../domain/calendar/zoned-time.js';
import * as evaluation from './service.js';

const Tier = z.enum(['trusted', 'good', 'fair', 'at_risk']);
const MetricKeySchema = z.enum(METRIC_KEYS as [string, ...string[]]);
const Day = z.string().refine(isValidDay, 'must be a calendar day YYYY-MM-DD');

const MetricSchema = z.object({
  key: MetricKeySchema,
  label: z.string(),
  dimension: z.enum(DIMENSIONS),
  kind: z.string(),
  direction: z.string(),
  active: z.boolean().describe('Counted on the platform and weighted: takes part in the score'),
  definition: z.object({ numerator: z.string(), denominator: z.string(), windowBasis: z.string(), note: z.string().optional().describe('How the number is smoothed, or why it is not') }),
  window: z.object({ from: z.string(), to: z.string(), days: z.number().int() }),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  value: z.number().nullable().describe('Raw value: a rate, a mean of stars, a median in hours, a count'),
  smoothed: z.number().nullable().describe('Shrunk toward the platform average (Beta prior); a median or a count as it is'),
  interval: z.object({ low: z.number(), high: z.number(), level: z.number() }).nullable(),
  prior: z.object({ platformAverage: z.number(), strength: z.number() }).nullable(),
  target: z.number(),
  limit: z.number(),
  meetsTarget: z.boolean().nullable(),
  score: z.number().nullable().describe('0–100 against the target'),
  weight: z.number().describe('Share of the trust score'),
  contribution: z.number().describe('Trust-score points contributed'),
  potentialGain: z.number().describe('Trust-score points gained by reaching the target'),
});

const ScorecardSchema = z.object({
  sellerId: z.string(),
  externalId: z.string().nullable(),
  shopName: z.string(),
  sellerStatus: z.string(),
  asOf: z.string(),
  policyVersion: z.number().int(),
  source: z.string(),
  computedAt: z.string(),
  stale: z.boolean(),
  score: z.number().int().min(0).max(1000),
  tier: Tier,
  tierLabel: z.string(),
  scoreTier: Tier,
  tierReasons: z.array(z.string()),
  previousTier: Tier.nullable(),
  tierSince: z.string(),
  verification: z.string(),
  penalty: z.object({ points: z.number(), deduction: z.number() }),
  dimensions: z.array(z.object({ key: z.enum(DIMENSIONS), label: z.string(), score: z.number().nullable(), weight: z.number(), contribution: z.number() })),
  metrics: z.array(MetricSchema),
  improve: z.array(z.object({ key: MetricKeySchema, label: z.string(), smoothed: z.number().nullable(), target: z.number(), potentialGain: z.number() })),
});

const HistorySchema = z.object({
  sellerId: z.string(),
  from: z.string(),
  points: z.array(
    z.object({
      asOf: z.string(),
      score: z.number().int(),
      tier: Tier,
      policyVersion: z.number().int(),
      dimensions: z.record(z.string(), z.number().nullable()),
      metrics: z.record(z.string(), z.number().nullable()),
    }),
  ),
  current: z.object({ asOf: z.string(), score: z.number().int(), tier: Tier, computedAt: z.string() }).nullable(),
});

const DistributionSchema = z.object({
  asOf: z.string(),
  sellers: z.number().int(),
  averageScore: z.number().nullable(),
  buckets: z.array(z.object({ from: z.number().int(), to: z.number().int(), count: z.number().int() })),
  tiers: z.record(z.string(), z.number().int()),
  scoreTrend: z.array(z.object({ asOf: z.string(), sellers: z.number().int(), averageScore: z.number(), atRisk: z.number().int(), trusted: z.number().int() })),
  metricTrends: z.array(
    z.object({ key: MetricKeySchema, points: z.array(z.object({ asOf: z.string(), platformAverage: z.number(), sellers: z.number(), units: z.number() })) }),
  ),
});

const AtRiskSchema = z.object({
  days: z.number().int(),
  total: z.number().int(),
  sellers: z.array(
    z.object({
      sellerId: z.string(),
      externalId: z.string().nullable(),
      shopName: z.string(),
      status: z.string(),
      score: z.number().int(),
      previousTier: Tier.nullable(),
      tierSince: z.string(),
      newlyAtRisk: z.boolean(),
      reasons: z.array(z.string()),
      asOf: z.string(),
      improve: z.array(z.object({ key: MetricKeySchema, smoothed: z.number().nullable(), target: z.number(), potentialGain: z.number() })),
    }),
  ),
});

const RunSchema = z.object({
  id: z.string(),
  kind: z.enum(['full', 'daily']),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  asOf: z.string(),
  options: z.record(z.string(), z.unknown()),
  phase: z.string().nullable(),
  done: z.number().int(),
  total: z.number().int(),
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().nullable(),
  requestedBy: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export function evaluationRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/api/v1/sellers/:id/scorecard',
    {
      schema: {
        tags: ['evaluation'],
        summary: "A seller's scorecard: score, tier, dimensions, every metric explained, and what to improve",
        description: "The seller's members and staff only (others get 404). Labels follow the reader's language.",
        params: IdParam(),
        response: { 200: ScorecardSchema, ...problemResponses },
      },
    },
    async (request) => evaluation.getScorecard(ctx, requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/sellers/:id/scorecard/history',
    {
      schema: {
        tags: ['evaluation'],
        summary: "Daily snapshots of a seller's scorecard, for the trend chart",
        params: IdParam(),
        querystring: z.object({ days: z.coerce.number().int().min(1).max(730).default(90) }),
        response: { 200: HistorySchema, ...problemResponses },
      },
    },
    async (request) => evaluation.scorecardHistory(ctx, requireActor(request), request.params.id, request.query.days),
  );

  app.get(
    '/api/v1/evaluation/distribution',
    {
      schema: {
        tags: ['evaluation'],
        summary: 'Staff dashboard: score distribution, tiers, and the daily trend of scores and of each metric’s platform average',
        querystring: z.object({ days: z.coerce.number().int().min(1).max(730).default(90) }),
        response: { 200: DistributionSchema, ...problemResponses },
      },
    },
    async (request) => evaluation.distribution(ctx, requireActor(request), request.query.days),
  );

  app.get(
    '/api/v1/evaluation/at-risk',
    {
      schema: {
        tags: ['evaluation'],
        summary: 'Staff dashboard: sellers at risk, newly at risk first, with the metrics that pull them down',
        querystring: Paging.extend({
          days: z.coerce.number().int().min(1).max(365).optional(),
          newly: z.enum(['true', 'false']).default('false'),
        }),
        response: { 200: AtRiskSchema, ...problemResponses },
      },
    },
    async (request) =>
      evaluation.atRisk(ctx, requireActor(request), {
        days: request.query.days,
        newlyOnly: request.query.newly === 'true',
        limit: request.query.limit,
        offset: request.query.offset,
      }),
  );

  app.post(
    '/api/v1/admin/evaluation/recompute',
    {
      schema: {
        tags: ['evaluation'],
        summary: 'Recompute every scorecard as a background run (admin); poll the run for its progress',
        description:
          'For today: fresh priors and current scorecards. For a past day: that day’s snapshots (history backfill). ' +
          'refreshPriors (default true) re-estimates the platform averages the rates are shrunk toward.',
        body: z.object({ asOf: Day.optional(), refreshPriors: z.boolean().optional(), snapshot: z.boolean().optional() }).strict(),
        response: { 202: RunSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const run = await evaluation.requestRecompute(ctx, requireActor(request), request.body);
      return reply.status(202).send(run);
    },
  );

  app.get(
    '/api/v1/admin/evaluation/runs',
    {
      schema: { tags: ['evaluation'], summary: 'Recent recompute runs (admin)', response: { 200: z.object({ runs: z.array(RunSchema) }), ...problemResponses } },
    },
    async (request) => ({ runs: await evaluation.listRuns(ctx, requireActor(request)) }),
  );

  app.get(
    '/api/v1/admin/evaluation/runs/:id',
    {
      schema: { tags: ['evaluation'], summary: 'A recompute run and its progress (admin)', params: IdParam(), response: { 200: RunSchema, ...problemResponses } },
    },
    async (request) => evaluation.getRun(ctx, requireActor(request), request.params.id),
  );
}
