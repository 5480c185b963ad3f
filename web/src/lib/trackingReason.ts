import i18n from '../i18n';

/**
 * The tracking-number check answers with a reason in English (no code). Sellers read Chinese, so the console
 * recognises the reasons it knows — their English wording is kept in en.json under `trackingReason`, the
 * Chinese beside it — and translates them with their values; anything else is shown as the server wrote it.
 */

const TEMPLATES = [
  'empty',
  'stray',
  'tooLong',
  'checkDigit',
  's10Service',
  's10Country',
  's10CountryUk',
  'emsService',
  'noMatch',
  'unknownCarrier',
  'format.s10',
  'format.ups',
  'format.fedex',
  'format.dhl',
  'format.usps',
  'format.sf',
  'format.yto',
  'format.zto',
  'format.sto',
  'format.yunda',
  'format.jd',
  'format.ems',
  'format.cainiao',
  'format.yunexpress',
  'format.fourPx',
];

/** Carrier codes in the order of en.json's `carriers`, to turn an English carrier name back into its code. */
const CARRIERS = ['upu-s10', 'ups', 'fedex', 'dhl', 'usps', 'sf', 'ems', 'yto', 'zto', 'sto', 'yunda', 'jd', 'cainiao', 'yunexpress', '4px'];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(template: string): { re: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{\{\w+\}\})/)
    .map((part) => {
      const m = /^\{\{(\w+)\}\}$/.exec(part);
      if (!m) return escape(part);
      names.push(m[1]);
      return '(.+?)';
    })
    .join('');
  return { re: new RegExp(`^${source}$`), names };
}

function englishCarrierCode(name: string): string | null {
  const en = i18n.getFixedT('en');
  return CARRIERS.find((c) => en(`carriers.${c}`) === name.trim()) ?? null;
}

function carrierListInChinese(list: string): string {
  return list
    .split(', ')
    .map((name) => {
      const code = englishCarrierCode(name);
      return code ? i18n.t(`carriers.${code}`) : name;
    })
    .join('、');
}

function translateBody(body: string): string | null {
  const en = i18n.getFixedT('en');
  for (const key of TEMPLATES) {
    const { re, names } = compile(en(`trackingReason.${key}`));
    const m = re.exec(body);
    if (!m) continue;
    const values: Record<string, string> = {};
    names.forEach((n, i) => {
      values[n] = n === 'expected' ? m[i + 1].replace(/ or /g, ' 或 ') : m[i + 1];
    });
    return i18n.t(`trackingReason.${key}`, values);
  }
  return null;
}

/** A tracking-number reason from the API in the reader's language, as a sentence. */
export function trackingReasonText(reason: string | null | undefined): string {
  if (!reason) return '';
  if (!i18n.language.startsWith('zh')) return sentence(reason);
  const en = i18n.getFixedT('en');
  let rest = reason.trim();
  // " (it matches the format of SF Express, YTO Express)" at the end
  let others = '';
  const suffix = compile(` ${en('trackingReason.matchesOthers')}`);
  const sm = new RegExp(suffix.re.source.replace(/^\^/, '')).exec(rest);
  if (sm) {
    others = i18n.t('trackingReason.matchesOthers', { carriers: carrierListInChinese(sm[1]) });
    rest = rest.slice(0, sm.index);
  }
  // "SF Express: …" in front, when nothing else matched and the server names the closest carrier
  let carrier: string | null = null;
  const pm = /^([^:]+): (.+)$/.exec(rest);
  if (pm && englishCarrierCode(pm[1])) {
    carrier = i18n.t(`carriers.${englishCarrierCode(pm[1])}`);
    rest = pm[2];
  }
  const body = translateBody(rest);
  if (body === null) return i18n.t('trackingReason.fallback', { reason });
  const text = carrier ? i18n.t('trackingReason.prefixed', { carrier, reason: body }) : body;
  return `${text}${others}。`.replace(/。。$/, '。');
}

function sentence(text: string): string {
  const s = text.trim();
  const capital = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.)]$/.test(capital) ? capital : `${capital}.`;
}
