import { z } from 'zod';

/**
 * The policy document: every number the product calls "policy" (DESIGN §5). Versioned in the database;
 * each decision records the version it used. Defaults come from the largest marketplaces' published rules.
 */
const rate = z.number().min(0).max(1);
const days = z.number().int().min(0).max(3650);

export const RemedySchema = z.enum(['no_action', 'partial_refund', 'replacement', 'full_refund', 'reshipment']);
export type Remedy = z.infer<typeof RemedySchema>;

export const SanctionSchema = z.enum([
  'warning',
  'no_promotions',
  'search_demotion',
  'listing_limit',
  'small_parcel_restriction',
  'suspension',
  'ban',
]);
export type Sanction = z.infer<typeof SanctionSchema>;

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
    })
    .prefault({}),
  evaluation: z
    .object({
      lateShipmentRate: z.object({ target: rate, windowDays: days }).default({ target: 0.04, windowDays: 30 }),
      cancellationRate: z.object({ target: rate, windowDays: days }).default({ target: 0.025, windowDays: 30 }),
      validTrackingRate: z.object({ target: rate, windowDays: days }).default({ target: 0.95, windowDays: 30 }),
      orderDefectRate: z.object({ target: rate, windowDays: days }).default({ target: 0.01, windowDays: 60 }),
      lateDeliveryRate: z.object({ target: rate, windowDays: days }).default({ target: 0.1, windowDays: 30 }),
      negativeReviewRate: z.object({ target: rate, windowDays: days }).default({ target: 0.05, windowDays: 90 }),
      reviewWindowDays: days.default(60),
      /** Search rank multiplier for the trust score: relevance × (1 + boost × (score − 500) / 500). */
      searchTrustBoost: z.number().min(0).max(5).default(0.5),
    })
    .prefault({}),
  enforcement: z
    .object({
      pointsExpireDays: z.number().int().min(90).max(365).default(180),
      /** Points thresholds and the sanction each reaches, lowest first. */
      ladder: z
        .array(z.object({ points: z.number().int().min(1), sanction: SanctionSchema, rectifyDays: days.optional() }))
        .default([
          { points: 3, sanction: 'warning', rectifyDays: 14 },
          { points: 6, sanction: 'no_promotions' },
          { points: 9, sanction: 'search_demotion' },
          { points: 12, sanction: 'listing_limit' },
          { points: 15, sanction: 'ban' },
        ]),
      smallParcelRestriction: z
        .object({ disputes: z.number().int().min(1), windowDays: days })
        .default({ disputes: 2, windowDays: 30 }),
      appealWindowDays: days.default(14),
    })
    .prefault({}),
  verification: z
    .object({
      documentExpiryWarningDays: days.default(30),
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
