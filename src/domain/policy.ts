import { z } from 'zod';
import { BuyerRecordPolicySchema, InsuredConfiscationPercentSchema, ResolutionMatrixSchema } from './cases/dispute-policy.js';
import { EnforcementPolicySchema } from './enforcement/policy.js';
import { EvaluationPolicySchema } from './evaluation/policy.js';

/**
 * The policy document: every number the product calls "policy" (DESIGN §5). Versioned in the database;
 * each decision records the version it used. Defaults come from the largest marketplaces' published rules.
 */
const days = z.number().int().min(0).max(3650);

export const RemedySchema = z.enum(['no_action', 'partial_refund', 'replacement', 'full_refund', 'reshipment']);
export type Remedy = z.infer<typeof RemedySchema>;

export { SanctionSchema, type Sanction } from './enforcement/policy.js';

export const PolicySchema = z.object({
  fulfilment: z
    .object({
      /** Seller's processing time before dispatch, in the seller's business days. */
      processingBusinessDays: z.number().int().min(1).max(30).default(3),
      /** No carrier scan this many days after dispatch raises a fictitious-dispatch signal. */
      noScanDays: days.default(5),
      /** What the seller's silence on a cancellation request means once the dispatch deadline passes. */
      cancellationSilence: z.enum(['cancel_with_refund', 'keep_order']).default('cancel_with_refund'),
      /** Protection period after the international parcel ships, when the shipping method gives none. */
      protectionDays: days.default(60),
      /** Longest extension a buyer may ask for at once. */
      protectionExtensionDays: days.default(15),
      /** Delivery is assumed this many days after the carrier's delivery scan if the buyer does not confirm. */
      autoConfirmDeliveryDays: days.default(7),
    })
    .prefault({}),
  cases: z
    .object({
      /** Seller's time to answer a QC failure or dispute, in business days (the sources allow 2–5). */
      sellerResponseBusinessDays: z.number().int().min(2).max(5).default(3),
      /** Buyer's time to choose a remedy after a failed QC, in calendar days. */
      buyerQcResponseDays: days.default(5),
      /** What the buyer's silence after a failed QC means. */
      buyerQcSilence: z.enum(['return_for_refund', 'accept_as_is']).default('return_for_refund'),
      /** Buyer's time to accept a counter-offer before the case goes to support. */
      buyerCounterResponseDays: days.default(3),
      /** Return received is assumed this many days after the carrier's delivery scan. */
      returnReceiptAssumedDays: days.default(7),
      /** Buyer's window to open a dispute after delivery. */
      disputeWindowDays: days.default(30),
      /** Days to appeal a mediation decision. */
      mediationAppealDays: days.default(7),
      /** A parcel lighter than its label by more than this supports a missing-item claim. */
      weightToleranceGrams: z.number().int().min(0).max(10_000).default(50),
      weightTolerancePercent: z.number().min(0).max(100).default(5),
      /** Issue type and detail → tier (1 cosmetic, 2 functional, 3 total loss) and the remedies that fit (seed 004). */
      resolutionMatrix: ResolutionMatrixSchema,
      /** An insured parcel confiscated by customs: this percentage of what the buyer paid, through the refund ledger. */
      insuredConfiscationCompensationPercent: InsuredConfiscationPercentSchema,
      /** What makes a buyer's dispute record poor (full evidence then required) and what is reported to compliance. */
      buyerRecord: BuyerRecordPolicySchema,
    })
    .prefault({}),
  evaluation: EvaluationPolicySchema,
  enforcement: EnforcementPolicySchema,
  verification: z
    .object({
      documentExpiryWarningDays: days.default(30),
      /** Days after a rejection before the seller may start a new application (0: at once). */
      reapplyCooldownDays: days.default(30),
    })
    .prefault({}),
});

export type Policy = z.infer<typeof PolicySchema>;

export const DEFAULT_POLICY: Policy = PolicySchema.parse({});

/** The policy a decision used, recorded beside the decision. */
export interface PolicyInForce {
  version: number;
  policy: Policy;
}
