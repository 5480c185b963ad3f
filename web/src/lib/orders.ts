import type { TFunction } from 'i18next';
import { CARRIER_CODES, type CarrierCode, type OrderStatus, type User } from '../api/types';
import i18n from '../i18n';
import { hasRole, STAFF_ROLES } from './roles';

export function isCarrierCode(value: string): value is CarrierCode {
  return (CARRIER_CODES as readonly string[]).includes(value);
}

/** A carrier's name in the reader's language; codes the console does not know are shown as given. */
export function carrierName(t: TFunction, code: string | null | undefined, fallback?: string): string {
  if (!code) return '—';
  return t(`carriers.${code}`, { defaultValue: fallback ?? code.toUpperCase() });
}

/** A weight in grams, with kilograms beside it from one kilogram on. */
export function formatWeight(grams: number | null | undefined): string {
  if (grams == null) return '—';
  const locale = i18n.language === 'zh-CN' ? 'zh-CN' : 'en-GB';
  const g = new Intl.NumberFormat(locale).format(grams);
  if (grams < 1000) return i18n.t('units.grams', { value: g });
  const kg = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(grams / 1000);
  return i18n.t('units.gramsAndKg', { value: g, kg });
}

/** The time left to dispatch in the seller's business days, in words, and how urgent it is. */
export function businessDaysText(t: TFunction, left: number | null, overdue: boolean): { text: string; tone: 'late' | 'warn' | 'ok' } {
  if (left === null) return { text: '—', tone: 'ok' };
  if (left < 0) return { text: t('orders.deadline.overdue', { count: -left }), tone: 'late' };
  if (overdue) return { text: t('orders.deadline.overdueToday'), tone: 'late' };
  if (left === 0) return { text: t('orders.deadline.today'), tone: 'warn' };
  return { text: t('orders.deadline.left', { count: left }), tone: left <= 1 ? 'warn' : 'ok' };
}

/** Staff who see every order: warehouse, support, compliance and admins. */
export function isStaffUser(user: User | null | undefined): boolean {
  return hasRole(user, ...STAFF_ROLES);
}

export const AWAITING_DISPATCH: OrderStatus[] = ['paid', 'cancellation_requested'];
