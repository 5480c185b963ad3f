import PDFDocument from 'pdfkit';
import { encodeJpeg } from '../../src/demo/images/jpeg.js';
import { encodePng } from '../../src/demo/images/png.js';

/** Small real files for upload tests, generated in code. */

function gradient(width: number, height: number, seed = 0): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      rgb[o] = (x * 4 + seed) & 0xff;
      rgb[o + 1] = (y * 4 + seed * 3) & 0xff;
      rgb[o + 2] = ((x + y) * 2 + seed * 7) & 0xff;
    }
  }
  return rgb;
}

export function pngFile(width = 48, height = 32, seed = 0): Buffer {
  return encodePng(width, height, gradient(width, height, seed));
}

export function jpegFile(width = 48, height = 32, seed = 0): Buffer {
  return encodeJpeg(width, height, gradient(width, height, seed));
}

export function pdfFile(text = 'Business licence', seed = 0): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A5', info: { Title: text, CreationDate: new Date(Date.UTC(2026, 0, 1, 0, 0, seed)) } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(18).text(text).moveDown().fontSize(10).text(`Document number ${1000 + seed}`);
    doc.end();
  });
}

/** A Windows executable's first bytes (an MZ header with a PE signature). */
export function exeFile(): Buffer {
  const b = Buffer.alloc(512);
  b.write('MZ', 0, 'ascii');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'binary');
  return b;
}

/** An empty zip archive (just the end-of-central-directory record after one stored entry). */
export function zipFile(): Buffer {
  const name = Buffer.from('a.txt');
  const data = Buffer.from('hello');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}
