import type { TFunction } from 'i18next';
import type { CaseDeadline, CaseSummary } from '../api/types';

/** Time left to a case deadline in words: business days for the seller's, days or hours otherwise. */
export function caseTimeLeft(t: TFunction, d: CaseDeadline | null): { text: string; tone: 'late' | 'warn' | 'ok' } {
  if (!d) return { text: '—', tone: 'ok' };
  if (d.overdue) return { text: t('cases.deadline.overdue'), tone: 'late' };
  if (d.businessDaysLeft !== null) {
    if (d.businessDaysLeft <= 0) return { text: t('orders.deadline.today'), tone: 'warn' };
    return { text: t('orders.deadline.left', { count: d.businessDaysLeft }), tone: d.businessDaysLeft <= 1 ? 'warn' : 'ok' };
  }
  if (d.hoursLeft >= 48) return { text: t('cases.deadline.days', { count: Math.floor(d.hoursLeft / 24) }), tone: 'ok' };
  return { text: t('cases.deadline.hours', { count: Math.max(0, d.hoursLeft) }), tone: d.hoursLeft <= 24 ? 'warn' : 'ok' };
}

/** Who the case waits for, from the reader's side: "you" when it is them. */
export function waitingText(t: TFunction, c: CaseSummary, side: 'buyer' | 'seller' | 'staff' | 'integration'): string {
  if (!c.waitingFor) return c.resolvedAt ? t('cases.waiting.nobodyResolved') : t('cases.waiting.nobody');
  const mine = (c.waitingFor === 'buyer' && side === 'buyer') || (c.waitingFor === 'seller' && side === 'seller');
  return mine ? t('cases.waiting.you') : t(`cases.waiting.${c.waitingFor}`);
}

export const CASE_STATUSES = [
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
];
