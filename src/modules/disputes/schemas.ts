import { z } from 'zod';
import { ALL_DISPUTE_DETAILS, BUYER_EVIDENCE_KINDS, CONTEST_REASONS, DISPUTE_OUTCOMES, DISPUTE_STATUSES, DISPUTE_TYPES, EVIDENCE_KINDS } from '../../domain/cases/dispute.js';
import { MatrixRemedySchema } from '../../domain/cases/dispute-policy.js';
import { RemedySchema } from '../../domain/cases/remedies.js';
import { BilingualSchema, CaseViewSchema, RemedyViewSchema } from '../cases/schemas.js';

/** Request and response schemas of the dispute API (OpenAPI is generated from them). */

const Iso = z.string();
const Tier = z.union([z.literal(1), z.literal(2), z.literal(3)]);
const Note = z.string().trim().max(2000);

export const EvidenceInputSchema = z.object({
  uploadId: z.string().min(1).max(64).describe('A completed upload of yours (POST /api/v1/uploads …/complete, or /api/v1/uploads/direct)'),
  kind: z.enum(EVIDENCE_KINDS),
  caption: z.string().trim().max(300).optional(),
});

const ItemsInput = z
  .array(z.object({ itemId: z.string().min(1).max(64), quantity: z.number().int().min(1).max(100_000) }))
  .max(100)
  .describe('The affected units; empty for the whole order (not received, empty parcel)');

export const ClaimRemedySchema = RemedySchema.describe('What the buyer asks for: full_refund, partial_refund {amount}, replacement or reshipment');

export const OpenDisputeSchema = z.object({
  orderId: z.string().min(1).max(64),
  issueType: z.enum(DISPUTE_TYPES),
  detail: z.enum(ALL_DISPUTE_DETAILS as [string, ...string[]]).describe('What exactly happened; each issue type has its own details (GET /api/v1/disputes/guide)'),
  items: ItemsInput.optional(),
  evidence: z.array(EvidenceInputSchema).max(20).optional(),
  scaleReadingGrams: z.number().int().min(1).max(1_000_000).optional().describe('The unopened parcel on a scale, in grams'),
  remedy: ClaimRemedySchema,
  note: Note.optional().describe('Free text, quoted to the seller as written; keep it short (POST /api/v1/disputes/clarity-check)'),
});

export const ClarityCheckSchema = z.object({
  note: z.string().max(4000),
  orderId: z.string().min(1).max(64).optional(),
  issueType: z.enum(DISPUTE_TYPES).optional(),
  detail: z.enum(ALL_DISPUTE_DETAILS as [string, ...string[]]).optional(),
  items: ItemsInput.optional(),
  remedy: RemedySchema.optional(),
  evidenceKinds: z.array(z.enum(BUYER_EVIDENCE_KINDS)).max(20).optional(),
  scaleReadingGrams: z.number().int().min(1).max(1_000_000).optional(),
});

const FindingSchema = z.object({
  code: z.enum(['long_sentence', 'long_text', 'slang', 'all_caps', 'exclamation', 'repeated_punctuation', 'insult', 'emotional', 'emoji']),
  severity: z.enum(['info', 'warning', 'problem']),
  excerpt: z.string(),
  message: BilingualSchema,
});

export const ClarityResultSchema = z.object({
  ok: z.boolean().describe('No warning and no problem'),
  findings: z.array(FindingSchema),
  stats: z.object({ words: z.number().int(), sentences: z.number().int(), longestSentenceWords: z.number().int() }),
  concise: BilingualSchema.nullable().describe('The claim built from its fields, when they were given'),
});

export const SellerResponseSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept'), note: Note.optional() }),
  z.object({ action: z.literal('offer'), remedy: RemedySchema, note: Note.optional() }),
  z.object({ action: z.literal('contest'), reasonCode: z.enum(CONTEST_REASONS), reason: Note.optional(), evidence: z.array(EvidenceInputSchema).max(20).optional() }),
]);

export const DecisionSchema = z.object({
  remedy: RemedySchema,
  reason: z.string().trim().min(10).max(2000),
  tier: Tier.optional().describe("The agent's own tier, when it differs from the matrix's"),
});

export const AppealDecisionSchema = z.object({ remedy: RemedySchema, reason: z.string().trim().min(10).max(2000) });

