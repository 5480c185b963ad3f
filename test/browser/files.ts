import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';

/** Real documents for the browser tests, generated in code: a PNG that looks like an ID card and a PDF. */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

type Rgb = [number, number, number];

/** A card-shaped PNG: coloured header band, a photo box and lines of "text". `seed` varies the colours. */
export function idCardPng(width = 480, height = 300, seed = 0): Buffer {
  const header: Rgb = [(30 + seed * 40) & 0xff, 64, (175 + seed * 20) & 0xff];
  const paper: Rgb = [246, 247, 250];
  const photo: Rgb = [200, 206, 216];
  const ink: Rgb = [120, 128, 140];
  const pixel = (x: number, y: number): Rgb => {
    if (y < height * 0.2) return header;
    const px = width * 0.06;
    const py = height * 0.3;
    if (x >= px && x < px + width * 0.24 && y >= py && y < py + height * 0.58) return photo;
    const tx = width * 0.36;
    for (let line = 0; line < 5; line++) {
      const ly = height * (0.32 + line * 0.11);
      const lw = width * (line % 2 ? 0.36 : 0.52);
      if (x >= tx && x < tx + lw && y >= ly && y < ly + height * 0.04) return ink;
    }
    return paper;
  };
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      raw[row + 1 + x * 3] = r;
      raw[row + 2 + x * 3] = g;
      raw[row + 3 + x * 3] = b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A one-page PDF with a title and a few lines, like a scanned certificate. */
export function certificatePdf(title: string, lines: string[] = []): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A5', margin: 40, info: { Title: title, CreationDate: new Date(Date.UTC(2026, 0, 1)) } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.rect(20, 20, doc.page.width - 40, doc.page.height - 40).lineWidth(2).stroke('#1d4ed8');
    doc.moveDown(2).fontSize(20).fillColor('#111827').text(title, { align: 'center' });
    doc.moveDown().fontSize(11).fillColor('#374151');
    for (const line of lines) doc.text(line).moveDown(0.4);
    doc.end();
  });
}
