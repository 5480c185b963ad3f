import { isIsoCountry } from './iso-countries.js';
import { fail, OK, type CarrierVerdict } from './types.js';

/**
 * UPU standard S10 (S10-12), the 13-character identifier of international postal items, e.g. RR123456785CN:
 *   2 letters  service indicator (the kind of item: EMS, registered letter, parcel, …)
 *   8 digits   serial number
 *   1 digit    check digit over the serial: weights 8 6 4 2 3 5 9 7, C = 11 − (sum mod 11), 10 → 0, 11 → 5
 *   2 letters  ISO 3166-1 alpha-2 code of the issuing postal operator's country (GB for the United Kingdom;
 *              'UK' is not an ISO code and not used)
 *
 * ts-tracking-number also recognises S10, but its country list holds only the UPU member countries with a
 * listed courier (no MO, TW, PR, GI, …), and it cannot say which part failed, so the rule is implemented here
 * in full; the unit tests cross-check it against the library where both apply.
 */

const SHAPE = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/;
const WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7];

export const S10_FORMAT =
  'UPU S10 numbers are 2 letters, 8 digits, a check digit and a 2-letter country code, e.g. RR123456785CN';

/** The S10 check digit of an 8-digit serial number. */
export function s10CheckDigit(serial: string): number {
  if (!/^\d{8}$/.test(serial)) throw new RangeError('An S10 serial number has 8 digits');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(serial[i]) * WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 0 : c === 11 ? 5 : c;
}

/**
 * Service indicators the S10-12 standard assigns (the same table tracking_number_data, the data set behind
 * ts-tracking-number, encodes). The remaining ranges — AA–AU, F, GB–GC, GE–GZ, I, J, K, O, QN–QZ, S, T, W,
 * X, Y — are unassigned or reserved and never appear on an international item.
 */
const SERVICE_INDICATORS: { pattern: RegExp; meaning: string }[] = [
  { pattern: /^A[V-Z]$/, meaning: 'domestic or bilateral use (RFID-tracked e-commerce items)' },
  { pattern: /^B[A-Z]$/, meaning: 'domestic or bilateral use' },
  { pattern: /^C[A-Z]$/, meaning: 'parcel post' },
  { pattern: /^D[A-Z]$/, meaning: 'domestic or bilateral use' },
  { pattern: /^E[A-Z]$/, meaning: 'EMS' },
  { pattern: /^G[AD]$/, meaning: 'domestic or bilateral use' },
  { pattern: /^H[A-Z]$/, meaning: 'e-commerce parcel' },
  { pattern: /^L[A-Z]$/, meaning: 'letter post express' },
  { pattern: /^M[A-Z]$/, meaning: 'M-bag' },
  { pattern: /^N[A-Z]$/, meaning: 'domestic or bilateral use' },
  { pattern: /^P[A-Z]$/, meaning: 'domestic or bilateral use' },
  { pattern: /^Q[A-M]$/, meaning: 'international business reply service' },
  { pattern: /^R[A-Z]$/, meaning: 'registered letter post' },
  { pattern: /^U[A-Z]$/, meaning: 'letter post item under customs control' },
  { pattern: /^V[A-Z]$/, meaning: 'insured letter post' },
  { pattern: /^Z[A-Z]$/, meaning: 'domestic or bilateral use' },
];

export interface S10Parts {
  service: string;
  serial: string;
  checkDigit: number;
  country: string;
}

export function parseS10(normalized: string): S10Parts | null {
  const m = SHAPE.exec(normalized);
  return m ? { service: m[1], serial: m[2], checkDigit: Number(m[3]), country: m[4] } : null;
}

export function s10ServiceMeaning(service: string): string | null {
  return SERVICE_INDICATORS.find((s) => s.pattern.test(service))?.meaning ?? null;
}

/** Checks shape, service indicator, check digit and country, and says which one failed. */
export function checkS10(normalized: string): CarrierVerdict {
  const p = parseS10(normalized);
  if (!p) return fail(S10_FORMAT);
  if (!s10ServiceMeaning(p.service)) {
    return fail(`service indicator ${p.service} is not one the UPU S10 standard assigns`, true);
  }
  const expected = s10CheckDigit(p.serial);
  if (p.checkDigit !== expected) return fail(`check digit is ${p.checkDigit}, expected ${expected}`, true);
  if (!isIsoCountry(p.country)) {
    const hint = p.country === 'UK' ? ' (the United Kingdom is GB)' : '';
    return fail(`country code ${p.country} is not an ISO country${hint}`, true);
  }
  return OK;
}