const WeightSchema = z.object({
  labelGrams: z.number().int().nullable(),
  warehouseGrams: z.number().int().nullable(),
  scaleGrams: z.number().int().nullable(),
  reference: z.enum(['label', 'warehouse']).nullable(),
  referenceGrams: z.number().int().nullable(),
  differenceGrams: z.number().int().nullable(),
  toleranceGrams: z.number().int().nullable(),
  verdict: z.enum(['shortfall', 'within_tolerance', 'heavier', 'no_scale_reading', 'no_reference']),
  supportsMissingItem: z.boolean(),
  shortfallPercent: z.number().nullable(),
  text: BilingualSchema,
});

const FlagsSchema = z.object({ needsVideo: z.boolean(), disproportionate: z.boolean(), duplicateEvidence: z.boolean(), weightShortfall: z.boolean(), poorRecordAtOpening: z.boolean() });

const EvidenceSchema = z.object({
  id: z.string(),
  side: z.enum(['buyer', 'seller']),
  kind: z.enum(EVIDENCE_KINDS),
  label: BilingualSchema,
  mediaType: z.string(),
  fileKind: z.enum(['photo', 'video', 'document']),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  fileName: z.string(),
  caption: z.string().nullable(),
  addedAt: Iso,
  url: z.string().describe('GET it; videos support HTTP Range requests'),
  duplicate: z.object({ scope: z.enum(['same_buyer', 'other_buyer']), otherCaseIds: z.array(z.string()).nullable().describe('Staff only') }).nullable(),
});

export const BuyerRecordSchema = z.object({
  buyerId: z.string(),
  windowDays: z.number().int(),
  opened: z.number().int(),
  open: z.number().int(),
  won: z.number().int(),
  partlyWon: z.number().int(),
  lost: z.number().int(),
  withdrawn: z.number().int(),
  compensated: z.number().int(),
  disproportionateDemands: z.number().int(),
  duplicateEvidence: z.number().int(),
  reportsToCompliance: z.number().int(),
  poorBecause: z.array(z.enum(['lost_claims', 'disproportionate_demands', 'duplicate_evidence'])),
  poor: z.boolean(),
});

export const DisputeDetailsSchema = z.object({
  issueType: z.enum(DISPUTE_TYPES),
  detail: z.string(),
  issue: BilingualSchema,
  items: z.array(z.object({ itemId: z.string(), name: z.string(), sku: z.string().nullable(), quantity: z.number().int(), ordered: z.number().int(), unitPrice: z.number().int(), value: z.number().int() })),
  claim: z.object({
    forSeller: BilingualSchema.describe('The claim as the seller reads it, from its structured fields'),
    concise: BilingualSchema.describe("The claim in the buyer's voice, from its structured fields"),
    note: z.string().nullable().describe('The buyer’s own words, never machine-translated'),
    clarity: z.array(FindingSchema).describe("The clarity check's findings on the note (not shown to the seller)"),
  }),
  requestedRemedy: RemedyViewSchema.nullable(),
  window: z.object({ openedVia: z.enum(['delivery_window', 'protection']), endsAt: Iso, deliveredAt: Iso.nullable() }),
  parcel: z.object({ id: z.string(), carrier: z.string(), trackingNumber: z.string(), insured: z.boolean(), declaredWeightGrams: z.number().int(), status: z.string() }).nullable(),
  weight: WeightSchema,
  matrix: z.object({
    key: z.string(),
    tier: Tier,
    tierText: BilingualSchema,
    source: z.enum(['rule', 'fallback']),
    remedies: z.array(MatrixRemedySchema),
    maxPartialRefund: z.number().int(),
    videoRequired: z.boolean(),
    needsVideo: z.boolean(),
    exceedsTier: z.boolean(),
    disproportionate: z.boolean(),
  }),
  flags: FlagsSchema,
  evidence: z.object({ buyer: z.array(EvidenceSchema), seller: z.array(EvidenceSchema) }),
  contest: z.object({ reasonCode: z.string(), reason: BilingualSchema, at: Iso }).nullable(),
  mediation: z.object({ decidedBy: z.string().nullable(), decidedAt: Iso, reason: z.string().nullable(), remedy: RemedyViewSchema.nullable(), tier: z.number().int().nullable(), appealUntil: Iso.nullable() }).nullable(),
  appeal: z
    .object({
      side: z.enum(['buyer', 'seller']),
      by: z.string().nullable(),
      at: Iso,
      reason: z.string().nullable(),
      decidedBy: z.string().nullable(),
      decidedAt: Iso.nullable(),
      remedy: RemedyViewSchema.nullable(),
      decisionReason: z.string().nullable(),
      outcome: z.enum(['upheld', 'changed']).nullable(),
    })
    .nullable(),
  replacementOrder: z.object({ id: z.string(), externalId: z.string(), status: z.string(), dispatchDeadline: Iso }).nullable(),
  compensation: z.number().int().nullable(),
  outcome: z.enum(DISPUTE_OUTCOMES).nullable(),
  outcomeAt: Iso.nullable(),
  buyerRecord: BuyerRecordSchema.nullable().describe('Staff only'),
});

