import type { SellerSpec } from './catalogue.js';
import { addDays, addYears, monthBefore } from './dates.js';
import { businessLicence } from './documents/business-licence.js';
import { residentIdNumber, unifiedSocialCreditCode } from './documents/china-codes.js';
import { identityCard } from './documents/identity-card.js';
import { utilityBill } from './documents/utility-bill.js';
import type { RGB } from './images/canvas.js';
import { int, seeded } from './random.js';

/** The files each demo seller uploads, generated from its catalogue entry. */
export interface Paper {
  bytes: Buffer;
  fileName: string;
  expiresOn?: string;
}

// Rendering is the slow part of seeding; the same inputs always give the same file, so render each once.
const rendered = new Map<string, Promise<Paper>>();
function once(key: string, render: () => Paper | Promise<Paper>): Promise<Paper> {
  let p = rendered.get(key);
  if (!p) {
    p = Promise.resolve().then(render);
    rendered.set(key, p);
    p.catch(() => rendered.delete(key));
  }
  return p;
}

/** The owner's identity card; `validUntil` overrides the usual twenty years from issue. */
export function identityPaper(s: SellerSpec, today: string, opts: { validUntil?: string; version?: number } = {}): Promise<Paper> {
  return once(`identity ${s.n} ${today} ${JSON.stringify(opts)}`, () => renderIdentity(s, today, opts));
}

function renderIdentity(s: SellerSpec, today: string, opts: { validUntil?: string; version?: number }): Paper {
  const random = seeded(`identity-${s.n}-${opts.version ?? 1}`);
  const validUntil = opts.validUntil ?? addYears(addDays(today, -int(seeded(`issue-${s.n}`), 300, 2500)), 20);
  const validFrom = addYears(validUntil, opts.validUntil ? -10 : -20);
  const png = s.n % 2 === 0;
  const bytes = identityCard(
    {
      nameLatin: s.owner.nameLatin,
      sex: s.owner.sex,
      born: s.owner.born,
      address: [s.addressEn.replace(/ \d{6}$/, '')],
      idNumber: residentIdNumber(seeded(`id-number-${s.n}`), s.divisionCode, s.owner.born, s.owner.sex),
      validFrom,
      validUntil,
      authority: `${s.city} PSB ${s.district} Branch`,
    },
    random,
    png ? 'png' : 'jpeg',
  );
  return { bytes, fileName: png ? '身份证正面.png' : `id-card-${s.owner.nameLatin.toLowerCase().replace(/\s+/g, '-')}.jpg`, expiresOn: validUntil };
}

const GRIDS: Record<SellerSpec['region'], { issuer: string; sub: (city: string) => string; brand: RGB }> = {
  Guangdong: { issuer: 'CHINA SOUTHERN POWER GRID', sub: (city) => `GUANGDONG POWER GRID CO. - ${city.toUpperCase()}`, brand: [0, 94, 160] },
  Zhejiang: { issuer: 'STATE GRID ZHEJIANG', sub: (city) => `${city.toUpperCase()} POWER SUPPLY COMPANY`, brand: [0, 122, 94] },
  Fujian: { issuer: 'STATE GRID FUJIAN', sub: (city) => `${city.toUpperCase()} POWER SUPPLY COMPANY`, brand: [0, 110, 84] },
};

/** An electricity bill for the month `monthsBack` before `onDay`. */
export function proofOfAddressPaper(s: SellerSpec, onDay: string, monthsBack: number): Promise<Paper> {
  return once(`bill ${s.n} ${onDay} ${monthsBack}`, () => renderBill(s, onDay, monthsBack));
}

function renderBill(s: SellerSpec, onDay: string, monthsBack: number): Paper {
  const period = monthBefore(onDay, monthsBack);
  const random = seeded(`bill-${s.n}-${period.month}`);
  const grid = GRIDS[s.region];
  // Bills are flat scans (PNG); every third one was photographed instead (JPEG).
  const jpeg = s.n % 3 === 0;
  const bytes = utilityBill(
    {
      issuer: grid.issuer,
      issuerSub: grid.sub(s.city),
      brand: grid.brand,
      customerName: s.businessType === 'company' ? s.legalNameEn : s.owner.nameLatin,
      address: splitAddress(s.addressEn),
      accountNo: `0${s.divisionCode}${String(int(seeded(`account-${s.n}`), 100000, 999999))}`,
      periodFrom: period.first,
      periodTo: period.last,
      issuedOn: addDays(period.last, 5),
      dueOn: addDays(period.last, 25),
      usageKwh: Array.from({ length: 6 }, () => int(random, s.businessType === 'company' ? 900 : 180, s.businessType === 'company' ? 2400 : 460)),
      tariffFen: s.businessType === 'company' ? 82 : 61,
    },
    random,
    jpeg ? 'jpeg' : 'png',
  );
  return { bytes, fileName: `electricity-bill-${period.month}.${jpeg ? 'jpg' : 'png'}` };
}

function splitAddress(address: string): string[] {
  const parts = address.split(', ');
  const half = Math.ceil(parts.length / 2);
  return [parts.slice(0, half).join(', '), parts.slice(half).join(', ')];
}

/** The business licence; `issuedTo` prints another company's name (a mismatch the officer catches). */
export function licencePaper(s: SellerSpec, today: string, opts: { validUntil?: string; issuedTo?: { zh: string; en: string } } = {}): Promise<Paper> {
  return once(`licence ${s.n} ${today} ${JSON.stringify(opts)}`, () => renderLicence(s, today, opts));
}

async function renderLicence(s: SellerSpec, today: string, opts: { validUntil?: string; issuedTo?: { zh: string; en: string } }): Promise<Paper> {
  const c = s.company!;
  const random = seeded(`licence-${s.n}`);
  const validUntil = opts.validUntil ?? addYears(c.establishedOn, 30);
  const cityZh = s.addressZh.slice(0, s.addressZh.indexOf('市') + 1);
  const bytes = await businessLicence({
    creditCode: unifiedSocialCreditCode(random, s.divisionCode, false),
    nameZh: opts.issuedTo?.zh ?? s.legalNameZh,
    nameEn: opts.issuedTo?.en ?? s.legalNameEn,
    typeZh: c.typeZh,
    typeEn: 'Limited liability company (invested or controlled by natural persons)',
    representativeZh: s.owner.nameZh,
    representativeEn: s.owner.nameLatin,
    capitalZh: c.capitalZh,
    capitalEn: c.capitalEn,
    establishedOn: c.establishedOn,
    validUntil,
    addressZh: s.addressZh,
    addressEn: s.addressEn,
    scopeZh: c.scopeZh,
    scopeEn: c.scopeEn,
    authorityZh: `${cityZh}市场监督管理局`,
    authorityEn: `${s.city} Administration for Market Regulation`,
    issuedOn: addDays(today, -int(random, 200, 900)),
  });
  return { bytes, fileName: s.n % 2 === 0 ? '营业执照副本.pdf' : 'business-licence.pdf', expiresOn: validUntil };
}
