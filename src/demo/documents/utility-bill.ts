import bwipjs from 'bwip-js';
import { Canvas, type RGB } from '../images/canvas.js';
import type { Random } from '../random.js';

/** An electricity bill, the usual proof of address, photographed flat. */
export interface BillData {
  issuer: string;
  issuerSub: string;
  brand: RGB;
  customerName: string;
  address: string[];
  accountNo: string;
  periodFrom: string;
  periodTo: string;
  issuedOn: string;
  dueOn: string;
  usageKwh: number[];
  tariffFen: number;
}

const INK: RGB = [30, 30, 35];
const GREY: RGB = [110, 110, 120];

function barcode(c: Canvas, x: number, y: number, text: string, height: number): void {
  const [{ sbs }] = bwipjs.raw({ bcid: 'code128', text }) as { sbs: number[] }[];
  let cx = x;
  sbs.forEach((width, i) => {
    if (i % 2 === 0) c.fillRect(cx, y, width * 2, height, INK);
    cx += width * 2;
  });
}

export function utilityBill(d: BillData, random: Random, format: 'png' | 'jpeg'): Buffer {
  const c = new Canvas(620, 860, [252, 251, 247]);
  c.fillRect(0, 0, 620, 92, d.brand);
  c.ring(52, 46, 28, 5, [255, 255, 255]);
  c.fillEllipse(52, 46, 10, 10, [255, 255, 255]);
  c.text(96, 22, d.issuer, [255, 255, 255], 3, true);
  c.text(96, 56, d.issuerSub, [235, 245, 240], 2);

  c.text(32, 120, 'ELECTRICITY BILL', INK, 4, true);
  c.text(32, 166, `ISSUED ${d.issuedOn}`, GREY, 2);
  c.text(360, 166, `ACCOUNT ${d.accountNo}`, GREY, 2);

  c.strokeRect(32, 196, 556, 128, [200, 200, 205], 2);
  c.text(48, 212, 'CUSTOMER', GREY, 2);
  c.text(48, 236, d.customerName.toUpperCase(), INK, 3);
  let y = 270;
  for (const line of d.address) {
    c.text(48, y, line.toUpperCase(), INK, 2);
    y += 20;
  }

  const kwh = d.usageKwh[d.usageKwh.length - 1];
  const amountFen = kwh * d.tariffFen;
  const rows: [string, string][] = [
    ['BILLING PERIOD', `${d.periodFrom} - ${d.periodTo}`],
    ['METER READING', `${(18000 + kwh * 7).toLocaleString('en-US')} KWH`],
    ['ENERGY USED', `${kwh} KWH`],
    ['TARIFF', `CNY ${(d.tariffFen / 100).toFixed(4)} / KWH`],
    ['AMOUNT DUE', `CNY ${(amountFen / 100).toFixed(2)}`],
    ['PAY BY', d.dueOn],
  ];
  y = 350;
  for (const [label, value] of rows) {
    c.fillRect(32, y + 24, 556, 1, [220, 220, 225]);
    c.text(40, y, label, GREY, 2);
    c.text(300, y, value, INK, 2, label === 'AMOUNT DUE');
    y += 36;
  }

  // usage over the last months
  c.text(32, 582, 'USAGE, LAST 6 MONTHS (KWH)', GREY, 2);
  const max = Math.max(...d.usageKwh);
  d.usageKwh.forEach((v, i) => {
    const bh = Math.round((v / max) * 120);
    c.fillRect(60 + i * 86, 730 - bh, 48, bh, i === d.usageKwh.length - 1 ? d.brand : [190, 196, 204]);
    c.text(60 + i * 86, 738, String(v), GREY, 1);
  });

  barcode(c, 32, 772, d.accountNo, 44);
  c.text(32, 826, 'KEEP THIS BILL AS PROOF OF ADDRESS', GREY, 1);
  if (format === 'jpeg') c.grain(random, 6);
  return format === 'png' ? c.png() : c.jpeg(86);
}
