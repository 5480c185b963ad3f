import { z } from 'zod';

/**
 * The disputes' part of the policy document (src/domain/policy.ts, section `cases`): the resolution matrix of seed
 * 004, the compensation of insured parcels confiscated by customs, and what makes a buyer's record poor. Defaults
 * come from the seed; admins edit them like every other policy number.
 */

/** The matrix's remedies (the same names as the policy's `RemedySchema`). */
export const MatrixRemedySchema = z.enum(['no_action', 'partial_refund', 'replacement', 'full_refund', 'reshipment']);
export type MatrixRemedy = z.infer<typeof MatrixRemedySchema>;

const TierSchema = z.object({
  /** The remedies that fit an issue of this tier. */
  remedies: z.array(MatrixRemedySchema).min(1).max(5),
  /** The largest partial refund that fits, as a share of the affected goods' value. */
  maxPartialRefundPercent: z.number().int().min(0).max(100),
  /** Claims of this tier need the continuous unboxing video (where a parcel arrived). */
  videoRequired: z.boolean(),
});
export type MatrixTier = z.infer<typeof TierSchema>;

export const TIERS = [1, 2, 3] as const;
export type Tier = (typeof TIERS)[number];

/**
 * `issueType.detail` → tier. A customs confiscation is split by the parcel's insurance: `not_received.insured_confiscation`
 * and `not_received.uninsured_confiscation`.
 */
const DEFAULT_RULES: Record<string, Tier> = {
  'not_received.lost_in_transit': 3,
  'not_received.delivered_not_received': 3,
  'not_received.insured_confiscation': 3,
  'not_received.uninsured_confiscation': 1,
  'missing_item.missing_accessory': 2,
  'missing_item.missing_units': 3,
  'missing_item.empty_parcel': 3,
  'damaged_item.packaging_only': 1,
  'damaged_item.cosmetic': 1,
  'damaged_item.functional': 2,
  'damaged_item.unusable': 3,
  'wrong_item.wrong_size': 2,
  'wrong_item.wrong_colour': 2,
  'wrong_item.different_item': 3,
  'not_as_described.minor_difference': 1,
  'not_as_described.significant_difference': 2,
  'not_as_described.counterfeit': 3,
};

export const ResolutionMatrixSchema = z
  .object({
    tiers: z
      .object({
        /** Tier 1, cosmetic (crushed box, loose thread, washable stain): no action or a very small partial refund. */
        '1': TierSchema.default({ remedies: ['no_action', 'partial_refund'], maxPartialRefundPercent: 20, videoRequired: false }),
        /** Tier 2, functional damage, missing component, wrong size: a partial refund for repair, or a replacement if unusable. */
        '2': TierSchema.default({ remedies: ['partial_refund', 'replacement'], maxPartialRefundPercent: 60, videoRequired: false }),
        /** Tier 3, total loss, empty parcel, wrong item, insured confiscation: full refund or reshipment, with the video. */
        '3': TierSchema.default({ remedies: ['full_refund', 'reshipment', 'replacement'], maxPartialRefundPercent: 100, videoRequired: true }),
      })
      .prefault({}),
    rules: z
      .record(z.string().regex(/^[a-z_]+\.[a-z_]+$/), z.union([z.literal(1), z.literal(2), z.literal(3)]))
      .default(DEFAULT_RULES)
      .describe('issueType.detail → tier'),
    /** Tier for a detail the rules do not name. */
    fallbackTier: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(2),
  })
  .prefault({});
export type ResolutionMatrix = z.infer<typeof ResolutionMatrixSchema>;

export const BuyerRecordPolicySchema = z
  .object({
    /** The record counts claims opened in this many days. */
    windowDays: z.number().int().min(30).max(3650).default(365),
    /** A poor record: this many claims lost (decided against the buyer), when they are at least this share of the decided ones… */
    poorLostClaims: z.number().int().min(1).max(1000).default(2),
    poorLostShare: z.number().min(0).max(1).default(0.5),
    /** …or this many disproportionate demands, or this many claims with reused evidence. */
    poorDisproportionateDemands: z.number().int().min(1).max(1000).default(2),
    poorDuplicateEvidence: z.number().int().min(1).max(1000).default(1),
    /** Serious abuse, reported to compliance: this many disproportionate demands in the window… */
    reportDisproportionateDemands: z.number().int().min(1).max(1000).default(3),
    /** …or evidence that was already used in another buyer's claim (a file cannot film two unboxings). */
    reportEvidenceFromOtherBuyers: z.boolean().default(true),
    /** …or this many of the buyer's own claims sharing a file. */
    reportOwnDuplicateEvidence: z.number().int().min(1).max(1000).default(2),
  })
  .prefault({});
export type BuyerRecordPolicy = z.infer<typeof BuyerRecordPolicySchema>;

/** Compensation of an insured parcel confiscated by customs: this share of what the buyer paid for the order. */
export const InsuredConfiscationPercentSchema = z.number().int().min(0).max(100).default(100);
