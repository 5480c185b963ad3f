import type { Readable } from 'node:stream';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { CARRIER_CODES } from '../../domain/tracking/index.js';
import { requireActor } from '../../http/auth.js';
import { IdParam, Paging, ProblemSchema, problemResponses, type ZodApp } from '../../http/types.js';
import { badRequest } from '../../shared/errors.js';
import { MAX_ORDERS_PER_PARCEL } from './parcels.js';
import { MAX_WEIGHT_GRAMS, PARCEL_STATUSES } from './rules.js';
import * as logistics from './service.js';

// ---- schemas ------------------------------------------------------------------------------------------------

const tags = ['logistics'];
const Iso = z.string();
const Reason = z.string().trim().min(1).max(1000);
const Grams = z.number().int().min(1).max(MAX_WEIGHT_GRAMS);
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

const PhotoSchema = z.object({
  id: z.string(),
  receiptId: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string().nullable(),
  uploadedAt: Iso,
});

const ReceiptSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  orderStatus: z.string(),
  sellerId: z.string(),
  buyerId: z.string(),
  shipmentId: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  weightGrams: z.number().int(),
  notes: z.string().nullable(),
  receivedBy: z.string().nullable(),
  receivedAt: Iso,
  photos: z.array(PhotoSchema),
});

const QcPassSchema = z.object({
  orderId: z.string(),
  status: z.string(),
  qcDecidedAt: Iso.nullable(),
  passedItemIds: z.array(z.string()),
  items: z.array(z.object({ id: z.string(), lineNo: z.number().int(), name: z.string(), status: z.string() })),
});

const ParcelEventSchema = z.object({ id: z.string(), eventCode: z.string(), description: z.string(), location: z.string(), occurredAt: Iso, receivedAt: Iso });

const ParcelSchema = z.object({
  id: z.string(),
  status: z.enum(PARCEL_STATUSES),
  buyerId: z.string(),
  orders: z.array(z.object({ orderId: z.string(), sellerId: z.string(), status: z.string(), protectionEndsAt: Iso.nullable() })),
  carrier: z.string(),
  carrierName: z.string(),
  trackingNumber: z.string(),
  declaredWeightGrams: z.number().int(),
  declaredValue: z.object({ amount: z.number().int(), currency: z.string() }),
  insured: z.boolean(),
  createdBy: z.string().nullable(),
  createdAt: Iso,
  shippedAt: Iso.nullable(),
  deliveredAt: Iso.nullable(),
  cancelledAt: Iso.nullable(),
  lastEvent: z.object({ code: z.string(), at: Iso }).nullable(),
  events: z.array(ParcelEventSchema).optional(),
});

const ProtectionSchema = z.object({
  orderId: z.string(),
  orderStatus: z.string(),
  parcelId: z.string(),
  startedAt: Iso,
  initialDays: z.number().int(),
  extendedDays: z.number().int(),
  endsAt: Iso,
  daysLeft: z.number().int().describe('Whole days left, rounded up; 0 once the period has ended'),
  extensionRequested: z.boolean(),
  extensionRequest: z.object({ days: z.number().int(), reason: z.string().nullable(), requestedAt: Iso }).nullable(),
  extensionDeclined: z
    .object({ days: z.number().int(), reason: z.string(), declinedAt: Iso })
    .nullable()
    .describe("The seller's or staff's last refusal of a request, with its reason; cleared when the buyer asks again"),
  buyerConfirmedAt: Iso.nullable(),
  endedAt: Iso.nullable(),
  endOutcome: z.enum(['completed', 'delivered_and_completed', 'held_by_dispute', 'not_applicable']).nullable(),
  policyVersion: z.number().int(),
});

