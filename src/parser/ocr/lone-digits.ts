/**
 * A second look for lone figures. The detector sees the page scaled down, and a lone "0" or "2" in a
 * wide table cell is a small mark it can miss; the table reader then takes the cell as blank (or
 * takes the next figure for it). Ink left outside every detected box that has the size of a glyph is
 * cut out and read again at full resolution, as a line whose box is known (the recogniser alone).
 * Only what reads as a figure is kept; its digits keep their alternatives like any other.
 */
import { readBox, type OcrLine } from "./engine.js";
import { crop, type Gray } from "./image.js";
import { hiddenDigit } from "./digit-glyphs.js";

const DARK = 140;
/** At most this many marks read again on one page (each is one small recognition). */
const MAX_MARKS = 80;

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  n: number;
}

/** Connected dark regions (8-neighbour) outside the covered mask, with their boxes and pixel counts. */
function blobs(img: Gray, covered: Uint8Array): Box[] {
  const { width: w, height: h, data } = img;
  const seen = new Uint8Array(w * h);
  const out: Box[] = [];
  const stack: number[] = [];
  for (let s = 0; s < w * h; s++) {
    if (seen[s] || covered[s] || data[s]! >= DARK) continue;
    const b = { x0: w, y0: h, x1: -1, y1: -1, n: 0 };
    seen[s] = 1;
    stack.push(s);
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % w,
        y = (i - x) / w;
      b.n++;
      if (x < b.x0) b.x0 = x;
      if (x > b.x1) b.x1 = x;
      if (y < b.y0) b.y0 = y;
      if (y > b.y1) b.y1 = y;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx,
            yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
          const j = yy * w + xx;
          if (!seen[j] && !covered[j] && data[j]! < DARK) {
            seen[j] = 1;
            stack.push(j);
          }
        }
    }
    out.push(b);
  }
  return out;
}

/**
 * Whether the ink inside a box is a glyph: dark rows spanning a digit's height (0.45–1.3 em), not a thin
 * stroke taller than a digit (a pipe, a rule's remnant), with ink enough. The detector's box round a
 * lone "1" can be as flat as a speck's; the ink in it tells the two apart (a rule's crossing or a stain
 * is flat or tiny). The ink is followed out of the box as far as it runs connected (up to half an em):
 * the detector can cut a thin "1" short at its top, and what is left inside the box is a speck's size.
 */
export function glyphInk(img: Gray, box: { x0: number; y0: number; x1: number; y1: number }, em: number): boolean {
  const { width: w, height: h, data } = img;
  const reach = Math.round(0.5 * em);
  const wx0 = Math.max(0, Math.floor(box.x0) - reach),
    wy0 = Math.max(0, Math.floor(box.y0) - reach),
    wx1 = Math.min(w, Math.ceil(box.x1) + reach),
    wy1 = Math.min(h, Math.ceil(box.y1) + reach);
  const seen = new Uint8Array((wx1 - wx0) * (wy1 - wy0));
  const at = (x: number, y: number) => (y - wy0) * (wx1 - wx0) + (x - wx0);
  const stack: number[] = [];
  for (let y = Math.max(0, Math.floor(box.y0)); y < Math.min(h, Math.ceil(box.y1)); y++)
    for (let x = Math.max(0, Math.floor(box.x0)); x < Math.min(w, Math.ceil(box.x1)); x++)
      if (data[y * w + x]! < DARK && !seen[at(x, y)]) {
        seen[at(x, y)] = 1;
        stack.push(x, y);
      }
  let top = h,
    bottom = -1,
    left = w,
    right = -1,
    n = 0;
  while (stack.length) {
    const y = stack.pop()!,
      x = stack.pop()!;
    n++;
    if (y < top) top = y;
    if (y > bottom) bottom = y;
    if (x < left) left = x;
    if (x > right) right = x;
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx,
          yy = y + dy;
        if (xx < wx0 || yy < wy0 || xx >= wx1 || yy >= wy1 || seen[at(xx, yy)] || data[yy * w + xx]! >= DARK) continue;
        seen[at(xx, yy)] = 1;
        stack.push(xx, yy);
      }
  }
  return n > 0 && glyphSized(bottom - top + 1, right - left + 1, n, em);
}

/** Ink of a glyph-sized mark, in em², at least. */
const MIN_INK = 0.05;

/**
 * A mark of ink `bh` high, `bw` wide, of `n` pixels has a glyph's size: as tall as a digit (0.45–1.3 em),
 * not wider than two, with ink enough not to be a speck — and not a thin stroke taller than a digit (a
 * printed pipe or a rule's remnant, ./pipes.ts), which is no 1.
 */
