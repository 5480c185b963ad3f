import { z } from 'zod';

/**
 * The enforcement section of the policy document (DESIGN §1 "Rules and enforcement", §5): penalty points and their
 * expiry, the sanction ladder, every detector's rule (points, whether it confirms itself, its thresholds), the
 * small-parcel restriction, the appeal window and what happens to a banned seller's open orders. Every field has a
 * default so a document saved before a field existed still parses.
 */

const days = z.number().int().min(0).max(3650);
const rate = z.number().min(0).max(1);
const points = z.number().int().min(0).max(100);

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

/** What a dishonest buyer can be given: a warning, then a cap on the claims they may open. */
export const BuyerSanctionSchema = z.enum(['warning', 'claim_limit']);
export type BuyerSanction = z.infer<typeof BuyerSanctionSchema>;

/** Common to every rule: on or off, points when confirmed, and whether the detector's finding confirms itself. */
const ruleBase = {
  enabled: z.boolean().default(true),
  points: points,
  /** Clear-cut rules are confirmed at once; the others wait in the compliance queue. */
  autoConfirm: z.boolean(),
  /** A sanction imposed on confirmation whatever the points (e.g. straight to ban for severe fraud). */
  sanction: SanctionSchema.optional(),
};

function rule<T extends z.ZodRawShape>(defaults: { points: number; autoConfirm: boolean }, extra: T) {
  return z
    .object({ ...ruleBase, points: points.default(defaults.points), autoConfirm: z.boolean().default(defaults.autoConfirm), ...extra })
    // every field has a default, so an empty object parses (the generic hides that from the type checker)
    .prefault({} as never);
}

function buyerRule<T extends z.ZodRawShape>(defaults: { points: number; autoConfirm: boolean }, extra: T) {
  return z
    .object({ enabled: z.boolean().default(true), points: points.default(defaults.points), autoConfirm: z.boolean().default(defaults.autoConfirm), ...extra })
    .prefault({} as never);
}

export const SellerRulesSchema = z
  .object({
    /** Orders handed to the carrier after the dispatch deadline / orders due in the window, above the rate. */
    late_shipment_rate: rule({ points: 2, autoConfirm: true }, { maxRate: rate.default(0.04), windowDays: days.default(30), minOrders: z.number().int().min(1).default(20) }),
    /** Seller-fault cancellations / orders paid in the window, above the rate. */
    seller_cancellation_rate: rule({ points: 2, autoConfirm: true }, { maxRate: rate.default(0.025), windowDays: days.default(30), minOrders: z.number().int().min(1).default(20) }),
    /** Orders left undispatched this many days past the deadline, or cancelled on the seller's silence. */
    shipping_refusal: rule({ points: 3, autoConfirm: false }, { overdueDays: days.default(3), minOrders: z.number().int().min(1).default(2), windowDays: days.default(30) }),
    /** Late dispatches, counted: small sellers never reach a rate's minimum. */
    repeated_delays: rule({ points: 2, autoConfirm: false }, { minLate: z.number().int().min(1).default(3), windowDays: days.default(30) }),
    /** A tracking number that never moved, or one that belongs to another buyer's parcel (signals). */
    fictitious_dispatch: rule({ points: 6, autoConfirm: false }, {}),
    /** The seller shipped with another carrier or service than the buyer chose (signal). */
    method_mismatch: rule({ points: 1, autoConfirm: true }, {}),
    /** Abusive or belligerent words to a buyer (English word list with obfuscation handling, our Chinese list). */
    abusive_message: rule({ points: 3, autoConfirm: false }, {}),
    /** Reviews from buyers linked to the seller, or a burst of top ratings from new accounts. */
    rating_manipulation: rule(
      { points: 6, autoConfirm: false },
      {
        minLinkedReviews: z.number().int().min(1).default(1),
        burstReviews: z.number().int().min(2).default(5),
        burstHours: z.number().int().min(1).max(24 * 30).default(48),
        newAccountDays: days.default(14),
        windowDays: days.default(90),
      },
    ),
    /** A listing priced below this share of its category's median, to reach the top of the listings. */
    price_below_median: rule({ points: 2, autoConfirm: false }, { maxRatio: rate.default(0.3), minCategoryListings: z.number().int().min(2).default(5) }),
    /** A shipping charge above this multiple of the parcel's real cost, and by at least the excess (minor units). */
    shipping_overcharge: rule({ points: 2, autoConfirm: false }, { maxRatio: z.number().min(1).max(100).default(2), minExcess: z.number().int().min(0).default(500) }),
    /** Seller-fault cancellations (stock the seller did not have) in the window. */
    cannot_supply: rule({ points: 2, autoConfirm: false }, { minCancellations: z.number().int().min(1).default(3), windowDays: days.default(30) }),
    /** A listing naming a prohibited item (policy keywords). */
    prohibited_item: rule({ points: 6, autoConfirm: false }, {}),
    /** Disputes opened near the end of protection (seed 002): the small-parcel restriction, no points by default. */
    protection_expiry_disputes: rule({ points: 0, autoConfirm: true }, {}),
  })
  .prefault({});
