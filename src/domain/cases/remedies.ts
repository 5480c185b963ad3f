import { z } from 'zod';

/**
 * Remedies as structured values (DESIGN §1 "Quality control failure"): what the buyer asks for, what the
 * seller proposes instead and what support decides are all one of these, so each renders in English and
 * Chinese from its fields (render.ts) and the money it moves is computed, never typed in twice.
 * Amounts are minor units of the order's currency.
 */
export const REMEDY_TYPES = ['return_for_refund', 'exchange', 'partial_refund', 'accept_as_is', 'full_refund', 'replacement', 'reshipment', 'no_action'] as const;
export type RemedyType = (typeof REMEDY_TYPES)[number];

const MAX_AMOUNT = 1_000_000_000_00;
const Variant = z.string().trim().min(1).max(60);

export const PriceDifferenceSchema = z.object({
  amount: z.number().int().min(1).max(MAX_AMOUNT),
  /** Who pays the difference: the buyer when the replacement costs more, the seller when it costs less. */
  owedBy: z.enum(['buyer', 'seller']),
});
export type PriceDifference = z.infer<typeof PriceDifferenceSchema>;

export const RemedySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('return_for_refund') }),
  z.object({
    type: z.literal('exchange'),
    /** The size and colour wanted instead; both absent means the same variant, a sound unit. */
    size: Variant.nullish(),
    colour: Variant.nullish(),
    priceDifference: PriceDifferenceSchema.nullish(),
  }),
  z.object({ type: z.literal('partial_refund'), amount: z.number().int().min(1).max(MAX_AMOUNT) }),
  z.object({ type: z.literal('accept_as_is') }),
  // post-delivery disputes (src/domain/cases/dispute.ts): the goods are with the buyer abroad, nothing travels back
  z.object({ type: z.literal('full_refund') }),
  z.object({ type: z.literal('replacement') }),
  z.object({ type: z.literal('reshipment') }),
  z.object({ type: z.literal('no_action') }),
]);
export type Remedy = z.infer<typeof RemedySchema>;

/** A remedy in its stored form: absent optional fields are null, so equal remedies compare equal. */
export function normalizeRemedy(r: Remedy): Remedy {
  if (r.type === 'exchange') {
    return { type: 'exchange', size: r.size ?? null, colour: r.colour ?? null, priceDifference: r.priceDifference ?? null };
  }
  return r;
}

export interface RemedyProblem {
  code: string;
  field: string;
  message: string;
}

/** Checks a remedy against the value at stake (the item's line total). Null when it is acceptable. */
export function remedyProblem(r: Remedy, claimAmount: number): RemedyProblem | null {
  if (r.type === 'partial_refund' && r.amount > claimAmount) {
    return { code: 'amount_exceeds_item', field: 'remedy.amount', message: `A partial refund is at most the item's price (${claimAmount} minor units).` };
  }
  if (r.type === 'exchange' && r.priceDifference?.owedBy === 'seller' && r.priceDifference.amount > claimAmount) {
    return { code: 'amount_exceeds_item', field: 'remedy.priceDifference.amount', message: `The seller's share of a price difference is at most the item's price (${claimAmount} minor units).` };
  }
  return null;
}

export function sameRemedy(a: Remedy | null, b: Remedy | null): boolean {
  if (!a || !b) return a === b;
  return JSON.stringify(normalizeRemedy(a)) === JSON.stringify(normalizeRemedy(b));
}

/** Whether carrying the remedy out needs the goods to travel back to the seller. */
export function needsReturn(r: Remedy): boolean {
  return r.type === 'return_for_refund' || r.type === 'exchange';
}

/**
 * What a refund for the case may be: what the remedy owes the buyer, less what the case already refunded,
 * and never more than what is left of the order's captured amount. Zero or more.
 */
export function refundAmount(owed: number, alreadyRefundedForCase: number, orderRemaining: number): number {
  return Math.max(0, Math.min(owed - alreadyRefundedForCase, orderRemaining));
}

/** What the remedy owes the buyer once it is carried out (for an exchange: once the replacement passes QC). */
export function owedToBuyer(r: Remedy, claimAmount: number): number {
  switch (r.type) {
    case 'return_for_refund':
      return claimAmount;
    case 'partial_refund':
      return Math.min(r.amount, claimAmount);
    case 'exchange':
      return r.priceDifference?.owedBy === 'seller' ? Math.min(r.priceDifference.amount, claimAmount) : 0;
    case 'full_refund':
      return claimAmount;
    case 'accept_as_is':
    case 'replacement':
    case 'reshipment':
    case 'no_action':
      return 0;
  }
}
