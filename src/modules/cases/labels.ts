import fs from 'node:fs';
import { Readable } from 'node:stream';
import bwipjs from 'bwip-js';
import PDFDocument from 'pdfkit';
import type { AppContext } from '../../context.js';
import type { PostalAddress } from '../../db/tables/cases.js';
import { renderRemedy } from '../../domain/cases/render.js';
import type { Tx } from '../../platform/history.js';
import { newId } from '../../shared/ids.js';
import { activePolicy } from '../policy/service.js';
import type { CaseRow } from './access.js';

/**
 * Return shipping labels (seed 001 step 4): a PDF with the seller's address, the case reference as a Code 128
 * barcode and the instructions in English and Chinese. The label's addresses are fixed when it is issued; the PDF
 * is drawn from them on first download (drawing Chinese text takes a large font) and kept as a blob.
 */

/** Where returns leave from: the agent's QC warehouse. */
export const WAREHOUSE_ADDRESS: PostalAddress = {
  name: 'Arbiter QC Warehouse / Arbiter 质检仓',
  phone: '+86 20 0000 0000',
  country: 'CN',
  province: '广东省 Guangdong',
  city: '广州市 Guangzhou',
  district: '白云区 Baiyun',
  addressLine: '机场路 1 号 QC 收货区 (No. 1 Jichang Road, QC receiving)',
  postalCode: '510000',
};

export async function returnAddressOf(trx: Tx, sellerId: string): Promise<{ address: PostalAddress; source: 'return_address' | 'seller_profile' }> {
  const a = await trx.selectFrom('seller_return_addresses').selectAll().where('seller_id', '=', sellerId).executeTakeFirst();
  if (a) {
    return {
      source: 'return_address',
      address: { name: a.recipient_name, phone: a.phone, country: a.country, province: a.province, city: a.city, district: a.district, addressLine: a.address_line, postalCode: a.postal_code },
    };
  }
  const s = await trx.selectFrom('sellers').selectAll().where('id', '=', sellerId).executeTakeFirstOrThrow();
  return {
    source: 'seller_profile',
    address: {
      name: `${s.legal_name} (${s.contact_name})`,
      phone: s.contact_phone ?? '',
      country: s.country,
      province: s.region,
      city: '',
      district: '',
      addressLine: s.shop_name,
      postalCode: '',
    },
  };
}

