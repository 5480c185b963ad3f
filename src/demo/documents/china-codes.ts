import { int, type Random } from '../random.js';

/** Identifiers printed on generated Chinese documents, with their real check characters. */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** A resident identity number (GB 11643): region, birth date, sequence (odd for men), check character. */
export function residentIdNumber(random: Random, regionCode: string, born: string, sex: 'M' | 'F'): string {
  let seq = int(random, 10, 499) * 2 + (sex === 'M' ? 1 : 0);
  if (seq > 999) seq -= 2;
  const body = `${regionCode}${born.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  const sum = [...body].reduce((s, ch, i) => s + Number(ch) * ID_WEIGHTS[i], 0);
  return body + ID_CHECK[sum % 11];
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A unified social credit code (GB 32100): '9' (market regulator), entity type, region, organisation code, check. */
export function unifiedSocialCreditCode(random: Random, regionCode: string, individualBusiness: boolean): string {
  let org = '';
  for (let i = 0; i < 9; i++) org += USCC_CHARS[int(random, 0, i === 0 ? 9 : USCC_CHARS.length - 1)];
  const body = `9${individualBusiness ? '2' : '1'}${regionCode}${org}`;
  const sum = [...body].reduce((s, ch, i) => s + USCC_CHARS.indexOf(ch) * USCC_WEIGHTS[i], 0);
  return body + USCC_CHARS[(31 - (sum % 31)) % 31];
}