export const DisputeViewSchema = CaseViewSchema.extend({ dispute: DisputeDetailsSchema });

export const DisputeSummarySchema = z.object({
  id: z.string(),
  type: z.enum(DISPUTE_TYPES),
  issue: BilingualSchema,
  status: z.enum(DISPUTE_STATUSES),
  orderId: z.string(),
  orderRef: z.string(),
  sellerId: z.string(),
  shopName: z.string(),
  buyerId: z.string(),
  buyerName: z.string().nullable(),
  tier: Tier,
  claimAmount: z.number().int(),
  currency: z.string(),
  requestedRemedy: RemedyViewSchema.nullable(),
  flags: FlagsSchema,
  deadline: z.object({ at: Iso, party: z.string(), overdue: z.boolean() }).nullable(),
  escalatedAt: Iso.nullable(),
  appealed: z.boolean(),
  mediatorId: z.string().nullable().describe('For an appeal: the agent who may not decide it'),
  outcome: z.enum(DISPUTE_OUTCOMES).nullable(),
  openedAt: Iso,
  resolvedAt: Iso.nullable(),
});

export const MediationEntrySchema = DisputeSummarySchema.extend({
  queueReason: z.enum(['mediation', 'appeal']),
  dueAt: Iso.describe('Since when a decision is due: the appeal, else the escalation'),
});

const GuideDetailSchema = z.object({
  detail: z.string(),
  label: BilingualSchema,
  tier: Tier,
  uninsuredTier: Tier.nullable(),
  tierText: BilingualSchema,
  remedies: z.array(MatrixRemedySchema),
  maxPartialRefundPercent: z.number().int(),
  videoRequired: z.boolean(),
  fullEvidence: z.array(z.enum(EVIDENCE_KINDS)),
});

export const GuideSchema = z.object({
  windowDays: z.number().int(),
  sellerResponseBusinessDays: z.number().int(),
  appealDays: z.number().int(),
  weightTolerance: z.object({ grams: z.number().int(), percent: z.number() }),
  issueTypes: z.array(z.object({ type: z.enum(DISPUTE_TYPES), label: BilingualSchema, parcelArrived: z.boolean(), fullEvidence: z.array(z.enum(EVIDENCE_KINDS)), details: z.array(GuideDetailSchema) })),
  evidenceKinds: z.array(z.object({ kind: z.enum(EVIDENCE_KINDS), label: BilingualSchema, side: z.array(z.enum(['buyer', 'seller'])), files: z.array(z.enum(['photo', 'video', 'document'])) })),
});

export const AbuseReportSchema = z.object({
  id: z.string(),
  buyerId: z.string(),
  caseId: z.string().nullable(),
  rule: z.string(),
  summary: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  violationId: z.string().nullable(),
  createdAt: Iso,
});

export const DisputeOptionsSchema = z.object({
  orderId: z.string(),
  orderRef: z.string(),
  status: z.string(),
  currency: z.string(),
  canOpen: z.boolean().describe('Some issue type may be claimed now'),
  windowDays: z.number().int(),
  deliveredAt: Iso.nullable(),
  windowEndsAt: Iso.nullable().describe('Delivery + the dispute window'),
  protectionEndsAt: Iso.nullable(),
  issueTypes: z.array(
    z.object({
      type: z.enum(DISPUTE_TYPES),
      allowed: z.boolean(),
      openCaseId: z.string().nullable().describe('The open dispute of this type on the order, if any'),
      details: z.array(
        z.object({
          detail: z.string(),
          allowed: z.boolean(),
          reason: z.string().nullable().describe('The code opening would answer with (409)'),
          message: z.string().nullable(),
          openedVia: z.enum(['delivery_window', 'protection']).nullable(),
          endsAt: Iso.nullable(),
        }),
      ),
    }),
  ),
  items: z.array(z.object({ itemId: z.string(), name: z.string(), sku: z.string().nullable(), quantity: z.number().int(), unitPrice: z.number().int() })),
  disputes: z.array(z.object({ id: z.string(), type: z.enum(DISPUTE_TYPES), outcome: z.string().nullable() })),
});
