import { defineMachine } from '../state-machine.js';
import type { Remedy, RemedyType } from './remedies.js';
import type { CaseTypeDefinition, DeadlineRule } from './types.js';

/**
 * A failed quality control (seed 001, DESIGN §1 "Quality control failure"). The warehouse's report opens the
 * case; the buyer chooses a remedy; the seller accepts, proposes another or refuses; the buyer accepts the
 * alternative or escalates to support, who decide. Silence has a defined outcome at every step that waits for
 * someone (the deadlines below). An agreed remedy is carried out by the system in the same transaction:
 *
 *   awaiting_buyer ──choose_remedy──▶ awaiting_seller ──accept_request / grant_on_silence──▶ agreed
 *        │                                 ├──counter──▶ counter_offered ──accept_counter──▶ agreed
 *        │                                 └──refuse───▶ seller_refused
 *        │            counter_offered | seller_refused ──escalate / escalate_on_silence──▶ escalated ──decide──▶ agreed
 *        └──accept_as_is / accept_on_silence──▶ agreed
 *
 *   agreed ──accept_item / refund_partial──▶ resolved                  (the item ships on; a partial refund at once)
 *   agreed ──issue_return_label──▶ return_approved ──ship_return──▶ return_in_transit ──record_return_delivery──▶ return_delivered
 *          return_in_transit | return_delivered ──confirm_receipt──▶ return_received ◀──assume_receipt── return_delivered
 *   agreed | return_received ──refund_return──▶ resolved                (return for refund)
 *   agreed | return_received ──await_replacement──▶ awaiting_replacement ──ship_replacement──▶ replacement_in_transit
 *   awaiting_replacement | replacement_in_transit ──pass_replacement_qc──▶ resolved
 *                                                 ──fail_replacement_qc──▶ awaiting_buyer   (a new round)
 *   resolved ──close──▶ closed                                          (once the case's refunds are settled)
 *
 * `agreed` is passed through within one command; the history shows it between the agreement and its execution.
 */
export const QC_FAILURE_STATUSES = [
  'awaiting_buyer',
  'awaiting_seller',
  'counter_offered',
  'seller_refused',
  'escalated',
  'agreed',
  'return_approved',
  'return_in_transit',
  'return_delivered',
  'return_received',
  'awaiting_replacement',
  'replacement_in_transit',
  'resolved',
  'closed',
] as const;
export type QcFailureStatus = (typeof QC_FAILURE_STATUSES)[number];

export const QC_FAILURE_EVENTS = [
  'choose_remedy',
  'accept_as_is',
  'request_on_silence',
  'accept_on_silence',
  'accept_request',
  'counter',
  'refuse',
  'grant_on_silence',
  'accept_counter',
  'escalate',
  'escalate_on_silence',
  'decide',
  'accept_item',
  'refund_partial',
  'issue_return_label',
  'ship_return',
  'record_return_delivery',
  'confirm_receipt',
  'assume_receipt',
  'refund_return',
  'await_replacement',
  'ship_replacement',
  'pass_replacement_qc',
  'fail_replacement_qc',
  'close',
] as const;
export type QcFailureEvent = (typeof QC_FAILURE_EVENTS)[number];

const SUPPORT = ['support_agent', 'admin'] as const;
const WAREHOUSE = ['qc_inspector', 'integration'] as const;

export const qcFailureMachine = defineMachine<QcFailureStatus, QcFailureEvent>('qc_failure_case', QC_FAILURE_STATUSES, [
  // the buyer's choice, or the policy's on silence
  { from: ['awaiting_buyer'], event: 'choose_remedy', to: 'awaiting_seller', by: ['buyer'] },
  { from: ['awaiting_buyer', 'counter_offered', 'seller_refused'], event: 'accept_as_is', to: 'agreed', by: ['buyer'] },
  { from: ['awaiting_buyer'], event: 'request_on_silence', to: 'awaiting_seller', by: ['system'] },
  { from: ['awaiting_buyer'], event: 'accept_on_silence', to: 'agreed', by: ['system'] },
  // the seller's answer, or silence, which grants the buyer's request
  { from: ['awaiting_seller'], event: 'accept_request', to: 'agreed', by: ['seller'] },
  { from: ['awaiting_seller'], event: 'counter', to: 'counter_offered', by: ['seller'] },
  { from: ['awaiting_seller'], event: 'refuse', to: 'seller_refused', by: ['seller'] },
  { from: ['awaiting_seller'], event: 'grant_on_silence', to: 'agreed', by: ['system'] },
  // the buyer's reply to a counter-offer or refusal; support on disagreement or delay
  { from: ['counter_offered'], event: 'accept_counter', to: 'agreed', by: ['buyer'] },
  { from: ['counter_offered', 'seller_refused', 'awaiting_replacement'], event: 'escalate', to: 'escalated', by: ['buyer', ...SUPPORT] },
  // the seller disputes a return the carrier reports delivered (e.g. not what was sent)
  { from: ['return_delivered'], event: 'escalate', to: 'escalated', by: ['seller', ...SUPPORT] },
  { from: ['counter_offered', 'seller_refused', 'awaiting_replacement'], event: 'escalate_on_silence', to: 'escalated', by: ['system'] },
  { from: ['escalated'], event: 'decide', to: 'agreed', by: [...SUPPORT] },
  // carrying out what was agreed
  { from: ['agreed'], event: 'accept_item', to: 'resolved', by: ['system'] },
  { from: ['agreed'], event: 'refund_partial', to: 'resolved', by: ['system'] },
  { from: ['agreed'], event: 'issue_return_label', to: 'return_approved', by: ['system'] },
  // the return leg: the warehouse ships the item back to the seller with the label
  { from: ['return_approved'], event: 'ship_return', to: 'return_in_transit', by: [...WAREHOUSE] },
  { from: ['return_in_transit'], event: 'record_return_delivery', to: 'return_delivered', by: [...WAREHOUSE, 'admin'] },
  { from: ['return_in_transit', 'return_delivered'], event: 'confirm_receipt', to: 'return_received', by: ['seller'] },
  { from: ['return_delivered'], event: 'assume_receipt', to: 'return_received', by: ['system'] },
  { from: ['agreed', 'return_received'], event: 'refund_return', to: 'resolved', by: ['system'] },
  { from: ['agreed', 'return_received'], event: 'await_replacement', to: 'awaiting_replacement', by: ['system'] },
  // an exchange: the replacement goes through the warehouse's QC again
  { from: ['awaiting_replacement'], event: 'ship_replacement', to: 'replacement_in_transit', by: ['seller'] },
  { from: ['awaiting_replacement', 'replacement_in_transit'], event: 'pass_replacement_qc', to: 'resolved', by: ['qc_inspector'] },
  { from: ['awaiting_replacement', 'replacement_in_transit'], event: 'fail_replacement_qc', to: 'awaiting_buyer', by: ['qc_inspector'] },
  { from: ['resolved'], event: 'close', to: 'closed', by: ['system'] },
]);

