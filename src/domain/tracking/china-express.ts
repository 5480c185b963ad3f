import { patternRule } from './types.js';

/**
 * Mainland China's express carriers. None of them publishes a check digit, so only the shape of the number
 * is checked: the prefixes and lengths their current electronic waybills use, as the carriers' own tracking
 * pages and the common waybill-recognition rules describe them. A number of the right shape may still not
 * exist; the carrier-scan check after dispatch catches that.
 */

/** SF Express (顺丰): SF + 13 digits today (SF + 12 on older waybills). The old all-digit waybills are no longer issued. */
export const sfRule = patternRule([/^SF\d{12,13}$/], 'SF Express numbers are SF followed by 12 or 13 digits');

/** YTO Express (圆通): YT + 12 or 13 digits. (YT + 16 digits is YunExpress, a different company.) */
export const ytoRule = patternRule([/^YT\d{12,13}$/], 'YTO Express numbers are YT followed by 12 or 13 digits');

/**
 * ZTO Express (中通): all digits starting with 7 — 12 digits on older waybills, 13–15 (73…, 75…, 76…, 78…) on
 * current ones. 77… is STO's prefix and is left to it.
 */
export const ztoRule = patternRule(
  [/^7[0-689]\d{10,13}$/],
  'ZTO Express numbers are 12 to 15 digits starting with 7 (but not 77, which is STO)',
);

/** STO Express (申通): all digits starting with 77 — 15 digits on current waybills (773…), 12–13 on older ones. */
export const stoRule = patternRule([/^77\d{10,13}$/], 'STO Express numbers are 12 to 15 digits starting with 77');

/** Yunda Express (韵达): all digits — 13 (older, 1…/3…/4…/5…) or 15 (current, 3… or 4…, e.g. 4634…). */
export const yundaRule = patternRule(
  [/^[1345]\d{12}$/, /^[34]\d{14}$/],
  'Yunda numbers are 13 digits starting with 1, 3, 4 or 5, or 15 digits starting with 3 or 4',
);

/** JD Logistics (京东物流): JD + 2 letters or digits + 11 digits, e.g. JDVA12345678901, JDX024407261700, JD0012345678901. */
export const jdRule = patternRule(
  [/^JD[0-9A-Z]{2}\d{11}$/],
  'JD Logistics numbers are JD followed by 2 letters or digits and 11 digits',
);
