import { addBusinessDays, type BusinessCalendar } from '../calendar/business-days.js';
import type { Policy } from '../policy.js';
import { availableEvents, type StateMachine } from '../state-machine.js';

/**
 * The case engine (DESIGN §3 "State machines as data"; Marble's one transition table per case type): every case
 * type brings its transition table (who may fire each move), the deadline each state sets, and what the
 * scheduler fires when a deadline passes. The engine in src/modules/cases applies them; nothing here does I/O.
 *
 * This issue adds `qc_failure`; the post-delivery disputes add their types beside it (one file each) and
 * register them in `CASE_TYPE_DEFINITIONS` (index.ts).
 */
export const CASE_TYPES = ['qc_failure', 'not_received', 'missing_item', 'damaged_item', 'wrong_item', 'not_as_described'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

/** Who a deadline waits for. */
export const CASE_PARTIES = ['buyer', 'seller', 'support', 'warehouse'] as const;
export type CaseParty = (typeof CASE_PARTIES)[number];

/** Policy numbers a deadline may use: `section.key` of the policy document (src/domain/policy.ts). */
export const POLICY_DAY_KEYS = [
  'cases.sellerResponseBusinessDays',
  'cases.buyerQcResponseDays',
  'cases.buyerCounterResponseDays',
  'cases.returnReceiptAssumedDays',
  'cases.mediationAppealDays',
  'fulfilment.processingBusinessDays',
] as const;
export type PolicyDaysKey = (typeof POLICY_DAY_KEYS)[number];

/** An event the scheduler fires on expiry, or one chosen by a policy setting (e.g. what a buyer's silence means). */
export type ExpiryRule<E extends string> = E | { policy: 'cases.buyerQcSilence'; events: Record<Policy['cases']['buyerQcSilence'], E> };

export interface DeadlineRule<E extends string> {
  /** Who must act before the deadline. */
  party: CaseParty;
  /** `seller_business_days` counts on the seller's calendar (holidays, make-up days); `calendar_days` counts days of 24 hours. */
  kind: 'seller_business_days' | 'calendar_days';
  policy: PolicyDaysKey;
  /** When the time starts: on entering the state (default), or at the carrier's delivery scan of the return. */
  from?: 'entered' | 'return_delivered';
  onExpiry: ExpiryRule<E>;
}

export interface CaseTypeDefinition<S extends string = string, E extends string = string> {
  type: CaseType;
  machine: StateMachine<S, E>;
  initial: S;
  /** The deadline each state sets; a state without one waits without a clock (e.g. the support queue). */
  deadlines: Partial<Record<S, DeadlineRule<E>>>;
  /** Where the remedy has been carried out (money instructed); refunds may still be settling. */
  resolved: readonly S[];
  /** Where nothing can happen any more. */
  final: readonly S[];
  /** Where the case waits for support. */
  escalated: readonly S[];
}

export function policyDays(policy: Policy, key: PolicyDaysKey): number {
  const [section, name] = key.split('.') as [keyof Policy, string];
  const value = (policy[section] as Record<string, unknown>)[name];
  if (typeof value !== 'number') throw new Error(`policy ${key} is not a number`);
  return value;
}

/** The event a deadline fires under the policy in force. */
export function expiryEvent<E extends string>(rule: DeadlineRule<E>, policy: Policy): E {
  if (typeof rule.onExpiry === 'string') return rule.onExpiry;
  return rule.onExpiry.events[policy.cases.buyerQcSilence];
}

const DAY_MS = 86_400_000;

/** When the deadline of `rule` falls, counted from `start` (business days end at the end of the local day). */
export function deadlineAt(rule: DeadlineRule<string>, policy: Policy, start: Date, sellerCalendar: BusinessCalendar): Date {
  const days = policyDays(policy, rule.policy);
  if (rule.kind === 'seller_business_days') return addBusinessDays(start, days, sellerCalendar);
  return new Date(start.getTime() + days * DAY_MS);
}

/** Events a party may fire from a state: the console shows them as the caller's actions. */
export function eventsFor<S extends string, E extends string>(def: CaseTypeDefinition<S, E>, status: S, firers: readonly string[]): E[] {
  return availableEvents(def.machine, status, firers);
}

export function isOpen(def: CaseTypeDefinition, status: string): boolean {
  return !def.resolved.includes(status) && !def.final.includes(status);
}
