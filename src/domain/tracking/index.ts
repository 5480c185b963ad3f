import { jdRule, sfRule, stoRule, ytoRule, yundaRule, ztoRule } from './china-express.js';
import { emsRule } from './china-post.js';
import { fourPxRule, cainiaoRule, yunExpressRule } from './cross-border.js';
import { dhlRule, fedexRule, upsRule, uspsRule } from './international.js';
import { checkS10 } from './s10.js';
import { CARRIER_CODES, CARRIER_NAMES, verdictRule, type CarrierCode, type CarrierRule } from './types.js';

export { CARRIER_CODES, CARRIER_NAMES, type CarrierCode } from './types.js';
export { s10CheckDigit } from './s10.js';

export interface TrackingValidation {
  valid: boolean;
  /** Every carrier whose format the number matches (whether or not a carrier was named). */
  carriers: CarrierCode[];
  /** Why the number is not valid, in plain words; null when it is. */
  reason: string | null;
  /** Trimmed, spaces and dashes removed, upper-case: the form to store. */
  normalized: string;
}

const RULES: Record<CarrierCode, CarrierRule> = {
  'upu-s10': verdictRule(checkS10),
  ups: upsRule,
  fedex: fedexRule,
  dhl: dhlRule,
  usps: uspsRule,
  sf: sfRule,
  ems: emsRule,
  yto: ytoRule,
  zto: ztoRule,
  sto: stoRule,
  yunda: yundaRule,
  jd: jdRule,
  cainiao: cainiaoRule,
  yunexpress: yunExpressRule,
  '4px': fourPxRule,
};

/** Longest number any supported format has (FedEx and USPS 34 digits), with room to spare. */
const MAX_LENGTH = 40;

export function normalizeTrackingNumber(number: string): string {
  return number.trim().replace(/[\s-]+/g, '').toUpperCase();
}

function names(codes: CarrierCode[]): string {
  return codes.map((c) => CARRIER_NAMES[c]).join(', ');
}

/**
 * Validates a tracking number, optionally for a named carrier. Without a carrier the number is valid when
 * any carrier's format matches; with one, only when that carrier's does. The S10 standard and the
 * international carriers' check digits are verified; the Chinese carriers publish none, so their numbers
 * are checked by shape (see the carrier files).
 */
export function validateTrackingNumber(number: string, carrier?: CarrierCode): TrackingValidation {
  const normalized = normalizeTrackingNumber(String(number ?? ''));
  const invalid = (reason: string): TrackingValidation => ({ valid: false, carriers: [], reason, normalized });

  if (carrier !== undefined && !Object.hasOwn(RULES, carrier)) return invalid(`unknown carrier ${String(carrier)}`);
  if (normalized === '') return invalid('the tracking number is empty');
  const stray = [...new Set(normalized.replace(/[A-Z0-9]/g, ''))];
  if (stray.length) {
    return invalid(`tracking numbers have only letters and digits; remove ${stray.map((c) => `"${c}"`).join(' ')}`);
  }
  if (normalized.length > MAX_LENGTH) return invalid(`${normalized.length} characters is longer than any carrier's tracking number`);

  const carriers: CarrierCode[] = CARRIER_CODES.filter((code) => RULES[code].test(normalized));

  if (carrier !== undefined) {
    if (carriers.includes(carrier)) return { valid: true, carriers, reason: null, normalized };
    const hint = carriers.length ? ` (it matches the format of ${names(carriers)})` : '';
    return { valid: false, carriers, reason: RULES[carrier].explain(normalized).reason + hint, normalized };
  }

  if (carriers.length) return { valid: true, carriers, reason: null, normalized };
  // Nothing matched: the first carrier whose shape fits but whose check failed says the most useful thing.
  for (const code of CARRIER_CODES) {
    const why = RULES[code].explain(normalized);
    if (why.nearMiss) return { valid: false, carriers, reason: `${CARRIER_NAMES[code]}: ${why.reason}`, normalized };
  }
  return { valid: false, carriers, reason: 'the number does not match the format of any supported carrier', normalized };
}
