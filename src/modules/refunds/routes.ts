import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { IdParam, problemResponses, type ZodApp } from '../../http/types.js';
import type { AppContext } from '../../context.js';
import { RefundSchema } from '../orders/routes.js';
import * as refunds from './service.js';

const LedgerSchema = z.object({
  orderId: z.string(),
  currency: z.string(),
  capturedAmount: z.number().int(),
  refundedTotal: z.number().int().describe('Refunds that have not failed: pending + sent + settled'),
  remainingAmount: z.number().int(),
  refunds: z.array(RefundSchema),
});

export function refundsRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/api/v1/orders/:id/refunds',
    { schema: { tags: ['refunds'], summary: "An order's refund ledger", params: IdParam(), response: { 200: LedgerSchema, ...problemResponses } } },
    async (request) => refunds.getLedger(ctx, requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/orders/:id/refunds',
    {
      schema: {
        tags: ['refunds'],
        summary: 'Refund part or all of an order by hand (support agents, admins); send an Idempotency-Key',
        description: 'The amount is in minor units of the order currency. More than what remains refundable is a 422 `refund_exceeds_captured` with `remainingAmount`.',
        params: IdParam(),
        body: z.object({ amount: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER), reason: z.string().trim().min(1).max(500), caseId: z.string().max(64).optional() }),
        response: { 201: RefundSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await refunds.requestRefundByStaff(ctx, requireActor(request), request.params.id, request.body)),
  );

  app.get(
    '/api/v1/refunds/:id',
    { schema: { tags: ['refunds'], summary: 'One refund', params: IdParam(), response: { 200: RefundSchema, ...problemResponses } } },
    async (request) => refunds.getRefund(ctx, requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/refunds/:id/confirm',
    {
      schema: {
        tags: ['refunds'],
        summary: "The payment system reports a refund's progress (integration): sent, settled or failed",
        description: 'Repeating the status the refund already has is answered 200 without change. A failed refund frees its amount.',
        params: IdParam(),
        body: z.object({
          status: z.enum(['sent', 'settled', 'failed']),
          providerReference: z.string().trim().min(1).max(200).optional(),
          failureReason: z.string().trim().min(1).max(500).optional(),
        }),
        response: { 200: RefundSchema, ...problemResponses },
      },
    },
    async (request) => refunds.confirmRefund(ctx, requireActor(request), request.params.id, request.body),
  );
}
