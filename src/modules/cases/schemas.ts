import { z } from 'zod';
import { CASE_PARTIES, CASE_TYPES } from '../../domain/cases/types.js';
import { ITEM_LOCATIONS, QC_ISSUE_TYPES, QC_SEVERITIES, REFUSAL_REASONS } from '../../domain/cases/qc-failure.js';
import { REMEDY_TYPES, RemedySchema } from '../../domain/cases/remedies.js';
import { CARRIER_CODES } from '../../domain/tracking/index.js';
import { RefundSchema } from '../orders/routes.js';

/** Request and response schemas of the QC and case APIs (OpenAPI is generated from them). */

const Iso = z.string();
export const BilingualSchema = z.object({ en: z.string(), 'zh-CN': z.string() }).describe('The same text in English and Simplified Chinese');
export const RemedyViewSchema = z.object({ remedy: RemedySchema, text: BilingualSchema });
const Data = z.record(z.string(), z.unknown());

export const PostalAddressSchema = z.object({
  name: z.string().trim().min(1).max(120),
  phone: z.string().trim().min(3).max(40),
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 alpha-2 code'),
  province: z.string().trim().min(1).max(80),
  city: z.string().trim().min(1).max(80),
  district: z.string().trim().max(80).default(''),
  addressLine: z.string().trim().min(1).max(300),
  postalCode: z.string().trim().max(20).default(''),
});

const Address = z.object({ name: z.string(), phone: z.string(), country: z.string(), province: z.string(), city: z.string(), district: z.string(), addressLine: z.string(), postalCode: z.string() });

export const ReturnAddressSchema = Address.extend({ sellerId: z.string(), source: z.enum(['return_address', 'none']), updatedAt: Iso.nullable() });

// ---- QC ------------------------------------------------------------------------------------------------------

export const QcMediaSchema = z.object({
  id: z.string(),
  reportId: z.string().nullable(),
  orderItemId: z.string(),
  kind: z.enum(['photo', 'video']),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  fileName: z.string(),
  caption: z.string().nullable(),
  uploadedBy: z.string().nullable(),
  uploadedAt: Iso,
  url: z.string().describe('GET it; videos support HTTP Range requests'),
});

const MeasurementInput = z.object({
  name: z.string().trim().min(1).max(60),
  expected: z.string().trim().max(40).nullish(),
  actual: z.string().trim().min(1).max(40),
  unit: z.string().trim().max(12).nullish(),
});

export const QcReportInputSchema = z.object({
  orderItemId: z.string().min(1).max(64),
  result: z.enum(['pass', 'fail']),
  severity: z.enum(QC_SEVERITIES).optional().describe('Required when failing'),
  issues: z
    .array(z.object({ type: z.enum(QC_ISSUE_TYPES), description: z.string().trim().max(500).nullish() }))
    .max(20)
    .optional()
    .describe('At least one when failing'),
  measurements: z.array(MeasurementInput).max(30).optional(),
  notes: z.string().trim().max(2000).optional(),
  mediaIds: z.array(z.string().min(1).max(64)).max(40).optional().describe('Photos and videos uploaded for this item beforehand'),
});

export const QcReportSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  orderItemId: z.string(),
  sellerId: z.string(),
  buyerId: z.string(),
  subject: z.enum(['original', 'replacement']),
  caseId: z.string().nullable(),
  result: z.enum(['pass', 'fail']),
  severity: z.enum(QC_SEVERITIES).nullable(),
  issues: z.array(z.object({ type: z.enum(QC_ISSUE_TYPES), description: z.string().nullable(), label: BilingualSchema })),
  measurements: z.array(z.object({ name: z.string(), expected: z.string().nullish(), actual: z.string(), unit: z.string().nullish(), text: BilingualSchema })),
  notes: z.string().nullable(),
  summary: BilingualSchema,
  inspectorId: z.string().nullable(),
  createdAt: Iso,
  item: z.object({ name: z.string(), sku: z.string().nullable(), quantity: z.number().int(), unitPrice: z.number().int(), lineNo: z.number().int() }).nullable(),
  media: z.array(QcMediaSchema),
});

// ---- cases ---------------------------------------------------------------------------------------------------

export const DeadlineSchema = z.object({
  at: Iso,
  party: z.enum(CASE_PARTIES),
  onExpiry: z.string().describe('The event the scheduler fires when the deadline passes'),
  whatHappens: BilingualSchema.describe('What silence until the deadline does'),
  overdue: z.boolean(),
  hoursLeft: z.number().int(),
  businessDaysLeft: z.number().int().nullable().describe("Business days left on the seller's calendar (seller deadlines); negative when overdue"),
});

export const CaseSummarySchema = z.object({
  id: z.string(),
  type: z.enum(CASE_TYPES),
  status: z.string(),
  round: z.number().int(),
  orderId: z.string(),
  orderItemId: z.string().nullable(),
  itemName: z.string().nullable(),
  sellerId: z.string(),
  shopName: z.string(),
  buyerId: z.string(),
  claimAmount: z.number().int(),
  currency: z.string(),
  itemLocation: z.enum(ITEM_LOCATIONS),
  requestedRemedy: RemedyViewSchema.nullable(),
  agreedRemedy: RemedyViewSchema.nullable(),
  agreedVia: z.string().nullable(),
  deadline: DeadlineSchema.nullable(),
  waitingFor: z.enum(CASE_PARTIES).nullable(),
  escalatedAt: Iso.nullable(),
  openedAt: Iso,
  updatedAt: Iso,
  resolvedAt: Iso.nullable(),
  closedAt: Iso.nullable(),
});

