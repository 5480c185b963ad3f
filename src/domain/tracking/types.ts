export type CarrierCode =
  | 'upu-s10'
  | 'ups'
  | 'fedex'
  | 'dhl'
  | 'usps'
  | 'sf'
  | 'ems'
  | 'yto'
  | 'zto'
  | 'sto'
  | 'yunda'
  | 'jd'
  | 'cainiao'
  | 'yunexpress'
  | '4px';

/** Every carrier code, in the order results list them. */
export const CARRIER_CODES = [
  'upu-s10',
  'ups',
  'fedex',
  'dhl',
  'usps',
  'sf',
  'ems',
  'yto',
  'zto',
  'sto',
  'yunda',
  'jd',
  'cainiao',
  'yunexpress',
  '4px',
] as const satisfies readonly CarrierCode[];

// Compile-time guard: the list above names every carrier code.
const everyCodeListed: Exclude<CarrierCode, (typeof CARRIER_CODES)[number]> extends never ? true : never = true;
void everyCodeListed;

export const CARRIER_NAMES: Record<CarrierCode, string> = {
  'upu-s10': 'UPU S10',
  ups: 'UPS',
  fedex: 'FedEx',
  dhl: 'DHL',
  usps: 'USPS',
  sf: 'SF Express',
  ems: 'EMS',
  yto: 'YTO Express',
  zto: 'ZTO Express',
  sto: 'STO Express',
  yunda: 'Yunda Express',
  jd: 'JD Logistics',
  cainiao: 'Cainiao',
  yunexpress: 'YunExpress',
  '4px': '4PX',
};

/**
 * One carrier's verdict on a normalised number (upper-case letters and digits only).
 * `nearMiss` marks a number that has the carrier's shape but fails a check (check digit, country, service
 * indicator): its reason is then the most useful thing to tell someone who did not name a carrier.
 */
export type CarrierVerdict = { ok: true } | { ok: false; reason: string; nearMiss: boolean };
export type Failure = Extract<CarrierVerdict, { ok: false }>;

/**
 * A carrier's rule. `test` is what runs for every number; `explain` runs only for a number that failed and
 * whose reason is wanted, so a rule may spend more time there (the international carriers search for the
 * check digit that would have passed).
 */
export interface CarrierRule {
  test(normalized: string): boolean;
  explain(normalized: string): Failure;
}

export const OK: CarrierVerdict = { ok: true };

export function fail(reason: string, nearMiss = false): Failure {
  return { ok: false, reason, nearMiss };
}

/** A rule from a function that decides and explains in one go (cheap rules). */
export function verdictRule(check: (normalized: string) => CarrierVerdict): CarrierRule {
  return {
    test: (n) => check(n).ok,
    explain: (n) => {
      const v = check(n);
      return v.ok ? fail('the number is valid') : v;
    },
  };
}

/** A carrier whose only rule is its published shape (no check digit is published for it). */
export function patternRule(patterns: readonly RegExp[], formatReason: string): CarrierRule {
  return {
    test: (n) => patterns.some((p) => p.test(n)),
    explain: () => fail(formatReason),
  };
}
