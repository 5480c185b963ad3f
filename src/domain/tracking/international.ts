import trackingNumbers, { type TrackingCourier } from 'ts-tracking-number';
import { checkS10, parseS10 } from './s10.js';
import { fail, verdictRule, type CarrierRule, type Failure } from './types.js';

/**
 * UPS, FedEx, DHL and USPS through ts-tracking-number, which implements the formats and check digits
 * published in tracking_number_data (the data set several tracking libraries share). What it checks, read
 * from its source:
 * - UPS: 1Z + 6-character shipper + 2-character service + 7-character package + a mod-10 check digit
 *   (letters mapped to digits, odd positions doubled); UPS waybills A/H/J/K/T/V + 9 digits + mod-10 check.
 * - FedEx: Express 12 digits (weights 3 1 7, mod 11 mod 10) and 34 digits; Ground 15 digits, SSCC-18
 *   (container type 00–03), 96-prefixed 22 and 34 digits; SmartPost 20–30 digits; all with their check digits.
 * - DHL: Express waybills of 10–11 digits (check digit = the rest mod 7); piece IDs J + 2–3 letters + 9–10
 *   digits and eCommerce numbers (GM, LX, RX, UV, CN, SG, TH, IN, HK, MY + 10–39 digits), which have no
 *   check digit.
 * - USPS: 20-digit, 22–26-digit IMpb (91–95 prefixed) and 420 + ZIP routed numbers, mod-10 check digits.
 * It does not explain a failure, so a failing number whose last digit, changed, would pass is reported as
 * a wrong check digit; anything else gets the carrier's format description.
 */

const { getTracking, ups, fedex, dhl, usps } = trackingNumbers;

function libraryRule(courier: TrackingCourier, formatReason: string): CarrierRule {
  return {
    test: (n) => getTracking(n, [courier]) !== undefined,
    explain: (n) => checkDigitMiss(n, courier) ?? fail(formatReason),
  };
}

function checkDigitMiss(n: string, courier: TrackingCourier): Failure | null {
  const last = n.at(-1);
  if (!last || !/\d/.test(last)) return null;
  const head = n.slice(0, -1);
  const passing: string[] = [];
  for (let d = 0; d <= 9; d++) {
    if (String(d) !== last && getTracking(head + d, [courier])) passing.push(String(d));
  }
  return passing.length ? fail(`check digit is ${last}, expected ${passing.join(' or ')}`, true) : null;
}

export const upsRule = libraryRule(
  ups,
  'UPS numbers are 1Z followed by 16 letters or digits (the last a check digit), or a waybill letter (A, H, J, K, T, V) followed by 10 digits',
);

export const fedexRule = libraryRule(
  fedex,
  'FedEx numbers are 12, 15, 18, 20, 22 or 34 digits ending in a check digit',
);

export const dhlRule = libraryRule(
  dhl,
  'DHL Express waybills are 10 or 11 digits ending in a check digit; DHL piece numbers start with J and DHL eCommerce numbers with GM, LX, RX or a country prefix',
);

const uspsDomesticRule = libraryRule(
  usps,
  'USPS numbers are 20 to 34 digits ending in a check digit (for example 9400 1112 …), or an international S10 number ending in US',
);

/** USPS also issues S10 numbers for its international services (EC…US, LZ…US, RR…US), which the library files under S10. */
export const uspsRule: CarrierRule = {
  test: (n) => (isUsS10(n) ? checkS10(n).ok : uspsDomesticRule.test(n)),
  explain: (n) => (isUsS10(n) ? verdictRule(checkS10).explain(n) : uspsDomesticRule.explain(n)),
};

function isUsS10(n: string): boolean {
  return parseS10(n)?.country === 'US';
}
