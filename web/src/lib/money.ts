import i18n from '../i18n';

function locale() {
  return i18n.language === 'zh-CN' ? 'zh-CN' : 'en-GB';
}

/** Digits after the decimal point in a currency's minor unit (2 for USD, 0 for JPY). */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** An amount in minor units as money in the reader's language: 5500 USD → "US$55.00" / "US$55.00". */
export function formatMoney(minor: number | null | undefined, currency: string): string {
  if (minor == null) return '—';
  const digits = minorDigits(currency);
  const major = minor / 10 ** digits;
  try {
    return new Intl.NumberFormat(locale(), { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(major);
  } catch {
    return `${major.toFixed(digits)} ${currency}`;
  }
}

/** An amount typed in major units ("12.5") as whole minor units (1250), or null when it is not a valid amount. */
export function parseMoney(text: string, currency: string): number | null {
  const clean = text.trim().replace(/[,\s]/g, '');
  if (!/^\d+(\.\d+)?$/.test(clean)) return null;
  const digits = minorDigits(currency);
  const [whole, fraction = ''] = clean.split('.');
  if (fraction.length > digits) return null;
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Minor units as the plain number a form shows for editing: 1250 USD → "12.50". */
export function toMajorInput(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}
