import { GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from './font5x7.js';
import { encodeJpeg } from './jpeg.js';
import { encodePng } from './png.js';

export type RGB = readonly [number, number, number];

/** A tiny RGB raster for drawing generated documents: rectangles, ellipses, lines and bitmap text. */
export class Canvas {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: RGB = [255, 255, 255],
  ) {
    this.pixels = new Uint8Array(width * height * 3);
    this.fillRect(0, 0, width, height, background);
  }

  set(x: number, y: number, c: RGB, alpha = 1): void {
    x = Math.round(x);
    y = Math.round(y);
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const o = (y * this.width + x) * 3;
    for (let i = 0; i < 3; i++) this.pixels[o + i] = Math.round(this.pixels[o + i] * (1 - alpha) + c[i] * alpha);
  }

  fillRect(x: number, y: number, w: number, h: number, c: RGB, alpha = 1): void {
    for (let yy = Math.max(0, Math.floor(y)); yy < Math.min(this.height, y + h); yy++) {
      for (let xx = Math.max(0, Math.floor(x)); xx < Math.min(this.width, x + w); xx++) this.set(xx, yy, c, alpha);
    }
  }

  strokeRect(x: number, y: number, w: number, h: number, c: RGB, thickness = 1): void {
    this.fillRect(x, y, w, thickness, c);
    this.fillRect(x, y + h - thickness, w, thickness, c);
    this.fillRect(x, y, thickness, h, c);
    this.fillRect(x + w - thickness, y, thickness, h, c);
  }

  /** Vertical gradient from `top` to `bottom`. */
  gradient(x: number, y: number, w: number, h: number, top: RGB, bottom: RGB): void {
    for (let yy = 0; yy < h; yy++) {
      const t = h > 1 ? yy / (h - 1) : 0;
      const c: RGB = [top[0] + (bottom[0] - top[0]) * t, top[1] + (bottom[1] - top[1]) * t, top[2] + (bottom[2] - top[2]) * t];
      this.fillRect(x, y + yy, w, 1, c);
    }
  }

  /** A filled ellipse, optionally kept inside a clip rectangle. */
  fillEllipse(cx: number, cy: number, rx: number, ry: number, c: RGB, alpha = 1, clip?: { x: number; y: number; w: number; h: number }): void {
    for (let y = Math.floor(cy - ry); y <= cy + ry; y++) {
      if (clip && (y < clip.y || y >= clip.y + clip.h)) continue;
      for (let x = Math.floor(cx - rx); x <= cx + rx; x++) {
        if (clip && (x < clip.x || x >= clip.x + clip.w)) continue;
        const d = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2;
        if (d <= 1) this.set(x, y, c, alpha);
      }
    }
  }

  /** Splits text into lines of at most `maxChars`, at spaces where possible. */
  static wrap(text: string, maxChars: number): string[] {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(/\s+/)) {
      const next = line ? `${line} ${word}` : word;
      if ([...next].length <= maxChars) line = next;
      else {
        if (line) lines.push(line);
        line = [...word].length > maxChars ? [...word].slice(0, maxChars).join('') : word;
      }
    }
    if (line) lines.push(line);
    return lines;
  }

  ring(cx: number, cy: number, r: number, thickness: number, c: RGB, alpha = 1): void {
    for (let y = Math.floor(cy - r); y <= cy + r; y++) {
      for (let x = Math.floor(cx - r); x <= cx + r; x++) {
        const d = Math.hypot(x - cx, y - cy);
        if (d <= r && d >= r - thickness) this.set(x, y, c, alpha);
      }
    }
  }

  line(x0: number, y0: number, x1: number, y1: number, c: RGB, alpha = 1): void {
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
    for (let i = 0; i <= steps; i++) this.set(x0 + ((x1 - x0) * i) / steps, y0 + ((y1 - y0) * i) / steps, c, alpha);
  }

  /** Text in the bitmap font, `scale` pixels per font pixel; returns the width drawn. */
  text(x: number, y: number, s: string, c: RGB, scale = 2, bold = false): number {
    let cx = x;
    for (const ch of s) {
      const cols = glyph(ch);
      for (let col = 0; col < GLYPH_WIDTH; col++) {
        for (let row = 0; row < GLYPH_HEIGHT; row++) {
          if (cols[col] & (1 << row)) {
            this.fillRect(cx + col * scale, y + row * scale, scale + (bold ? 1 : 0), scale, c);
          }
        }
      }
      cx += (GLYPH_WIDTH + 1) * scale;
    }
    return cx - x;
  }

  static textWidth(s: string, scale = 2): number {
    return [...s].length * (GLYPH_WIDTH + 1) * scale;
  }

  /** Fine speckle, as a scan or a photo of paper has. */
  grain(random: () => number, amount = 6): void {
    for (let i = 0; i < this.pixels.length; i++) {
      const v = this.pixels[i] + Math.round((random() - 0.5) * amount);
      this.pixels[i] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }

  png(): Buffer {
    return encodePng(this.width, this.height, this.pixels);
  }

  jpeg(quality = 88): Buffer {
    return encodeJpeg(this.width, this.height, this.pixels, quality);
  }
}
