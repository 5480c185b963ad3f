import { Canvas, type RGB } from '../images/canvas.js';
import type { Random } from '../random.js';

/** A scan of the front of a resident identity card, as a seller photographs it on a desk. */
export interface IdentityCardData {
  nameLatin: string;
  sex: 'M' | 'F';
  born: string;
  address: string[];
  idNumber: string;
  validFrom: string;
  validUntil: string;
  authority: string;
}

const INK: RGB = [25, 25, 30];
const LABEL: RGB = [70, 110, 150];

export function identityCard(d: IdentityCardData, random: Random, format: 'png' | 'jpeg'): Buffer {
  const c = new Canvas(700, 460, [96, 84, 72]);
  const x0 = 30;
  const y0 = 28;
  const w = 640;
  const h = 404;
  c.fillRect(x0 + 8, y0 + 10, w, h, [50, 42, 36], 0.6); // shadow
  c.gradient(x0, y0, w, h, [222, 236, 244], [232, 242, 226]);
  // security pattern
  for (let k = 0; k < 14; k++) {
    for (let x = 0; x < w; x++) {
      const y = y0 + 30 + k * 26 + Math.sin((x + k * 17) / 23) * 9;
      c.set(x0 + x, y, [170, 200, 215], 0.55);
    }
  }
  c.fillEllipse(x0 + 420, y0 + 210, 120, 120, [240, 225, 200], 0.25);
  c.text(x0 + 20, y0 + 16, "PEOPLE'S REPUBLIC OF CHINA", LABEL, 2);
  c.text(x0 + 20, y0 + 38, 'RESIDENT IDENTITY CARD', [160, 40, 40], 2, true);

  const rows: [string, string][] = [
    ['NAME', d.nameLatin.toUpperCase()],
    ['SEX', d.sex === 'M' ? 'MALE' : 'FEMALE'],
    ['ETHNICITY', 'HAN'],
    ['BORN', d.born.replace(/-/g, '.')],
  ];
  let y = y0 + 78;
  for (const [label, value] of rows) {
    c.text(x0 + 24, y, label, LABEL, 2);
    c.text(x0 + 140, y - 2, value, INK, 3);
    y += 40;
  }
  c.text(x0 + 24, y, 'ADDRESS', LABEL, 2);
  for (const line of Canvas.wrap(d.address.join(', ').toUpperCase(), 23).slice(0, 3).map((l) => l.replace(/,$/, ''))) {
    c.text(x0 + 140, y - 2, line, INK, 2);
    y += 22;
  }

  // photo
  const px = x0 + 440;
  const py = y0 + 70;
  const photo = { x: px, y: py, w: 160, h: 200 };
  c.gradient(px, py, 160, 200, [236, 240, 244], [214, 222, 230]);
  c.fillEllipse(px + 80, py + 204, 76, 56, [58, 64, 78], 1, photo);
  c.fillRect(px + 66, py + 120, 28, 34, [214, 180, 150]);
  c.fillEllipse(px + 80, py + 74, 44, 44, [30, 26, 24]);
  c.fillEllipse(px + 80, py + 96, 37, 46, [222, 188, 158]);
  c.fillEllipse(px + 80, py + 58, 38, 16, [30, 26, 24]);

  c.fillRect(x0 + 20, y0 + h - 92, w - 40, 1, [150, 175, 195]);
  c.text(x0 + 24, y0 + h - 78, 'CITIZEN ID NUMBER', LABEL, 2);
  c.text(x0 + 24, y0 + h - 56, d.idNumber, INK, 4, true);
  c.text(x0 + 24, y0 + h - 18, `VALID ${d.validFrom.replace(/-/g, '.')}-${d.validUntil.replace(/-/g, '.')}  ${d.authority.toUpperCase()}`, LABEL, 1);
  // A photographed card has grain; a PNG stays clean (grain would only make the file large).
  if (format === 'jpeg') c.grain(random, 8);
  return format === 'png' ? c.png() : c.jpeg(90);
}
