import type { Readable } from 'node:stream';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { IdParam, Paging, problemResponses, ProblemSchema, type ZodApp } from '../../http/types.js';
import type { AppContext } from '../../context.js';
import { APPLICATION_STATES, DOCUMENT_KINDS, DOCUMENT_STATES, SELLER_STATES, isCalendarDate } from '../../domain/sellers.js';
import { badRequest } from '../../shared/errors.js';
import * as documents from './documents.js';
import * as sellers from './service.js';

// ---- schemas ----------------------------------------------------------------------------------

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
/** ISO 3166-1 alpha-2, checked against the ICU region list (an unknown code has no name). */
const Country = z
  .string()
  .trim()
  .transform((c) => c.toUpperCase())
  .refine((c) => /^[A-Z]{2}$/.test(c) && regionNames.of(c) !== c, 'must be an ISO 3166-1 alpha-2 country code');

const Text = (max: number) => z.string().trim().min(1, 'is required').max(max);
const HttpUrl = z
  .string()
  .trim()
  .max(500)
  .refine((u) => {
    try {
      return ['http:', 'https:'].includes(new URL(u).protocol);
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

// null and '' mean "not given"; the stored storefront simply leaves the field out.
const Storefront = z
  .object({ platform: Text(60), url: HttpUrl.or(z.literal('')).nullable().optional(), name: z.string().trim().max(120).nullable().optional() })
  .strict()
  .transform(({ platform, url, name }) => ({ platform, ...(url ? { url } : {}), ...(name ? { name } : {}) }));

const detailsShape = {
  legalName: Text(200),
  shopName: Text(120),
  country: Country,
  region: Text(100),
  businessType: z.enum(['individual', 'company']),
  contactName: Text(120),
  contactEmail: z.email().max(254),
  contactPhone: z
    .string()
    .trim()
    .max(40)
    .regex(/^\+?[0-9 ()-]{5,39}$/, 'must be a phone number')
    .or(z.literal(''))
    .nullable()
    .optional(),
  storefronts: z.array(Storefront).max(20),
};
const SellerDetailsBody = z.object(detailsShape).strict();
const SellerPatchBody = z
  .object(detailsShape)
  .partial()
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'must change at least one field');

const Iso = z.string();
const SellerSchema = z.object({
  id: z.string(),
  legalName: z.string(),
  shopName: z.string(),
  country: z.string(),
  region: z.string(),
  businessType: z.enum(['individual', 'company']),
  contactName: z.string(),
  contactEmail: z.string(),
  contactPhone: z.string().nullable(),
  storefronts: z.array(z.object({ platform: z.string(), url: z.string().optional(), name: z.string().optional() })),
  status: z.enum(SELLER_STATES),
  verifiedAt: Iso.nullable(),
  createdAt: Iso,
  updatedAt: Iso,
});
const ApplicationSummary = z.object({
  id: z.string(),
  status: z.enum(APPLICATION_STATES),
  submittedAt: Iso.nullable(),
  waitingSince: Iso.nullable(),
  decidedAt: Iso.nullable(),
  decisionReason: z.string().nullable(),
});
const Decision = z.enum(['approve', 'reject', 'request_revision']);
const DocumentSchema = z.object({
  id: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  status: z.enum(DOCUMENT_STATES),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  expiresOn: z.string().nullable(),
  uploadedAt: Iso,
  reviewReason: z.string().nullable(),
  reviewedAt: Iso.nullable(),
  version: z.number().int(),
  fileUrl: z.string(),
  availableDecisions: z.array(Decision),
});
export const ApplicationViewSchema = z.object({
  seller: SellerSchema,
  application: ApplicationSummary,
  requiredKinds: z.array(z.enum(DOCUMENT_KINDS)),
  documents: z.array(DocumentSchema),
  availableActions: z.array(z.string()).describe('edit_details, upload_documents, submit, resubmit, start_review, approve, reject, reapply'),
  uploadableKinds: z.array(z.enum(DOCUMENT_KINDS)),
  notApprovedKinds: z.array(z.enum(DOCUMENT_KINDS)),
});
const ProfileSchema = z.object({
  seller: SellerSchema,
  maySell: z.boolean(),
  verification: ApplicationSummary.extend({
    requiredKinds: z.array(z.enum(DOCUMENT_KINDS)),
    documents: z.array(z.object({ id: z.string(), kind: z.enum(DOCUMENT_KINDS), status: z.enum(DOCUMENT_STATES), expiresOn: z.string().nullable(), version: z.number().int() })),
    nextExpiry: z.string().nullable(),
  }),
  members: z.array(z.object({ userId: z.string(), name: z.string(), email: z.string(), memberRole: z.enum(['owner', 'staff']), since: Iso })),
});
const TimelineSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      at: Iso,
      entityType: z.string(),
      entityId: z.string(),
      event: z.string(),
      from: z.string().nullable(),
      to: z.string(),
      actor: z.object({ id: z.string().nullable(), name: z.string().nullable(), role: z.string() }),
      reason: z.string().nullable(),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
const SellerListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      legalName: z.string(),
      shopName: z.string(),
      country: z.string(),
      region: z.string(),
      businessType: z.enum(['individual', 'company']),
      status: z.enum(SELLER_STATES),
      applicationStatus: z.enum(APPLICATION_STATES).nullable(),
      verifiedAt: Iso.nullable(),
      createdAt: Iso,
    }),
  ),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
