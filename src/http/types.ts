import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext, TaskHandler } from '../context.js';
import type { PeriodicJob } from '../jobs/scheduler.js';

export type ZodApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** One area of the product: its HTTP routes, the stored tasks it handles, and its periodic jobs. */
export interface Module {
  name: string;
  routes?: (app: ZodApp, ctx: AppContext) => void;
  taskHandlers?: Record<string, TaskHandler>;
  periodic?: PeriodicJob[];
  /** Runs once at start, after migrations (e.g. to create defaults). */
  onBoot?: (ctx: AppContext) => Promise<void>;
}

/** Problem responses, documented once for OpenAPI. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .passthrough()
  .describe('RFC 9457 problem details');

export const problemResponses = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
} as const;

export const IdParam = (name = 'id') => z.object({ [name]: z.string().min(1).max(64) });
export const Paging = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