function glyphSized(bh: number, bw: number, n: number, em: number): boolean {
  if (bh >= 0.85 * em && bw <= Math.max(3, 0.2 * em)) return false;
  return bh >= 0.45 * em && bh <= 1.3 * em && bw <= 1.6 * em && n >= MIN_INK * em * em;
}

/**
 * Lines read on the page → extra lines: figures found in ink that no line covers. `em` is the body
 * text's em in pixels. `stats.unread` is set to the number of glyph-sized marks left unread: when it is
 * 0, every mark of ink on the page that could be a figure has been read.
 */
export async function readLoneFigures(
  img: Gray,
  lines: OcrLine[],
  em: number,
  stats: { unread: number } = { unread: 0 },
): Promise<OcrLine[]> {
  if (!(em > 6)) {
    stats.unread = Infinity;
    return [];
  }
  const { width: w, height: h } = img;
  const covered = new Uint8Array(w * h);
  for (const l of lines)
    for (let y = Math.max(0, Math.floor(l.y0)); y < Math.min(h, Math.ceil(l.y1)); y++)
      covered.fill(1, y * w + Math.max(0, Math.floor(l.x0)), y * w + Math.min(w, Math.ceil(l.x1)));
  // a mark cut by a box's edge is part of what that box read
  const touches = (b: Box) => {
    for (let y = Math.max(0, b.y0 - 2); y <= Math.min(h - 1, b.y1 + 2); y++)
      for (let x = Math.max(0, b.x0 - 2); x <= Math.min(w - 1, b.x1 + 2); x++) if (covered[y * w + x]) return true;
    return false;
  };
  const marks = blobs(img, covered).filter((b) => glyphSized(b.y1 - b.y0 + 1, b.x1 - b.x0 + 1, b.n, em) && !touches(b));
  // marks side by side on one line are one figure ("10")
  marks.sort((a, b) => a.x0 - b.x0);
  const groups: Box[] = [];
  for (const m of marks) {
    const g = groups.find(
      (o) => m.x0 - o.x1 <= 0.4 * em && Math.min(o.y1, m.y1) - Math.max(o.y0, m.y0) >= 0.5 * (m.y1 - m.y0),
    );
    if (g) {
      g.x1 = Math.max(g.x1, m.x1);
      g.y0 = Math.min(g.y0, m.y0);
      g.y1 = Math.max(g.y1, m.y1);
    } else groups.push({ ...m });
  }
  const out: OcrLine[] = [];
  // marks of ink left unread (too wide for a figure, past the cap, or read as no figure): `stats.unread`
  const readable = groups.filter((b) => b.x1 - b.x0 <= 4 * em).slice(0, MAX_MARKS);
  stats.unread = groups.length - readable.length;
  for (const g of readable) {
    const pad = Math.round(0.5 * em);
    const x0 = Math.max(0, g.x0 - pad),
      y0 = Math.max(0, g.y0 - pad),
      x1 = Math.min(w, g.x1 + 1 + pad),
      y1 = Math.min(h, g.y1 + 1 + pad);
    // blank the crop outside the mark's own box: a neighbour's edge must not be read with it
    const part = crop(img, x0, y0, x1, y1);
    for (let y = 0; y < part.height; y++)
      for (let x = 0; x < part.width; x++) {
        const px = x + x0,
          py = y + y0;
        if (px < g.x0 - 1 || px > g.x1 + 1 || py < g.y0 - 1 || py > g.y1 + 1) part.data[y * part.width + x] = 255;
      }
    // the mark's place is known: read it as a line, in a box as tight as the detector's (the recogniser
    // expects the text to fill the line's height; the detector itself misses a mark of a dozen pixels)
    const m = Math.max(2, Math.round(0.15 * (g.y1 - g.y0 + 1)));
    let line: OcrLine | null;
    try {
      line = await readBox(part, {
        x0: Math.max(0, g.x0 - x0 - m),
        y0: Math.max(0, g.y0 - y0 - m),
        x1: Math.min(part.width, g.x1 + 1 - x0 + m),
        y1: Math.min(part.height, g.y1 + 1 - y0 + m),
      });
    } catch {
      stats.unread++;
      continue;
    }
    const chars = line?.chars.filter((c) => c.ch.trim()).map((c) => ({ ...c, alone: true })) ?? [];
    // only figures: a lone mark that reads as a word is left to what the page's pass made of it (a
    // symbol whose runners-up are digits — a dotted zero read as ① — is a digit position, unsure)
    if (!line || !chars.length || !chars.every((c) => /^[0-9]$/.test(c.ch) || hiddenDigit(c))) {
      stats.unread++;
      continue;
    }
    out.push({
      x0: line.x0 + x0,
      y0: line.y0 + y0,
      x1: line.x1 + x0,
      y1: line.y1 + y0,
      chars: chars.map((c) => ({ ...c, x0: c.x0 + x0, x1: c.x1 + x0 })),
    });
  }
  return out;
}