export type SellerRules = z.infer<typeof SellerRulesSchema>;
export type SellerRuleKey = keyof SellerRules;

export const BuyerRulesSchema = z
  .object({
    /** Many claims opened by one buyer in the window. */
    serial_claims: buyerRule({ points: 3, autoConfirm: false }, { minClaims: z.number().int().min(2).default(5), windowDays: days.default(30) }),
    /** The same evidence file attached to claims on different orders. */
    duplicate_evidence: buyerRule({ points: 3, autoConfirm: false }, {}),
    /** A full refund demanded for a cosmetic (tier 1) issue; reported by the dispute cases. */
    disproportionate_demand: buyerRule({ points: 1, autoConfirm: true }, {}),
  })
  .prefault({});
export type BuyerRules = z.infer<typeof BuyerRulesSchema>;
export type BuyerRuleKey = keyof BuyerRules;

const LadderRung = z.object({ points: z.number().int().min(1).max(1000), sanction: SanctionSchema, rectifyDays: days.optional() });
const BuyerLadderRung = z.object({ points: z.number().int().min(1).max(1000), sanction: BuyerSanctionSchema });

const ascending = (l: { points: number }[]) => l.every((r, i) => i === 0 || l[i - 1].points <= r.points);

export const EnforcementPolicySchema = z
  .object({
    pointsExpireDays: z.number().int().min(90).max(365).default(180),
    /** Points thresholds and the sanction each reaches, lowest first. Reached rungs are all in force together. */
    ladder: z
      .array(LadderRung)
      .min(1)
      .max(20)
      .refine(ascending, 'rungs must be in ascending order of points')
      .default([
        { points: 3, sanction: 'warning', rectifyDays: 14 },
        { points: 6, sanction: 'no_promotions' },
        { points: 9, sanction: 'search_demotion' },
        { points: 9, sanction: 'listing_limit' },
        { points: 12, sanction: 'suspension' },
        { points: 15, sanction: 'ban' },
      ]),
    buyerLadder: z
      .array(BuyerLadderRung)
      .max(10)
      .refine(ascending, 'rungs must be in ascending order of points')
      .default([
        { points: 3, sanction: 'warning' },
        { points: 6, sanction: 'claim_limit' },
      ]),
    /** Most active listings a seller under the listing-limit sanction may have. */
    listingLimit: z.number().int().min(0).max(100_000).default(20),
    /** Claims a buyer under the claim limit may open in 30 days. */
    buyerClaimLimit: z.number().int().min(0).max(1000).default(1),
    smallParcelRestriction: z
      .object({
        disputes: z.number().int().min(1).default(2),
        windowDays: days.default(30),
        /** How long the restriction lasts once imposed. */
        durationDays: z.number().int().min(1).max(3650).default(30),
        /** Shipping services (lower case) that count as small parcels at order intake. */
        services: z.array(z.string().trim().toLowerCase().min(1).max(60)).max(50).default(['small_parcel', 'small_packet', 'epacket', 'registered_small_packet']),
      })
      .prefault({}),
    appealWindowDays: days.default(14),
    /** A full detector pass over every seller runs this often (events trigger passes over the sellers they touch). */
    detectorScanHours: z.number().int().min(1).max(24 * 30).default(24),
    /** The dry run and an activation replay this many past days under the new policy. */
    replayDays: z.number().int().min(1).max(365).default(90),
    /** A banned seller's orders not yet dispatched: refunded in full, or held for support to re-source. */
    bannedSellerOpenOrders: z.enum(['refund', 'hold_for_reassignment']).default('refund'),
    /** Listing words that name a prohibited item (lower case; matched as words in title and description). */
    prohibitedKeywords: z
      .array(z.string().trim().toLowerCase().min(2).max(60))
      .max(500)
      .default(['counterfeit', 'replica', 'ivory', 'firearm', 'gun powder', 'tobacco', 'e-cigarette', 'prescription drug', '仿品', '高仿', '象牙', '枪支', '电子烟', '处方药']),
    rules: SellerRulesSchema,
    buyerRules: BuyerRulesSchema,
  })
  .prefault({});

export type EnforcementPolicy = z.infer<typeof EnforcementPolicySchema>;