const QueueSchema = z.object({
  items: z.array(
    z.object({
      applicationId: z.string(),
      sellerId: z.string(),
      legalName: z.string(),
      shopName: z.string(),
      country: z.string(),
      region: z.string(),
      businessType: z.enum(['individual', 'company']),
      sellerStatus: z.enum(SELLER_STATES),
      status: z.enum(APPLICATION_STATES),
      submittedAt: Iso.nullable(),
      waitingSince: Iso.nullable(),
      waitingSeconds: z.number().int(),
      documentCounts: z.object({ pending_review: z.number().int(), approved: z.number().int(), rejected: z.number().int(), revision_requested: z.number().int(), expired: z.number().int() }),
    }),
  ),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

const SellerParam = IdParam('sellerId');
const DocumentParam = IdParam('documentId');
const Reason = z.string().trim().max(2000);
const tags = ['sellers'];

/** ASCII fallback plus the RFC 5987 form, so Chinese file names survive the header. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function sellerRoutes(app: ZodApp, ctx: AppContext) {
  app.post(
    '/api/v1/sellers',
    {
      schema: {
        tags,
        summary: 'Register my seller organisation (status pending verification) with a draft application',
        body: SellerDetailsBody,
        response: { 201: ApplicationViewSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await sellers.createSeller(ctx, requireActor(request), request.body)),
  );

  app.get(
    '/api/v1/sellers',
    {
      schema: {
        tags,
        summary: "Search sellers (staff see all; others only their own organisations)",
        querystring: Paging.extend({ status: z.enum(SELLER_STATES).optional(), q: z.string().trim().max(100).optional() }),
        response: { 200: SellerListSchema, ...problemResponses },
      },
    },
    async (request) => sellers.listSellers(ctx, requireActor(request), request.query),
  );

  app.get(
    '/api/v1/sellers/:sellerId',
    { schema: { tags, summary: 'Seller profile: details, status, verification summary, members', params: SellerParam, response: { 200: ProfileSchema, ...problemResponses } } },
    async (request) => sellers.getSellerProfile(ctx, requireActor(request), request.params.sellerId),
  );

  app.patch(
    '/api/v1/sellers/:sellerId',
    {
      schema: {
        tags,
        summary: 'Edit the details while the application is a draft or sent back for revision',
        params: SellerParam,
        body: SellerPatchBody,
        response: { 200: ApplicationViewSchema, ...problemResponses },
      },
    },
    async (request) => sellers.updateSeller(ctx, requireActor(request), request.params.sellerId, request.body),
  );

  app.get(
    '/api/v1/sellers/:sellerId/application',
    { schema: { tags, summary: 'The verification application with its current documents and the actions open to me', params: SellerParam, response: { 200: ApplicationViewSchema, ...problemResponses } } },
    async (request) => sellers.getApplication(ctx, requireActor(request), request.params.sellerId),
  );

  app.get(
    '/api/v1/sellers/:sellerId/timeline',
    {
      schema: {
        tags,
        summary: 'History of the seller, its application and documents, newest first',
        params: SellerParam,
        querystring: Paging,
        response: { 200: TimelineSchema, ...problemResponses },
      },
    },
    async (request) => sellers.getTimeline(ctx, requireActor(request), request.params.sellerId, request.query),
  );

  app.post(
    '/api/v1/sellers/:sellerId/application/submit',
    { schema: { tags, summary: 'Submit (or resubmit after a revision) the application', params: SellerParam, response: { 200: ApplicationViewSchema, ...problemResponses } } },
    async (request) => sellers.submitApplication(ctx, requireActor(request), request.params.sellerId),
  );

  app.post(
    '/api/v1/sellers/:sellerId/application/start-review',
    { schema: { tags, summary: 'Take a submitted application into review', params: SellerParam, response: { 200: ApplicationViewSchema, ...problemResponses } } },
    async (request) => sellers.startReview(ctx, requireActor(request), request.params.sellerId),
  );

  app.post(
    '/api/v1/sellers/:sellerId/application/approve',
    {
      schema: {
        tags,
        summary: 'Verify the seller; every required document must be approved',
        params: SellerParam,
        body: z.object({ reason: Reason.optional() }).strict().optional(),
        response: { 200: ApplicationViewSchema, ...problemResponses },
      },
    },
    async (request) => sellers.approveApplication(ctx, requireActor(request), request.params.sellerId, request.body?.reason),
  );

  app.post(
    '/api/v1/sellers/:sellerId/application/reject',
    {
      schema: {
        tags,
        summary: 'Reject the application with a reason the seller sees',
        params: SellerParam,
        body: z.object({ reason: Reason.min(1, 'is required') }).strict(),
        response: { 200: ApplicationViewSchema, ...problemResponses },
      },
    },
    async (request) => sellers.rejectApplication(ctx, requireActor(request), request.params.sellerId, request.body.reason),
  );

  app.get(
    '/api/v1/review-queue',
    {
      schema: {
        tags,
        summary: 'Applications waiting for compliance, the longest-waiting first',
        querystring: Paging.extend({ status: z.enum(['submitted', 'under_review']).optional() }),
        response: { 200: QueueSchema, ...problemResponses },
      },
    },
    async (request) => sellers.reviewQueue(ctx, requireActor(request), request.query),
  );

  app.post(
    '/api/v1/documents/:documentId/decision',
    {
      schema: {
        tags,
        summary: 'Approve, reject or ask for a revision of a document (a reason is required for the last two)',
        params: DocumentParam,
        body: z
          .object({ decision: Decision, reason: Reason.optional() })
          .strict()
          .superRefine((b, c) => {
            if (b.decision !== 'approve' && !b.reason) c.addIssue({ code: 'custom', path: ['reason'], message: `is required to ${b.decision.replace(/_/g, ' ')}` });
          }),
        response: { 200: DocumentSchema.extend({ applicationStatus: z.enum(APPLICATION_STATES) }), ...problemResponses },
      },
    },
    async (request) => documents.decideDocument(ctx, requireActor(request), request.params.documentId, request.body.decision, request.body.reason || null),
  );

  app.get(
    '/api/v1/documents/:documentId/file',
    { schema: { tags, summary: "The document's file, inline, with the type sniffed at upload", params: DocumentParam, response: { ...problemResponses } } },
    async (request, reply) => {
      const file = await documents.openDocumentFile(ctx, requireActor(request), request.params.documentId);
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

  // Uploads take the raw body whatever its declared type: the content decides (sniffed), not the header.
  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    // A refused upload may not have been read to its end. Close the connection after the answer so the
    // client cannot reuse a socket that still carries the rest of the body, and discard what arrives meanwhile.
    scope.addHook('onSend', async (request, reply) => {
      const body = request.body as Readable | undefined;
      if (body && typeof body.resume === 'function' && !body.readableEnded) {
        reply.header('connection', 'close');
        body.resume();
      }
    });
    scope.put(
      '/api/v1/sellers/:sellerId/documents/:kind',
      {
        schema: {
          tags,
          summary: 'Upload or replace one document as the raw request body (PDF, JPEG, PNG or WebP, up to 15 MB)',
          params: z.object({ sellerId: z.string().min(1).max(64), kind: z.enum(DOCUMENT_KINDS) }),
          querystring: z.object({
            fileName: z.string().max(255).optional(),
            expiresOn: z.string().refine(isCalendarDate, 'must be a date YYYY-MM-DD').optional(),
          }),
          response: { 201: DocumentSchema, 413: ProblemSchema, 415: ProblemSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const body = request.body as Readable | undefined;
        if (!body || typeof (body as Readable).pipe !== 'function') throw badRequest('empty_file', 'Send the file as the request body.');
        const length = Number(request.headers['content-length']);
        const doc = await documents.uploadDocument(ctx, requireActor(request), {
          sellerId: request.params.sellerId,
          kind: request.params.kind,
          fileName: request.query.fileName,
          expiresOn: request.query.expiresOn,
          body,
          contentLength: Number.isFinite(length) ? length : undefined,
        });
        return reply.status(201).send(doc);
      },
    );
  });
}
