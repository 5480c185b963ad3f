import type { Readable } from 'node:stream';
import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { IdParam, Paging, problemResponses, type ZodApp } from '../../http/types.js';
import type { AppContext } from '../../context.js';
import { ORDER_ITEM_STATUSES, ORDER_STATUSES, SIGNAL_TYPES } from '../../domain/orders.js';
import { REFUND_STATUSES } from '../../domain/refunds.js';
import { CARRIER_CODES } from '../../domain/tracking/index.js';
import { AppError, badRequest } from '../../shared/errors.js';
import { arrayRows, ingestBatch, ingestChunk, ndjsonRows } from './ingest.js';
import { OrderInputSchema } from './input.js';
import { MAX_SCANS_PER_REQUEST, ingestScans } from './scans.js';
import * as orders from './service.js';
import { getOrderDetail, listOrders } from './views.js';

const NDJSON = 'application/x-ndjson';
/** A JSON-array batch is parsed whole; NDJSON streams and has no overall limit. */
const BATCH_JSON_LIMIT = 64 * 1024 * 1024;

const Iso = z.string();
const Reason = z.string().trim().min(1).max(1000);

export const RefundSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  reason: z.string(),
  caseId: z.string().nullable(),
  status: z.enum(REFUND_STATUSES),
  paymentReference: z.string(),
  providerReference: z.string().nullable(),
  failureReason: z.string().nullable(),
  requestedBy: z.string().nullable(),
  requestedAt: Iso,
  sentAt: Iso.nullable(),
  settledAt: Iso.nullable(),
  failedAt: Iso.nullable(),
});

const OrderSummarySchema = z.object({
  id: z.string(),
  source: z.string(),
  externalId: z.string(),
  status: z.enum(ORDER_STATUSES),
  sellerId: z.string(),
  buyerId: z.string(),
  currency: z.string(),
  itemsTotal: z.number().int(),
  shippingMethod: z.object({ carrier: z.string(), service: z.string() }),
  paidAt: Iso,
  processingDays: z.number().int(),
  dispatchDeadline: Iso,
  businessDaysLeft: z.number().int().nullable().describe("Business days to the dispatch deadline on the seller's calendar; negative when overdue"),
  overdue: z.boolean(),
  dispatchedAt: Iso.nullable(),
  dispatchedLate: z.boolean().nullable(),
  trackingValidAt: Iso.nullable(),
  cancellation: z
    .object({
      requestedAt: Iso,
      reason: z.string().nullable(),
      outcome: z.enum(['accepted', 'refused', 'silence']).nullable(),
      answeredAt: Iso.nullable(),
      refusalReason: z.string().nullable(),
    })
    .nullable(),
  cancelledAt: Iso.nullable(),
  receivedAtWarehouseAt: Iso.nullable(),
  shippedInternationalAt: Iso.nullable(),
  deliveredAt: Iso.nullable(),
  completedAt: Iso.nullable(),
  refundedAt: Iso.nullable(),
  createdAt: Iso,
  updatedAt: Iso,
});