/** Records the label of the case's current round (idempotent per round). */
export async function issueReturnLabel(trx: Tx, c: CaseRow, at: Date) {
  const existing = await trx.selectFrom('return_labels').selectAll().where('case_id', '=', c.id).where('round', '=', c.round).executeTakeFirst();
  if (existing) return existing;
  const { address, source } = await returnAddressOf(trx, c.seller_id);
  return trx
    .insertInto('return_labels')
    .values({
      id: newId('lbl', at.getTime()),
      case_id: c.id,
      seller_id: c.seller_id,
      round: c.round,
      sha256: null,
      size_bytes: null,
      rendered_at: null,
      ship_to: JSON.stringify(address),
      ship_from: JSON.stringify(WAREHOUSE_ADDRESS),
      address_source: source,
      issued_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

// ---- the PDF ---------------------------------------------------------------------------------------------

const CJK_FONTS: { path: string; family?: string }[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/System/Library/Fonts/PingFang.ttc', family: 'PingFangSC-Regular' },
];

let cjkFont: { data: Buffer; family?: string } | null | undefined;

/** A font that has Chinese glyphs: ARBITER_LABEL_FONT (path[#family]) or a common system font; null if none. */
function findCjkFont(): { data: Buffer; family?: string } | null {
  if (cjkFont !== undefined) return cjkFont;
  const configured = process.env.ARBITER_LABEL_FONT;
  const candidates = configured ? [{ path: configured.split('#')[0], family: configured.split('#')[1] }] : CJK_FONTS;
  cjkFont = null;
  for (const c of candidates) {
    try {
      cjkFont = { data: fs.readFileSync(c.path), family: c.family };
      break;
    } catch {
      // try the next one
    }
  }
  return cjkFont;
}

export interface LabelContent {
  caseId: string;
  orderExternalId: string;
  itemName: string;
  remedy: string;
  shipTo: PostalAddress;
  shipFrom: PostalAddress;
  issuedAt: Date;
  receiptAssumedDays: number;
}

const LABEL_SIZE: [number, number] = [432, 288]; // 6 × 4 in, landscape
/** Code 128 module width in points (0.32 mm); the barcode's bars are drawn as rectangles of whole modules. */
export const BARCODE_MODULE = 0.9;
export const BARCODE_HEIGHT = 54;

function addressLines(a: PostalAddress): string[] {
  return [a.name, a.phone, [a.province, a.city, a.district].filter(Boolean).join(' '), a.addressLine, [a.postalCode, a.country].filter(Boolean).join(' ')].filter((l) => l.trim() !== '');
}

/** The bar and space widths (in modules) of a Code 128 barcode of `text`, starting with a bar. */
export function code128Pattern(text: string): number[] {
  const raw = (bwipjs as unknown as { raw(o: { bcid: string; text: string }): { sbs: number[] }[] }).raw({ bcid: 'code128', text });
  return raw[0].sbs;
}

export function renderLabelPdf(l: LabelContent): Promise<Buffer> {
  const font = findCjkFont();
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: LABEL_SIZE,
      margin: 14,
      info: { Title: `Return label ${l.caseId}`, Subject: l.caseId, Keywords: `return label; ${l.caseId}; ${l.orderExternalId}`, Creator: 'Arbiter', CreationDate: l.issuedAt },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    if (font) doc.registerFont('text', font.data, font.family);
    const text = font ? 'text' : 'Helvetica';
    // Without a Chinese font, Chinese characters would print as garbage: keep the rest legible.
    const t = (s: string) => (font ? s : s.replace(/[^\u0000-\u00ff]+/g, ' ').replace(/\s+/g, ' ').trim());
    const [W, H] = LABEL_SIZE;

    // page 1: the label
    doc.rect(8, 8, W - 16, H - 16).lineWidth(1).stroke();
    doc.font(text).fontSize(15).text(t('RETURN 退货'), 16, 14, { width: 200 });
    doc.fontSize(7).text(t(`Issued ${l.issuedAt.toISOString().slice(0, 10)} · Order ${l.orderExternalId}`), 220, 18, { width: W - 236, align: 'right' });
    doc.fontSize(7).text(t('SHIP TO 收件人'), 16, 40);
    doc.fontSize(11).text(t(addressLines(l.shipTo).join('\n')), 16, 50, { width: 250, height: 92, lineGap: 1 });
    doc.fontSize(7).text(t('FROM 寄件人'), 276, 40);
    doc.fontSize(7).text(t(addressLines(l.shipFrom).join('\n')), 276, 50, { width: W - 292, height: 92 });
    doc.fontSize(7).text(t(`Item 商品: ${l.itemName}`), 16, 146, { width: W - 32, height: 18 });

    // the case reference as Code 128, bars drawn as whole modules, with 10 modules of quiet zone each side
    const pattern = code128Pattern(l.caseId);
    const modules = pattern.reduce((s, w) => s + w, 0);
    let x = Math.round((W - modules * BARCODE_MODULE) / 2);
    const y = 172;
    doc.save().fillColor('black');
    pattern.forEach((w, i) => {
      if (i % 2 === 0) doc.rect(x, y, w * BARCODE_MODULE, BARCODE_HEIGHT).fill();
      x += w * BARCODE_MODULE;
    });
    doc.restore();
    doc.font('Courier').fontSize(10).text(l.caseId, 16, y + BARCODE_HEIGHT + 4, { width: W - 32, align: 'center' });
    doc.font(text).fontSize(6).text(t('Case reference 案件编号 — returns without an open case are refused 未开启案件的退货一律拒收'), 16, y + BARCODE_HEIGHT + 18, { width: W - 32, align: 'center' });

    // page 2: the instructions, in both languages
    doc.addPage({ size: LABEL_SIZE, margin: 16 });
    doc.font(text).fontSize(10).text(t('Return instructions'), { underline: false });
    doc.fontSize(7).text(
      t(
        [
          `Remedy: ${l.remedy}.`,
          '1. Warehouse: pack the item securely (original packaging where possible) with everything that came with it.',
          '2. Attach page 1 to the outside of the parcel; do not cover or fold the barcode.',
          `3. Hand the parcel to the carrier and record the carrier and tracking number on case ${l.caseId}.`,
          `4. Seller: confirm receipt on the case when the parcel arrives. If you do not, receipt is assumed ${l.receiptAssumedDays} days after the carrier's delivery scan.`,
          'Nothing is accepted back without this open case.',
        ].join('\n'),
      ),
      { lineGap: 1 },
    );
    doc.moveDown(0.6);
    doc.fontSize(10).text(t('退货说明'));
    doc.fontSize(7).text(
      t(
        [
          '1. 仓库：请妥善包装商品（尽量使用原包装），连同全部配件一起寄回。',
          '2. 将第 1 页贴在包裹外侧，不要遮挡或折叠条形码。',
          `3. 交给承运商后，在案件 ${l.caseId} 中登记承运商和运单号。`,
          `4. 卖家：收到包裹后请在案件中确认收货；如未确认，将在承运商签收后 ${l.receiptAssumedDays} 天视为已收货。`,
          '未开启案件的退货一律不予接收。',
        ].join('\n'),
      ),
      { lineGap: 1 },
    );
    doc.end();
  });
}

/** The label's PDF, drawn and stored on first request; afterwards always the stored file. */
export async function labelFile(ctx: AppContext, labelId: string): Promise<{ sha256: string; sizeBytes: number }> {
  const label = await ctx.db.selectFrom('return_labels').selectAll().where('id', '=', labelId).executeTakeFirstOrThrow();
  if (label.sha256 && label.size_bytes !== null) return { sha256: label.sha256, sizeBytes: label.size_bytes };
  const c = await ctx.db.selectFrom('cases').selectAll().where('id', '=', label.case_id).executeTakeFirstOrThrow();
  const order = await ctx.db.selectFrom('orders').select('external_id').where('id', '=', c.order_id).executeTakeFirstOrThrow();
  const item = c.order_item_id ? await ctx.db.selectFrom('order_items').select(['name', 'sku']).where('id', '=', c.order_item_id).executeTakeFirst() : undefined;
  const policy = await activePolicy(ctx);
  const remedy = c.agreed_remedy ? renderRemedy(c.agreed_remedy, { currency: c.currency, claimAmount: c.claim_amount }) : { en: 'return', 'zh-CN': '退货' };
  const pdf = await renderLabelPdf({
    caseId: c.id,
    orderExternalId: order.external_id,
    itemName: item ? `${item.name}${item.sku ? ` (${item.sku})` : ''}` : '',
    remedy: `${remedy.en} / ${remedy['zh-CN']}`,
    shipTo: label.ship_to,
    shipFrom: label.ship_from,
    issuedAt: label.issued_at,
    receiptAssumedDays: policy.policy.cases.returnReceiptAssumedDays,
  });
  const staged = await ctx.storage.stage(Readable.from([pdf]), pdf.length + 1);
  const now = ctx.clock.now();
  const stored = await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('blobs').values({ sha256: staged.sha256, size_bytes: staged.sizeBytes, media_type: 'application/pdf', created_at: now }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
    await trx.updateTable('return_labels').set({ sha256: staged.sha256, size_bytes: staged.sizeBytes, rendered_at: now }).where('id', '=', labelId).where('sha256', 'is', null).execute();
    await staged.commit();
    // Two first downloads at once: whichever stored first is the label from now on.
    return trx.selectFrom('return_labels').select(['sha256', 'size_bytes']).where('id', '=', labelId).executeTakeFirstOrThrow();
  });
  return { sha256: stored.sha256!, sizeBytes: stored.size_bytes! };
}
