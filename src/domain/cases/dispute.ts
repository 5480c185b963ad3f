import { defineMachine } from '../state-machine.js';
import { DISPUTE_TYPES, type BuyerEvidenceKind, type DisputeDetail, type DisputeType } from './dispute-labels.js';
import type { RemedyType } from './remedies.js';
import type { CaseTypeDefinition, DeadlineRule } from './types.js';

export * from './dispute-labels.js';

/**
 * Post-delivery disputes (seed 004, DESIGN §1 "Post-delivery disputes"): one case type per issue — not received,
 * missing item, damaged item, wrong item, not as described — all run by this one transition table. The buyer's
 * structured claim opens the case; the seller accepts, offers another remedy or contests with their own evidence;
 * silence grants the claim. The buyer accepts an offer or asks for mediation (silence sends it there too); a
 * support agent decides with a written reason; either side may appeal that decision once, within the policy's
 * days, to a different agent. What is agreed is carried out by the system in the same transaction:
 *
 *   awaiting_seller ──accept_claim / grant_on_silence──▶ agreed
 *        ├──offer_remedy──▶ counter_offered ──accept_offer──▶ agreed
 *        ├──contest──▶ contested
 *        │        counter_offered | contested ──request_mediation / mediation_on_silence──▶ escalated
 *        ├──refer_to_support──▶ escalated                 (a customs confiscation: the seller is not asked)
 *        └──compensate_confiscation──▶ agreed             (insured, and the carrier reported the confiscation)
 *   awaiting_seller | counter_offered | contested | escalated ──withdraw──▶ agreed      (no action)
 *   escalated ──decide_mediation──▶ decided ──appeal──▶ appealed ──decide_appeal──▶ agreed
 *                                          └──finalise_on_silence──▶ agreed             (no appeal in time)
 *   agreed ──refund──▶ resolved                          (full or partial refund through the ledger)
 *   agreed ──close_without_refund──▶ resolved            (no action)
 *   agreed ──order_replacement──▶ awaiting_replacement   (a replacement order, followed like any other)
 *   awaiting_replacement ──replacement_dispatched──▶ resolved
 *   awaiting_replacement ──refund_on_silence──▶ resolved (not dispatched in time: the buyer is refunded instead)
 *   resolved ──close──▶ closed                           (once the case's refunds have settled)
 *
 * A decision waits for the appeal window before it is carried out, so money moves once.
 */
export const DISPUTE_STATUSES = [
  'awaiting_seller',
  'counter_offered',
  'contested',
  'escalated',
  'decided',
  'appealed',
  'agreed',
  'awaiting_replacement',
  'resolved',
  'closed',
] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export const DISPUTE_EVENTS = [
  'accept_claim',
  'offer_remedy',
  'contest',
  'grant_on_silence',
  'refer_to_support',
  'compensate_confiscation',
  'accept_offer',
  'withdraw',
  'request_mediation',
  'mediation_on_silence',
  'decide_mediation',
  'appeal',
  'finalise_on_silence',
  'decide_appeal',
  'refund',
  'close_without_refund',
  'order_replacement',
  'replacement_dispatched',
  'refund_on_silence',
  'close',
] as const;
export type DisputeEvent = (typeof DISPUTE_EVENTS)[number];

const SUPPORT = ['support_agent', 'admin'] as const;

export const disputeMachine = defineMachine<DisputeStatus, DisputeEvent>('dispute_case', DISPUTE_STATUSES, [
  // the seller's answer, or silence, which grants the claim
  { from: ['awaiting_seller'], event: 'accept_claim', to: 'agreed', by: ['seller'] },
  { from: ['awaiting_seller'], event: 'offer_remedy', to: 'counter_offered', by: ['seller'] },
  { from: ['awaiting_seller'], event: 'contest', to: 'contested', by: ['seller'] },
  { from: ['awaiting_seller'], event: 'grant_on_silence', to: 'agreed', by: ['system'] },
  // customs confiscations are the platform's insurance, not the seller's doing
  { from: ['awaiting_seller'], event: 'refer_to_support', to: 'escalated', by: ['system'] },
  { from: ['awaiting_seller'], event: 'compensate_confiscation', to: 'agreed', by: ['system'] },
  // the buyer's reply; mediation on disagreement or silence
  { from: ['counter_offered'], event: 'accept_offer', to: 'agreed', by: ['buyer'] },
  { from: ['awaiting_seller', 'counter_offered', 'contested', 'escalated'], event: 'withdraw', to: 'agreed', by: ['buyer'] },
  { from: ['counter_offered', 'contested'], event: 'request_mediation', to: 'escalated', by: ['buyer', ...SUPPORT] },
  { from: ['counter_offered', 'contested'], event: 'mediation_on_silence', to: 'escalated', by: ['system'] },
  // mediation, and the one appeal (to another agent: checked by the service, the table knows roles only)
  { from: ['escalated'], event: 'decide_mediation', to: 'decided', by: [...SUPPORT] },
  { from: ['decided'], event: 'appeal', to: 'appealed', by: ['buyer', 'seller'] },
  { from: ['decided'], event: 'finalise_on_silence', to: 'agreed', by: ['system'] },
  { from: ['appealed'], event: 'decide_appeal', to: 'agreed', by: [...SUPPORT] },
  // carrying out what was agreed
  { from: ['agreed'], event: 'refund', to: 'resolved', by: ['system'] },
  { from: ['agreed'], event: 'close_without_refund', to: 'resolved', by: ['system'] },
  { from: ['agreed'], event: 'order_replacement', to: 'awaiting_replacement', by: ['system'] },
  { from: ['awaiting_replacement'], event: 'replacement_dispatched', to: 'resolved', by: ['system'] },
  { from: ['awaiting_replacement'], event: 'refund_on_silence', to: 'resolved', by: ['system'] },
  { from: ['resolved'], event: 'close', to: 'closed', by: ['system'] },
]);