const OrderDetailSchema = OrderSummarySchema.extend({
  items: z.array(
    z.object({
      id: z.string(),
      lineNo: z.number().int(),
      productId: z.string(),
      name: z.string(),
      sku: z.string().nullable(),
      quantity: z.number().int(),
      unitPrice: z.number().int(),
      status: z.enum(ORDER_ITEM_STATUSES),
    }),
  ),
  payment: z.object({
    capturedAmount: z.number().int(),
    currency: z.string(),
    method: z.string(),
    reference: z.string(),
    capturedAt: Iso,
    refundedTotal: z.number().int(),
    remainingAmount: z.number().int(),
  }),
  refunds: z.array(RefundSchema),
  shipments: z.array(
    z.object({
      id: z.string(),
      carrier: z.string(),
      service: z.string().nullable(),
      trackingNumber: z.string(),
      dispatchedAt: Iso,
      dispatchDeadline: Iso,
      late: z.boolean(),
      validTrackingAt: Iso.nullable(),
      lastScanAt: Iso.nullable(),
      lastEventCode: z.string().nullable(),
    }),
  ),
  scans: z.array(
    z.object({
      id: z.string(),
      carrier: z.string(),
      trackingNumber: z.string(),
      eventCode: z.string(),
      description: z.string(),
      location: z.string(),
      occurredAt: Iso,
      receivedAt: Iso,
    }),
  ),
  signals: z
    .array(z.object({ id: z.string(), type: z.enum(SIGNAL_TYPES), shipmentId: z.string().nullable(), evidence: z.record(z.string(), z.unknown()), createdAt: Iso }))
    .optional()
    .describe('Staff only'),
  timeline: z.array(
    z.object({
      id: z.string(),
      entityType: z.string(),
      entityId: z.string(),
      event: z.string(),
      from: z.string().nullable(),
      to: z.string(),
      actorRole: z.string(),
      reason: z.string().nullable(),
      data: z.record(z.string(), z.unknown()),
      at: Iso,
    }),
  ),
});