export const QC_FAILURE_DEADLINES: Partial<Record<QcFailureStatus, DeadlineRule<QcFailureEvent>>> = {
  awaiting_buyer: {
    party: 'buyer',
    kind: 'calendar_days',
    policy: 'cases.buyerQcResponseDays',
    onExpiry: { policy: 'cases.buyerQcSilence', events: { return_for_refund: 'request_on_silence', accept_as_is: 'accept_on_silence' } },
  },
  awaiting_seller: { party: 'seller', kind: 'seller_business_days', policy: 'cases.sellerResponseBusinessDays', onExpiry: 'grant_on_silence' },
  counter_offered: { party: 'buyer', kind: 'calendar_days', policy: 'cases.buyerCounterResponseDays', onExpiry: 'escalate_on_silence' },
  seller_refused: { party: 'buyer', kind: 'calendar_days', policy: 'cases.buyerCounterResponseDays', onExpiry: 'escalate_on_silence' },
  return_delivered: { party: 'seller', kind: 'calendar_days', policy: 'cases.returnReceiptAssumedDays', from: 'return_delivered', onExpiry: 'assume_receipt' },
  awaiting_replacement: { party: 'seller', kind: 'seller_business_days', policy: 'fulfilment.processingBusinessDays', onExpiry: 'escalate_on_silence' },
};

export const qcFailureCase: CaseTypeDefinition<QcFailureStatus, QcFailureEvent> = {
  type: 'qc_failure',
  machine: qcFailureMachine,
  initial: 'awaiting_buyer',
  deadlines: QC_FAILURE_DEADLINES,
  resolved: ['resolved'],
  final: ['closed'],
  escalated: ['escalated'],
};

/** Where the goods of a QC case are: at the warehouse (inspected), on the way back, or with the seller. */
export const ITEM_LOCATIONS = ['warehouse', 'in_return', 'seller'] as const;
export type ItemLocation = (typeof ITEM_LOCATIONS)[number];

/** The system step that carries out an agreed remedy, given where the goods are. */
export function carryOutEvent(remedy: Remedy, location: ItemLocation): QcFailureEvent {
  switch (remedy.type) {
    case 'accept_as_is':
      return 'accept_item';
    case 'partial_refund':
      return 'refund_partial';
    case 'return_for_refund':
      return location === 'warehouse' ? 'issue_return_label' : 'refund_return';
    case 'exchange':
      return location === 'warehouse' ? 'issue_return_label' : 'await_replacement';
    default:
      throw new Error(`not a QC remedy: ${remedy.type}`);
  }
}

/** The system step once the seller has the goods back. */
export function afterReceiptEvent(remedy: Remedy): QcFailureEvent {
  return remedy.type === 'exchange' ? 'await_replacement' : 'refund_return';
}

/**
 * Remedies that can still be carried out where the goods are. Once they are back with the seller, the buyer can
 * no longer keep them: only a refund (without another return) or a replacement remain.
 */
export function possibleRemedies(location: ItemLocation): RemedyType[] {
  return location === 'warehouse' ? ['return_for_refund', 'exchange', 'partial_refund', 'accept_as_is'] : ['return_for_refund', 'exchange'];
}

/** Structured reasons a seller gives for refusing; each renders in both languages (render.ts). */
export const REFUSAL_REASONS = ['item_matches_listing', 'within_tolerance', 'buyer_chose_variant', 'inspection_error', 'other'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** What the inspector found; several may apply. */
export const QC_ISSUE_TYPES = ['defect', 'wrong_colour', 'size_discrepancy', 'damage', 'missing_parts', 'not_as_described', 'suspected_counterfeit'] as const;
export type QcIssueType = (typeof QC_ISSUE_TYPES)[number];
export const QC_SEVERITIES = ['minor', 'major', 'critical'] as const;
export type QcSeverity = (typeof QC_SEVERITIES)[number];