export const DISPUTE_DEADLINES: Partial<Record<DisputeStatus, DeadlineRule<DisputeEvent>>> = {
  awaiting_seller: { party: 'seller', kind: 'seller_business_days', policy: 'cases.sellerResponseBusinessDays', onExpiry: 'grant_on_silence' },
  counter_offered: { party: 'buyer', kind: 'calendar_days', policy: 'cases.buyerCounterResponseDays', onExpiry: 'mediation_on_silence' },
  contested: { party: 'buyer', kind: 'calendar_days', policy: 'cases.buyerCounterResponseDays', onExpiry: 'mediation_on_silence' },
  // the appeal window: either side may appeal; support is named as nobody else has to act
  decided: { party: 'support', kind: 'calendar_days', policy: 'cases.mediationAppealDays', onExpiry: 'finalise_on_silence' },
  awaiting_replacement: { party: 'seller', kind: 'seller_business_days', policy: 'fulfilment.processingBusinessDays', onExpiry: 'refund_on_silence' },
};

function definition(type: DisputeType): CaseTypeDefinition<DisputeStatus, DisputeEvent> {
  return {
    type,
    machine: disputeMachine,
    initial: 'awaiting_seller',
    deadlines: DISPUTE_DEADLINES,
    resolved: ['resolved'],
    final: ['closed'],
    escalated: ['escalated', 'appealed'],
  };
}

export const DISPUTE_CASE_DEFINITIONS = Object.fromEntries(DISPUTE_TYPES.map((t) => [t, definition(t)])) as Record<DisputeType, CaseTypeDefinition<DisputeStatus, DisputeEvent>>;

/** Remedies a dispute can end in (the resolution matrix's names). */
export const DISPUTE_REMEDY_TYPES = ['full_refund', 'partial_refund', 'replacement', 'reshipment', 'no_action'] as const satisfies readonly RemedyType[];
export type DisputeRemedyType = (typeof DISPUTE_REMEDY_TYPES)[number];
/** What a buyer may ask for (seed 004: full refund, replacement, partial refund; reshipment for lost goods). */
export const CLAIMABLE_REMEDY_TYPES = ['full_refund', 'partial_refund', 'replacement', 'reshipment'] as const satisfies readonly DisputeRemedyType[];

/** How much a remedy gives the buyer, to judge a demand against what the tier allows. */
export const REMEDY_WEIGHT: Record<DisputeRemedyType, number> = { no_action: 0, partial_refund: 1, replacement: 2, reshipment: 2, full_refund: 3 };

/**
 * The full evidence set per issue type (seed 004's protocol): what a buyer with a poor record must attach, and what
 * the console asks every buyer for. A parcel that never came has nothing to film.
 */
export const FULL_EVIDENCE: Record<DisputeType, readonly BuyerEvidenceKind[]> = {
  not_received: [],
  missing_item: ['unboxing_video', 'exterior_photo', 'scale_photo'],
  damaged_item: ['unboxing_video', 'exterior_photo', 'item_photo'],
  wrong_item: ['unboxing_video', 'label_photo', 'item_photo'],
  not_as_described: ['unboxing_video', 'item_photo'],
};

/** Evidence the full set needs for one detail (a confiscation is proven by the customs notice). */
export function fullEvidenceFor(type: DisputeType, detail: DisputeDetail): readonly BuyerEvidenceKind[] {
  if (detail === 'customs_confiscated') return ['customs_notice'];
  if (detail === 'empty_parcel') return ['unboxing_video', 'exterior_photo', 'scale_photo'];
  return FULL_EVIDENCE[type];
}

/** Whether the issue concerns a parcel that arrived (so the unboxing protocol applies). */
export function parcelArrived(type: DisputeType): boolean {
  return type !== 'not_received';
}

/** Where the buyer won, partly won, lost or withdrew (the buyer's record counts these). */
export const DISPUTE_OUTCOMES = ['buyer_won', 'partly_won', 'buyer_lost', 'withdrawn', 'compensated'] as const;
export type DisputeOutcome = (typeof DISPUTE_OUTCOMES)[number];

/** The outcome of an agreed remedy against what the buyer asked for. */
export function outcomeOf(requested: { type: string; amount?: number } | null, agreed: { type: string; amount?: number }, claimAmount: number, via: 'withdrawn' | 'compensated' | 'other'): DisputeOutcome {
  if (via === 'withdrawn') return 'withdrawn';
  if (via === 'compensated') return 'compensated';
  const given = valueOf(agreed, claimAmount);
  if (given === 0) return 'buyer_lost';
  if (!requested) return 'buyer_won';
  return given >= valueOf(requested, claimAmount) ? 'buyer_won' : 'partly_won';
}

/** A remedy's worth to the buyer in minor units (a replacement or reshipment is worth the goods). */
function valueOf(r: { type: string; amount?: number }, claimAmount: number): number {
  switch (r.type) {
    case 'full_refund':
    case 'replacement':
    case 'reshipment':
      return claimAmount;
    case 'partial_refund':
      return Math.min(r.amount ?? 0, claimAmount);
    default:
      return 0;
  }
}
