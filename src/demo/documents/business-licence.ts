import fs from 'node:fs';
import bwipjs from 'bwip-js';
import PDFDocument from 'pdfkit';

/** A business licence (营业执照, copy) as the PDF a company downloads from the national registry. */
export interface LicenceData {
  creditCode: string;
  nameZh: string;
  nameEn: string;
  typeZh: string;
  typeEn: string;
  representativeZh: string;
  representativeEn: string;
  capitalZh: string;
  capitalEn: string;
  establishedOn: string;
  validUntil: string;
  addressZh: string;
  addressEn: string;
  scopeZh: string;
  scopeEn: string;
  authorityZh: string;
  authorityEn: string;
  issuedOn: string;
}

// Chinese text needs a CJK font; these are the usual Debian packages. Without one the licence is printed in English.
const CJK_FONTS: [file: string, family: string][] = [
  ['/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', 'NotoSerifCJKsc-Regular'],
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
  ['/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', 'WenQuanYiZenHei'],
  ['/usr/share/fonts/truetype/arphic/uming.ttc', 'AR PL UMing CN'],
];

const RED = '#c8161d';
const INK = '#1d1d1f';

function zhDate(d: string): string {
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
}

function render(d: LicenceData, cjk: [string, string] | null): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      layout: 'landscape',
      margin: 0,
      info: { Title: `Business licence ${d.creditCode}`, Author: d.authorityEn, CreationDate: new Date(`${d.issuedOn}T02:00:00Z`) },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      if (cjk) doc.registerFont('zh', cjk[0], cjk[1]);
      const zh = cjk ? 'zh' : 'Helvetica';
      const W = doc.page.width;
      const H = doc.page.height;

      doc.rect(18, 18, W - 36, H - 36).lineWidth(6).stroke(RED);
      doc.rect(30, 30, W - 60, H - 60).lineWidth(1.5).stroke(RED);

      // emblem
      doc.circle(W / 2, 78, 30).fill(RED);
      doc.circle(W / 2, 78, 24).lineWidth(1.5).stroke('#f4c430');
      const star = (cx: number, cy: number, r: number) => {
        const pts: [number, number][] = [];
        for (let i = 0; i < 10; i++) {
          const a = -Math.PI / 2 + (i * Math.PI) / 5;
          const rr = i % 2 === 0 ? r : r * 0.4;
          pts.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
        }
        doc.polygon(...pts).fill('#f4c430');
      };
      star(W / 2, 76, 12);

      doc.fillColor(INK).font(zh).fontSize(cjk ? 40 : 30).text(cjk ? '营 业 执 照' : 'BUSINESS LICENCE', 0, 118, { width: W, align: 'center' });
      if (cjk) doc.font(zh).fontSize(12).fillColor(INK).text('(副 本)', 0, 166, { width: W, align: 'center' });
      doc.font('Helvetica').fontSize(9).fillColor('#555').text(cjk ? 'BUSINESS LICENCE (COPY)' : '(COPY)', 0, cjk ? 184 : 156, { width: W, align: 'center' });

      doc.font(zh).fontSize(11).fillColor(INK).text(`${cjk ? '统一社会信用代码 ' : 'Unified social credit code '}${d.creditCode}`, 60, 70);

      // QR code pointing at the public registry
      const [qr] = bwipjs.raw({ bcid: 'qrcode', text: `http://www.gsxt.gov.cn/${d.creditCode}` }) as { pixs: number[]; pixx: number; pixy: number }[];
      const cell = 2.6;
      const qx = W - 60 - qr.pixx * cell;
      const qy = 56;
      for (let y = 0; y < qr.pixy; y++) {
        for (let x = 0; x < qr.pixx; x++) if (qr.pixs[y * qr.pixx + x]) doc.rect(qx + x * cell, qy + y * cell, cell, cell).fill(INK);
      }
      doc.font('Helvetica').fontSize(6).fillColor('#555').text('Scan to verify on the national enterprise credit system', qx - 20, qy + qr.pixy * cell + 4, { width: qr.pixx * cell + 40, align: 'center' });

      const field = (x: number, y: number, zhLabel: string, enLabel: string, zhValue: string, enValue: string, width: number) => {
        doc.font(zh).fontSize(12).fillColor(INK).text(cjk ? zhLabel : enLabel, x, y, { width: 90 });
        doc.font(zh).fontSize(12).fillColor(INK).text(cjk ? zhValue : enValue, x + 95, y, { width: width - 95 });
        if (cjk) doc.font('Helvetica').fontSize(7).fillColor('#777').text(`${enLabel}: ${enValue}`, x + 95, doc.y + 1, { width: width - 95 });
      };
      const left = 80;
      const right = W / 2 + 20;
      const col = W / 2 - 100;
      field(left, 210, '名        称', 'Name', d.nameZh, d.nameEn, col);
      field(left, 262, '类        型', 'Type', d.typeZh, d.typeEn, col);
      field(left, 314, '法定代表人', 'Legal representative', d.representativeZh, d.representativeEn, col);
      field(left, 366, '经营范围', 'Business scope', d.scopeZh, d.scopeEn, col);
      field(right, 210, '注册资本', 'Registered capital', d.capitalZh, d.capitalEn, col);
      field(right, 262, '成立日期', 'Established', zhDate(d.establishedOn), d.establishedOn, col);
      field(right, 314, '营业期限', 'Valid until', `${zhDate(d.establishedOn)} 至 ${zhDate(d.validUntil)}`, `${d.establishedOn} to ${d.validUntil}`, col);
      field(right, 366, '住        所', 'Address', d.addressZh, d.addressEn, col);

      // registration authority and its seal
      const sx = W - 170;
      const sy = H - 130;
      doc.circle(sx, sy, 52).lineWidth(3).strokeOpacity(0.85).stroke(RED);
      star(sx, sy, 14);
      doc.fillColor(RED).fillOpacity(0.85).font(zh).fontSize(8).text(cjk ? d.authorityZh : d.authorityEn, sx - 46, sy + 18, { width: 92, align: 'center' });
      doc.fillOpacity(1).strokeOpacity(1);
      doc.font(zh).fontSize(12).fillColor(INK).text(cjk ? '登记机关' : 'Registration authority', sx - 190, sy - 40);
      doc.font(zh).fontSize(12).text(cjk ? zhDate(d.issuedOn) : d.issuedOn, sx - 190, sy + 30);

      doc.font('Helvetica').fontSize(7).fillColor('#777').text(
        'National Enterprise Credit Information Publicity System: http://www.gsxt.gov.cn   Annual reports are due between 1 January and 30 June each year.',
        60,
        H - 52,
        { width: W - 120, align: 'center' },
      );
      doc.end();
    } catch (err) {
      reject(err);
    }
  });
}

let cjkFont: [string, string] | null | undefined;

export async function businessLicence(d: LicenceData): Promise<Buffer> {
  if (cjkFont === undefined) {
    // The first installed font pdfkit can embed; the answer holds for the rest of the process.
    cjkFont = null;
    for (const candidate of CJK_FONTS.filter(([file]) => fs.existsSync(file))) {
      try {
        const pdf = await render(d, candidate);
        cjkFont = candidate;
        return pdf;
      } catch {
        // not a font pdfkit reads: try the next
      }
    }
  }
  if (cjkFont) return render(d, cjkFont);
  return render(d, null);
}