export const QueueEntrySchema = CaseSummarySchema.extend({ queueReason: z.enum(['escalated', 'overdue', 'refund_failed']), dueAt: Iso });

export const AttachmentSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  messageId: z.string().nullable(),
  kind: z.enum(['photo', 'video', 'document']),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string().nullable(),
  uploadedAt: Iso,
  url: z.string(),
});

const ProposalSchema = z.object({
  id: z.string(),
  round: z.number().int(),
  kind: z.enum(['request', 'counter', 'refusal', 'decision']),
  party: z.enum(['buyer', 'seller', 'support', 'system']),
  authorId: z.string().nullable(),
  remedy: RemedySchema.nullable(),
  reasonCode: z.string().nullable(),
  reason: z.string().nullable(),
  status: z.enum(['open', 'accepted', 'rejected', 'superseded', 'final']),
  text: BilingualSchema,
  createdAt: Iso,
  answeredAt: Iso.nullable(),
});

export const CaseViewSchema = CaseSummarySchema.extend({
  reference: z.string().describe('The case reference printed as the return label’s barcode'),
  viewer: z.object({ side: z.enum(['buyer', 'seller', 'staff', 'integration']) }),
  order: z.object({ id: z.string(), externalId: z.string(), status: z.string(), currency: z.string(), capturedAmount: z.number().int(), refundedTotal: z.number().int(), remainingAmount: z.number().int() }),
  item: z.object({ id: z.string(), lineNo: z.number().int(), name: z.string(), sku: z.string().nullable(), quantity: z.number().int(), unitPrice: z.number().int(), lineTotal: z.number().int(), status: z.string() }).nullable(),
  seller: z.object({ id: z.string(), shopName: z.string(), country: z.string() }),
  escalation: z.object({ at: Iso, by: z.string().nullable(), reason: z.string().nullable() }).nullable(),
  decision: z.object({ at: Iso, by: z.string().nullable(), reason: z.string().nullable(), remedy: RemedyViewSchema.nullable() }).nullable(),
  qcReports: z.array(QcReportSchema),
  proposals: z.array(ProposalSchema),
  thread: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['message', 'proposal']),
      at: Iso,
      author: z.object({ id: z.string().nullable(), role: z.string(), name: z.string().nullable() }),
      body: z.string().nullable(),
      attachments: z.array(AttachmentSchema),
      proposal: ProposalSchema.nullable(),
    }),
  ),
  history: z.array(z.object({ id: z.string(), event: z.string(), from: z.string().nullable(), to: z.string(), actorId: z.string().nullable(), actorRole: z.string(), reason: z.string().nullable(), data: Data, at: Iso })),
  labels: z.array(z.object({ id: z.string(), round: z.number().int(), issuedAt: Iso, addressSource: z.string(), shipTo: Address, url: z.string() })),
  shipments: z.array(
    z.object({
      id: z.string(),
      round: z.number().int(),
      direction: z.enum(['return_to_seller', 'replacement_to_warehouse']),
      carrier: z.string(),
      trackingNumber: z.string(),
      shippedAt: Iso,
      deliveredAt: Iso.nullable(),
      receivedAt: Iso.nullable(),
      receivedVia: z.string().nullable(),
      lastEventCode: z.string().nullable(),
      lastEventAt: Iso.nullable(),
      events: z.array(z.object({ eventCode: z.string(), description: z.string(), location: z.string(), occurredAt: Iso })),
    }),
  ),
  refunds: z.array(RefundSchema),
  refundSummary: z.object({ due: z.number().int(), committed: z.number().int(), settled: z.number().int(), pending: z.number().int(), failed: z.number().int(), allSettled: z.boolean() }),
  responsiveness: z
    .array(
      z.object({
        round: z.number().int(),
        requestedAt: Iso,
        dueAt: Iso,
        businessDaysAllowed: z.number().int(),
        firstResponseAt: Iso.nullable(),
        response: z.enum(['accepted', 'countered', 'refused', 'silence']).nullable(),
        respondedAt: Iso.nullable(),
        respondedOnTime: z.boolean().nullable(),
      }),
    )
    .describe("The seller's response facts per round (seller and staff only)"),
  availableActions: z.array(z.object({ action: z.string(), method: z.enum(['POST', 'GET']), path: z.string(), remedies: z.array(z.enum(REMEDY_TYPES)).optional() })),
});

export const ChooseRemedySchema = z.object({ remedy: RemedySchema, note: z.string().trim().max(1000).optional() });

export const SellerResponseSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept'), note: z.string().trim().max(1000).optional() }),
  z.object({ action: z.literal('counter'), remedy: RemedySchema, note: z.string().trim().max(1000).optional() }),
  z.object({ action: z.literal('refuse'), reasonCode: z.enum(REFUSAL_REASONS), reason: z.string().trim().min(1).max(1000).optional() }),
]);

export const TrackingSchema = z.object({ carrier: z.enum(CARRIER_CODES), trackingNumber: z.string().min(1).max(100) });