const TrackingSchema = z.object({
  orderId: z.string(),
  status: z.string(),
  parcel: z
    .object({ id: z.string(), status: z.string(), carrier: z.string(), carrierName: z.string(), trackingNumber: z.string(), insured: z.boolean() })
    .nullable(),
  protection: ProtectionSchema.nullable(),
  events: z.array(
    z.object({
      at: Iso,
      type: z.string().describe('paid, dispatched, carrier_scan, received_at_warehouse, qc_passed, parcel_shipped, parcel_scan, delivered, protection_extended, completed…'),
      actorRole: z.string().nullable(),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
});

const ParcelEventInput = z.object({
  eventCode: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]*$/, 'must be letters, digits, spaces, "_", "." or "-"')
    .describe('The carrier\'s event code; "delivered" delivers the parcel and its orders'),
  description: z.string().max(500).optional(),
  location: z.string().max(200).optional(),
  occurredAt: z.iso.datetime({ offset: true }),
});

const DaysAndReason = (max: number, what: string) => z.object({ days: z.number().int().min(1).max(max).describe(what), reason: Reason });

function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

// ---- routes -------------------------------------------------------------------------------------------------

export function logisticsRoutes(app: ZodApp, ctx: AppContext) {
  app.post(
    '/api/v1/warehouse/receipts',
    {
      schema: {
        tags,
        summary: "A QC inspector scans a seller's parcel in at the warehouse and records its weight",
        description:
          'Matched by the tracking number on the label (the seller\'s) or by order id. The order and its items move dispatched → received_at_warehouse. ' +
          'An unknown tracking number is a 404 `shipment_not_found`; a second receipt for the same order a 409 `already_received`.',
        body: z
          .object({
            trackingNumber: z.string().trim().min(1).max(100).optional(),
            orderId: z.string().min(1).max(64).optional(),
            weightGrams: Grams,
            notes: z.string().trim().max(2000).optional(),
          })
          .superRefine((b, c) => {
            if (!b.trackingNumber && !b.orderId) c.addIssue({ code: 'custom', path: ['trackingNumber'], message: 'give the trackingNumber or the orderId' });
          }),
        response: { 201: ReceiptSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await logistics.receiveAtWarehouse(ctx, requireActor(request), request.body)),
  );

  app.get(
    '/api/v1/warehouse/receipts/:id',
    { schema: { tags, summary: 'A warehouse receipt with its weight and photos', params: IdParam(), response: { 200: ReceiptSchema, ...problemResponses } } },
    async (request) => logistics.getReceipt(ctx, requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/warehouse/receipts/:id/photos/:photoId/file',
    {
      schema: {
        tags,
        summary: 'A receipt photo, inline, with the type sniffed at upload',
        params: z.object({ id: z.string().min(1).max(64), photoId: z.string().min(1).max(64) }),
        response: { ...problemResponses },
      },
    },
    async (request, reply) => {
      const file = await logistics.openReceiptPhoto(ctx, requireActor(request), request.params.id, request.params.photoId);
      return reply
        .type(file.mediaType)
        .header('content-length', file.sizeBytes)
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', contentDisposition(file.fileName))
        .header('cache-control', 'private, no-store')
        .header('etag', `"${file.sha256}"`)
        .send(file.stream as never);
    },
  );

  // Photo uploads take the raw body whatever its declared type: the content decides (sniffed), not the header.
  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    // A refused upload may not have been read: drain it so the client gets the answer, not a reset.
    scope.addHook('onSend', async (request) => {
      const body = request.body as Readable | undefined;
      if (body && typeof body.resume === 'function' && !body.readableEnded) body.resume();
    });
    scope.put(
      '/api/v1/warehouse/receipts/:id/photos',
      {
        schema: {
          tags,
          summary: 'Add a photo of the received parcel as the raw request body (JPEG, PNG or WebP, up to 15 MB)',
          params: IdParam(),
          querystring: z.object({ fileName: z.string().max(255).optional() }),
          response: { 201: PhotoSchema, 413: ProblemSchema, 415: ProblemSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const body = request.body as Readable | undefined;
        if (!body || typeof (body as Readable).pipe !== 'function') throw badRequest('empty_file', 'Send the photo as the request body.');
        const length = Number(request.headers['content-length']);
        const photo = await logistics.addReceiptPhoto(ctx, requireActor(request), {
          receiptId: request.params.id,
          fileName: request.query.fileName,
          body,
          contentLength: Number.isFinite(length) ? length : undefined,
        });
        return reply.status(201).send(photo);
      },
    );
  });

  app.post(
    '/api/v1/warehouse/orders/:orderId/qc-pass',
    {
      schema: {
        tags,
        summary: 'QC passes the items with no issue (all received items, or those named); the order passes once all have',
        params: IdParam('orderId'),
        body: z.object({ itemIds: z.array(z.string().min(1).max(64)).max(500).optional(), notes: z.string().trim().max(2000).optional() }),
        response: { 200: QcPassSchema, ...problemResponses },
      },
    },
    async (request) => logistics.passQc(ctx, requireActor(request), request.params.orderId, request.body ?? {}),
  );

  app.post(
    '/api/v1/parcels',
    {
      schema: {
        tags,
        summary: "Consolidate one buyer's QC-passed orders into an international parcel",
        description:
          'Another buyer\'s order is a 422 `different_buyers`; an order that has not passed QC a 409 `order_not_qc_passed`; an invalid tracking ' +
          'number a 422 `invalid_tracking_number` with the reason.',
        body: z.object({
          orderIds: z.array(z.string().min(1).max(64)).min(1).max(MAX_ORDERS_PER_PARCEL),
          declaredWeightGrams: Grams,
          declaredValue: z.object({
            amount: z.number().int('must be a whole number of minor units').min(0).max(Number.MAX_SAFE_INTEGER),
            currency: z.string().refine((c) => CURRENCIES.has(c), 'must be an ISO 4217 currency code, e.g. "USD"'),
          }),
          carrier: z.enum(CARRIER_CODES),
          trackingNumber: z.string().min(1).max(100),
          insured: z.boolean(),
        }),
        response: { 201: ParcelSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await logistics.createParcel(ctx, requireActor(request), request.body)),
  );

  app.get(
    '/api/v1/parcels',
    {
      schema: {
        tags,
        summary: "Parcels I may see: staff all, a buyer their own, a seller's members those holding their orders",
        querystring: Paging.extend({ status: z.enum(PARCEL_STATUSES).optional() }),
        response: { 200: z.object({ items: z.array(ParcelSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await logistics.listParcels(ctx, requireActor(request), request.query) }),
  );

  app.get(
    '/api/v1/parcels/:id',
    { schema: { tags, summary: 'A parcel with its orders and carrier events', params: IdParam(), response: { 200: ParcelSchema, ...problemResponses } } },
    async (request) => logistics.getParcel(ctx, requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/parcels/:id/ship',
    {
      schema: {
        tags,
        summary: "The parcel leaves the warehouse: its orders ship internationally and each order's protection period starts",
        params: IdParam(),
        response: { 200: ParcelSchema, ...problemResponses },
      },
    },
    async (request) => logistics.shipParcel(ctx, requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/parcels/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a parcel that has not shipped; its orders may go into another parcel',
        params: IdParam(),
        body: z.object({ reason: Reason }),
        response: { 200: ParcelSchema, ...problemResponses },
      },
    },
    async (request) => logistics.cancelParcel(ctx, requireActor(request), request.params.id, request.body.reason),
  );

  app.post(
    '/api/v1/parcels/:id/events',
    {
      schema: {
        tags,
        summary: "The international carrier's events for a parcel (integration): one event or an array",
        description: 'A re-sent event (same code and time) is stored once. A `delivered` event delivers the parcel and every order in it still in transit.',
        params: IdParam(),
        body: z.union([ParcelEventInput, z.array(ParcelEventInput).min(1).max(500)]),
        response: {
          200: z.object({ received: z.number().int(), stored: z.number().int(), duplicate: z.number().int(), delivered: z.boolean(), parcel: ParcelSchema }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const events = Array.isArray(request.body) ? request.body : [request.body];
      return logistics.recordParcelEvents(ctx, requireActor(request), request.params.id, events);
    },
  );

  app.post(
    '/api/v1/orders/:id/confirm-delivery',
    {
      schema: {
        tags,
        summary: 'The buyer confirms receiving the order (it completes when the protection period ends with no open dispute)',
        params: IdParam(),
        response: { 200: ProtectionSchema, ...problemResponses },
      },
    },
    async (request) => logistics.confirmDelivery(ctx, requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/orders/:id/protection',
    { schema: { tags, summary: "The order's protection period and countdown", params: IdParam(), response: { 200: ProtectionSchema, ...problemResponses } } },
    async (request) => logistics.getProtection(ctx, requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/orders/:id/protection/extension-request',
    {
      schema: {
        tags,
        summary: 'The buyer asks for more protection while nothing has arrived (at most the policy\'s protectionExtensionDays)',
        params: IdParam(),
        body: DaysAndReason(3650, 'More days asked for; the policy caps it (422 `extension_too_long`)'),
        response: { 200: ProtectionSchema, ...problemResponses },
      },
    },
    async (request) => logistics.requestProtectionExtension(ctx, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/orders/:id/protection/extend',
    {
      schema: {
        tags,
        summary: "The seller's members or support staff extend the protection period; its end is rescheduled",
        params: IdParam(),
        body: DaysAndReason(365, 'Days added to the current end'),
        response: { 200: ProtectionSchema, ...problemResponses },
      },
    },
    async (request) => logistics.extendProtection(ctx, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/orders/:id/protection/extension-request/decline',
    {
      schema: {
        tags,
        summary: "The seller's members or support staff decline the buyer's open extension request, with a reason the buyer sees",
        description: 'The period keeps its end. 409 `no_extension_request` when no request is waiting; the buyer may ask again while nothing has arrived.',
        params: IdParam(),
        body: z.object({ reason: Reason.describe('Shown to the buyer') }),
        response: { 200: ProtectionSchema, ...problemResponses },
      },
    },
    async (request) => logistics.declineProtectionExtension(ctx, requireActor(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/orders/:id/tracking',
    {
      schema: {
        tags,
        summary: 'Everything that happened to an order, in time order, with the protection countdown (buyer, seller members, staff)',
        params: IdParam(),
        response: { 200: TrackingSchema, ...problemResponses },
      },
    },
    async (request) => logistics.getOrderTracking(ctx, requireActor(request), request.params.id),
  );
}