const RowResultSchema = z.object({
  index: z.number().int(),
  line: z.number().int().optional(),
  externalId: z.string().nullable(),
  status: z.enum(['created', 'unchanged', 'error']),
  orderId: z.string().optional(),
  httpStatus: z.number().int().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
  field: z.string().optional(),
  fields: z.array(z.string()).optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

export function ordersRoutes(app: ZodApp, ctx: AppContext) {
  // NDJSON batches reach the handler as the raw stream, read line by line as they arrive.
  if (!app.hasContentTypeParser(NDJSON)) app.addContentTypeParser(NDJSON, (_request, payload, done) => done(null, payload));

  app.post(
    '/api/v1/orders',
    {
      schema: {
        tags: ['orders'],
        summary: 'Send one order from the platform (integration or admin)',
        description:
          'Idempotent on (source, externalId): the same content again answers 200 with the stored order; different content is a 409 ' +
          '`order_conflict` naming the differing fields. Orders for a seller that is not active are refused (422 `seller_not_active`).',
        body: OrderInputSchema,
        response: { 200: OrderDetailSchema, 201: OrderDetailSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const [result] = await ingestChunk(ctx, actor, [{ index: 0, value: request.body }]);
      if (result.status === 'error') {
        const { httpStatus, code, message, index: _i, line: _l, status: _s, externalId: _e, ...extra } = result;
        throw new AppError(httpStatus, code, message, extra);
      }
      const detail = await getOrderDetail(ctx, actor, result.orderId);
      return reply.status(result.status === 'created' ? 201 : 200).send(detail);
    },
  );

  app.post(
    '/api/v1/orders/batch',
    {
      bodyLimit: BATCH_JSON_LIMIT,
      schema: {
        tags: ['orders'],
        summary: 'Send many orders: a JSON array, or NDJSON (application/x-ndjson, one order per line) streamed',
        description:
          'Each row is handled on its own and gets a result: `created`, `unchanged` (same content as stored) or `error` with a code ' +
          'and the field. One bad row never stops the batch. Rows are stored in chunks of 500, one transaction each.',
        response: { 200: z.object({ counts: z.object({ created: z.number(), unchanged: z.number(), error: z.number() }), results: z.array(RowResultSchema) }), ...problemResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const body = request.body as unknown;
      if (Array.isArray(body)) return ingestBatch(ctx, actor, arrayRows(body));
      if (body && typeof (body as Readable).pipe === 'function') return ingestBatch(ctx, actor, ndjsonRows(body as Readable));
      throw badRequest('validation_failed', 'Send a JSON array of orders, or NDJSON (Content-Type: application/x-ndjson).', { errors: [{ field: 'body', message: 'must be an array' }] });
    },
  );

  app.get(
    '/api/v1/orders',
    {
      schema: {
        tags: ['orders'],
        summary: "Orders I may see: a buyer's own, a seller's, or all for staff and integrations",
        querystring: Paging.extend({
          status: z.enum(ORDER_STATUSES).optional(),
          sellerId: z.string().max(64).optional(),
          buyerId: z.string().max(64).optional(),
          externalId: z.string().max(100).optional(),
          source: z.string().max(40).optional(),
          needsDispatch: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional()
            .describe('Only orders still to dispatch, soonest deadline first'),
        }),
        response: { 200: z.object({ items: z.array(OrderSummarySchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await listOrders(ctx, requireActor(request), request.query) }),
  );

  app.get(
    '/api/v1/orders/:id',
    { schema: { tags: ['orders'], summary: 'An order with its items, payment, refunds, shipments, scans and timeline', params: IdParam(), response: { 200: OrderDetailSchema, ...problemResponses } } },
    async (request) => getOrderDetail(ctx, requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/orders/:id/dispatch',
    {
      schema: {
        tags: ['orders'],
        summary: "The seller dispatches: carrier and tracking number (validated), recorded against the deadline",
        params: IdParam(),
        body: z.object({ carrier: z.enum(CARRIER_CODES), trackingNumber: z.string().min(1).max(100), service: z.string().trim().max(80).optional() }),
        response: { 200: OrderDetailSchema, ...problemResponses },
      },
    },
    async (request) => orders.dispatchOrder(ctx, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/orders/:id/cancellation-request',
    {
      schema: {
        tags: ['orders'],
        summary: 'The buyer asks to cancel before dispatch; the seller answers before the dispatch deadline',
        params: IdParam(),
        body: z.object({ reason: Reason }),
        response: { 200: OrderDetailSchema, ...problemResponses },
      },
    },
    async (request) => orders.requestCancellation(ctx, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/orders/:id/cancellation/accept',
    {
      schema: {
        tags: ['orders'],
        summary: 'The seller agrees to cancel: the order is cancelled and refunded in full',
        params: IdParam(),
        response: { 200: OrderDetailSchema, ...problemResponses },
      },
    },
    async (request) => orders.acceptCancellation(ctx, requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/orders/:id/cancellation/refuse',
    {
      schema: {
        tags: ['orders'],
        summary: 'The seller refuses to cancel (with a reason) and must dispatch by the deadline',
        params: IdParam(),
        body: z.object({ reason: Reason }),
        response: { 200: OrderDetailSchema, ...problemResponses },
      },
    },
    async (request) => orders.refuseCancellation(ctx, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/carrier-scans',
    {
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags: ['orders'],
        summary: 'Carrier events (integration or admin): a JSON array of {carrier, trackingNumber, eventCode, description, location, occurredAt}',
        description:
          "Scans are matched to sellers' shipments by tracking number; the first scan makes the tracking valid. A scan whose carrier and tracking number are a shipped international parcel's becomes the parcel's event, and a `delivered` one delivers the parcel and its orders still in transit. A re-sent scan is counted as a duplicate. Invalid rows are reported and skipped.",
        body: z.array(z.unknown()).min(1).max(MAX_SCANS_PER_REQUEST),
        response: {
          200: z.object({
            counts: z.object({
              received: z.number(),
              stored: z.number(),
              duplicate: z.number(),
              matched: z.number().describe("new scans matched to a seller's shipment"),
              unmatched: z.number(),
              parcelEvents: z.number().describe("new events of international parcels"),
              error: z.number(),
            }),
            trackingValidated: z.array(z.object({ orderId: z.string(), shipmentId: z.string(), validTrackingAt: Iso })),
            parcelsDelivered: z.array(z.object({ parcelId: z.string(), orderIds: z.array(z.string()) })).describe('Parcels a carrier\'s delivered scan delivered'),
            errors: z.array(z.object({ index: z.number(), code: z.string(), field: z.string(), message: z.string() })),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => ingestScans(ctx, requireActor(request), request.body),
  );
}
