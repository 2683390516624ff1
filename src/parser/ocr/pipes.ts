/**
 * Pipe tables printed as text (`| 规章 | 0 | 0 |`, markdown converted to PDF and then scanned): the
 * recogniser reads the printed `|` as 1, 丨, l or drops it, and a `---` rule as a dash or two, so
 * "| 0 | 0 |" comes out as "010" and the cells cannot be cut. A `|` is told by its geometry instead:
 * a thin straight stroke, taller than a digit (it reaches below the baseline), standing alone with
 * white on both sides at its ends. On a text line holding at least two of them, the line is rebuilt:
 * the pipes put back where they stand, the characters read as pipes there dropped, a stretch between
 * two pipes holding only dashes written `---` (the markdown rule that ends a table line), a blank
 * stretch written as a space. The pipe-text reader (../extract/pipe-text.ts) then cuts the cells as it
 * does for a text layer.
 */
import { crop, darkRuns, type Gray } from "./image.js";
import { readPage, type OcrChar, type OcrLine } from "./engine.js";

/** A recognised line; `whole` is the rebuilt text of a pipe line (one run, spaces kept). */
export type ReadLine = OcrLine & {
  whole?: string;
  figures?: { text: string; x0: number; x1: number; chars: OcrChar[] }[];
};

interface Stroke {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

const DARK = 90;
const PIPE_LIKE = /^[|丨1lI!∣\[\]」「/ｌＩ｜]$/;
const BAR = /^[|丨∣｜]$/;
/**
 * A character the recogniser took for a mark at a pipe: a bar, a letter, a bracket; a 1 only when it
 * gave a bar some weight too (a printed digit 1 is read as 1 with no bar beside it).
 */
const pipeMark = (c: OcrChar) =>
  (PIPE_LIKE.test(c.ch) && (c.ch !== "1" || c.p < 0.6 || c.alts.some((a) => BAR.test(a.ch) && a.p >= 0.05))) ||
  barAlt(c);
/**
 * A digit read with confidence and no weight on a bar: taken for a pipe's mark only right at the pipe
 * (a printed 1 beside a pipe stands a space away: "| 12 |" at 150 dpi, the 1 half an em from the bar).
 */
const sureDigit = (c: OcrChar) =>
  /^[0-9]$/.test(c.ch) && c.p >= 0.9 && !c.alts.some((a) => BAR.test(a.ch) && a.p >= 0.05);
/** A mark read as some other bracket or stroke (】) but with a bar as its runner-up; a digit is never one. */
const barAlt = (c: OcrChar) => !/^[0-9]$/.test(c.ch) && c.alts.some((a) => BAR.test(a.ch) && a.p >= 0.1);
const DASH_LIKE = /^[-—–_一－~～=]$/;
const CJK = /[\u4e00-\u9fff]/;

/** Thin vertical strokes about `em` tall or taller (but not rules: ≤ 1.4 em), white at both ends on both sides. */
export function findPipes(img: Gray, em: number): Stroke[] {
  const { width: w, height: h, data } = img;
  const minLen = Math.round(0.85 * em),
    maxLen = Math.round(1.4 * em);
  // vertical dark runs of a pipe's length, per column; a pixel or two lighter inside a run (JPEG, a
  // speck of paper) does not cut it — else the stroke's other columns would count as ink beside it
  const runs: { x: number; y0: number; y1: number }[] = [];
  const hole = Math.max(1, Math.round(0.06 * em));
  let cur: { x: number; y0: number; y1: number } | null = null;
  const close = () => {
    if (cur && cur.y1 - cur.y0 >= minLen && cur.y1 - cur.y0 <= maxLen) runs.push(cur);
    cur = null;
  };
  darkRuns(img, "column", DARK, (x, y0, y1) => {
    if (cur && cur.x === x && y0 - cur.y1 <= hole) cur.y1 = y1;
    else {
      close();
      cur = { x, y0, y1 };
    }
  });
  close();
  // runs of neighbouring columns that overlap mostly are one stroke
  runs.sort((a, b) => a.x - b.x || a.y0 - b.y0);
  const strokes: Stroke[] = [];
  const open: Stroke[] = [];
  for (const r of runs) {
    const s = open.find(
      (o) => o.x1 >= r.x - 1 && Math.min(o.y1, r.y1) - Math.max(o.y0, r.y0) >= 0.7 * Math.min(o.y1 - o.y0, r.y1 - r.y0),
    );
    if (s) {
      s.x1 = r.x + 1;
      s.y0 = Math.min(s.y0, r.y0);
      s.y1 = Math.max(s.y1, r.y1);
    } else {
      const n = { x0: r.x, x1: r.x + 1, y0: r.y0, y1: r.y1 };
      open.push(n);
      strokes.push(n);
    }
    // strokes left behind by two columns are closed
    for (let i = open.length - 1; i >= 0; i--) if (open[i]!.x1 < r.x - 1) open.splice(i, 1);
  }
  const darkIn = (x0: number, x1: number, y0: number, y1: number) => {
    let n = 0;
    for (let y = Math.max(0, y0); y < Math.min(h, y1); y++)
      for (let x = Math.max(0, x0); x < Math.min(w, x1); x++) if (data[y * w + x]! < DARK) n++;
    return n;
  };
  const side = Math.max(3, Math.round(0.25 * em));
  return strokes.filter((s) => {
    if (s.x1 - s.x0 > Math.max(3, 0.2 * em)) return false;
    const hgt = s.y1 - s.y0,
      end = Math.max(2, Math.round(0.3 * hgt));
    // a pipe's ends stand alone (a dash of a `---` may touch its middle); a character's stroke meets others
    for (const [y0, y1] of [
      [s.y0, s.y0 + end],
      [s.y1 - end, s.y1],
    ] as const) {
      const area = side * (y1 - y0);
      if (darkIn(s.x0 - side - 1, s.x0 - 1, y0, y1) > 0.06 * area) return false;
      if (darkIn(s.x1 + 1, s.x1 + side + 1, y0, y1) > 0.06 * area) return false;
      // right beside the stroke: an oval's side (0, O) bends away there, a pipe has nothing
      const near = 3 * (y1 - y0);
      if (darkIn(s.x0 - 4, s.x0 - 1, y0, y1) > 0.1 * near) return false;
      if (darkIn(s.x1 + 1, s.x1 + 4, y0, y1) > 0.1 * near) return false;
    }
    return true;
  });
}

/**
 * Printed pipes on one line are copies of one glyph: they start and end at the same heights. A stroke
 * that ends elsewhere (the stem of a character the recogniser dropped, as the 十 of 计, which stops
 * at the character's box while a pipe reaches below the baseline) is no pipe — when the line has
 * enough strokes that agree for their ends to be known. Each stroke is compared with its neighbours
 * (a page deskewed to 0.05° can still drift a pixel along a line).
 */
export function sameGlyph<T extends Stroke>(strokes: T[], em: number): T[] {
  if (strokes.length < 5) return strokes;
  const median = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1]!;
  const off = (s: T) => {
    const near = strokes
      .filter((o) => o !== s)
      .sort((a, b) => Math.abs(a.x0 - s.x0) - Math.abs(b.x0 - s.x0))
      .slice(0, 6);
    return Math.abs(s.y0 - median(near.map((o) => o.y0))) + Math.abs(s.y1 - median(near.map((o) => o.y1)));
  };
  const offs = strokes.map(off);
  const agree = offs.filter((d) => d <= Math.max(1, 0.04 * em)).length;
  if (agree < 4 || agree < 0.6 * strokes.length) return strokes;
  return strokes.filter((_, i) => offs[i]! < Math.max(3, 0.08 * em));
}

/** Lines whose boxes share most of their height form one band: one printed line read in pieces. */
function bands(lines: OcrLine[]): OcrLine[][] {
  const out: OcrLine[][] = [];
  for (const l of [...lines].sort((a, b) => a.y0 - b.y0)) {
    const b = out.find((g) =>
      g.some((o) => Math.min(o.y1, l.y1) - Math.max(o.y0, l.y0) >= 0.5 * Math.min(o.y1 - o.y0, l.y1 - l.y0)),
    );
    if (b) b.push(l);
    else out.push([l]);
  }
  return out;
}

/** Dashes only: ink in a flat band at mid height of the line (a `---` rule between two pipes). */
function dashesOnly(img: Gray, x0: number, x1: number, y0: number, y1: number): boolean {
  const { width: w, data } = img;
  let top = Infinity,
    bottom = -Infinity,
    n = 0;
  for (let y = Math.max(0, y0); y < Math.min(img.height, y1); y++)
    for (let x = Math.max(0, x0); x < Math.min(w, x1); x++)
      if (data[y * w + x]! < DARK) {
        n++;
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
  return n >= 0.3 * (x1 - x0) && bottom - top <= 0.2 * (y1 - y0) + 2;
}

const inkIn = (img: Gray, x0: number, x1: number, y0: number, y1: number): number => {
  let n = 0;
  for (let y = Math.max(0, y0); y < Math.min(img.height, y1); y++)
    for (let x = Math.max(0, x0); x < Math.min(img.width, x1); x++) if (img.data[y * img.width + x]! < DARK) n++;
  return n;
};

/**
 * A piece's characters as printed: a word space between Chinese and a figure is kept (`…申请 1 | 0 |`:
 * a label's stray item number, which the table reader must not cut from the label as the row's first
 * figure — the space is what a text layer shows there). The recogniser gives each character's centre;
 * a Chinese character is about an em wide, a digit about half.
 */
export function spaced(chars: OcrChar[], em: number): string {
  let out = "";
  chars.forEach((c, i) => {
    const prev = chars[i - 1];
    if (prev) {
      const half = (x: OcrChar) => (CJK.test(x.ch) ? 0.5 : 0.28);
      const gap = (c.x0 + c.x1) / 2 - (prev.x0 + prev.x1) / 2 - (half(c) + half(prev)) * em;
      const kinds = [prev, c].map((x) => (CJK.test(x.ch) ? "cjk" : /^[0-9]$/.test(x.ch) ? "digit" : "other"));
      if (kinds.includes("cjk") && kinds.includes("digit") && gap >= 0.3 * em) out += " ";
    }
    out += c.ch;
  });
  return out;
}

/** What a speck reads as. */
const SPECK = /^[.:：。,，·'`"‘’“”_~]$/;

/** A digit the recogniser was not sure of: little weight, or weight on another character. */
const doubtful = (c: OcrChar) => c.p < 0.9 || c.alts.some((a) => a.p >= 0.02);

/**
 * What one cell's box reads alone (white around it), at full resolution: its digits, or nothing when it
 * reads otherwise — or, with `words`, whatever it reads.
 */
async function readCell(
  img: Gray,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
  em: number,
  words = false,
): Promise<OcrChar[]> {
  const pad = Math.round(0.5 * em);
  const part = crop(img, x0 - pad, y0 - pad, x1 + pad, y1 + pad);
  for (let y = 0; y < part.height; y++)
    for (let x = 0; x < part.width; x++)
      if (x < pad || x >= part.width - pad || y < pad || y >= part.height - pad) part.data[y * part.width + x] = 255;
  try {
    let chars = (await readPage(part)).flatMap((l) => l.chars).filter((c) => c.ch.trim());
    // a speck of the scan beside the figure reads as a dot or a tick ("0."): a figure does not end with one
    while (chars.length > 1 && SPECK.test(chars[chars.length - 1]!.ch)) chars = chars.slice(0, -1);
    while (chars.length > 1 && SPECK.test(chars[0]!.ch)) chars = chars.slice(1);
    if (!chars.length || (!words && !chars.every((c) => /^[0-9]$/.test(c.ch)))) return [];
    return chars.map((c) => ({ ...c, x0: c.x0 + x0 - pad, x1: c.x1 + x0 - pad }));
  } catch {
    return [];
  }
}

/**
 * Lines of a page → the same lines, with every printed line that shows at least two pipes rebuilt as
 * one line of text (`whole`). `em` is the body text's em in pixels. `figureText` gives a cell's
 * characters as a figure's digits when they are one (look-alikes and symbols read for a digit), else null.
 */
export async function restorePipes(
  img: Gray,
  lines: OcrLine[],
  em: number,
  figureText: (chars: OcrChar[]) => string | null = () => null,
): Promise<ReadLine[]> {
  if (!lines.length || !(em > 4)) return lines;
  const pipes = findPipes(img, em);
  if (pipes.length < 4) return lines;
  const centre = (c: OcrChar) => (c.x0 + c.x1) / 2;
  const found = bands(lines).map((band) => {
    const y0 = Math.min(...band.map((l) => l.y0)),
      y1 = Math.max(...band.map((l) => l.y1));
    const chars = band.flatMap((l) => l.chars).filter((c) => c.ch.trim());
    // a pipe stands between characters, never inside a Chinese one
    const here = sameGlyph(
      pipes
        .filter((p) => {
          const cy = (p.y0 + p.y1) / 2;
          return cy >= y0 && cy <= y1;
        })
        .filter(
          (p) =>
            !chars.some(
              (c) => CJK.test(c.ch) && !PIPE_LIKE.test(c.ch) && Math.abs(centre(c) - (p.x0 + p.x1) / 2) < 0.4 * em,
            ),
        ),
      em,
    ).sort((a, b) => a.x0 - b.x0);
    return { band, y0, y1, chars, here };
  });
  // each pipe takes the nearest character read as a pipe-like mark (the recogniser places characters
  // only roughly); a digit 1 between two pipes stands about 0.8 em from each
  const match = (chars: OcrChar[], px: number[], mark: (c: OcrChar) => boolean) => {
    const pairs = px
      .flatMap((p, i) => chars.map((c) => ({ i, c, d: Math.abs(centre(c) - p) })))
      .filter((q) => mark(q.c) && q.d < (sureDigit(q.c) ? 0.3 : 0.5) * em)
      .sort((a, b) => a.d - b.d);
    const takenPipe = new Set<number>(),
      taken = new Set<OcrChar>();
    for (const q of pairs) {
      if (takenPipe.has(q.i) || taken.has(q.c)) continue;
      takenPipe.add(q.i);
      taken.add(q.c);
    }
    return taken;
  };
  // a page of pipe text shows bars the recogniser read as bars; there, a 1 standing where a pipe is
  // drawn is that pipe too (a thin serif 1 in a ruled table never earns that)
  const bars = found.reduce(
    (n, f) =>
      n +
      (f.here.length >= 2
        ? match(
            f.chars,
            f.here.map((p) => (p.x0 + p.x1) / 2),
            pipeMark,
          ).size
        : 0),
    0,
  );
  const mark = bars >= 6 ? (c: OcrChar) => PIPE_LIKE.test(c.ch) || barAlt(c) : pipeMark;
  const out: ReadLine[] = [];
  for (const { band, y0, y1, chars, here } of found) {
    if (here.length < 2) {
      out.push(...band);
      continue;
    }
    const px = here.map((p) => (p.x0 + p.x1) / 2);
    const taken = match(chars, px, mark);
    // the recogniser saw most of them as marks too (a rule's remnant or a letter's stem it reads as text)
    // (on a page of pipe text, a line of `|---|---|` shows its pipes only to the eye: the recogniser
    // reads the whole as dashes)
    if (bars < 6 && taken.size < Math.max(2, 0.5 * here.length)) {
      out.push(...band);
      continue;
    }
    const kept = chars.filter((c) => !taken.has(c)).sort((a, b) => centre(a) - centre(b));
    // pieces: text before the first pipe, between pipes, after the last
    const edges = [-Infinity, ...px, Infinity];
    // the line's own ends: where its boxes (and what was read) begin and end
    const left = Math.min(...band.map((l) => l.x0), ...chars.map((c) => c.x0)),
      right = Math.max(...band.map((l) => l.x1), ...chars.map((c) => c.x1));
    let text = "";
    const figures: NonNullable<ReadLine["figures"]> = [];
    for (let k = 0; k < edges.length - 1; k++) {
      const a = edges[k]!,
        b = edges[k + 1]!;
      let inside = kept.filter((c) => centre(c) > a && centre(c) < b);
      if (k > 0) text += "|";
      const t = Math.round(y0),
        btm = Math.round(y1);
      // a piece before the first pipe or after the last is a cell too when a wrapped table line
      // starts or ends there ("0 | 0 | 4 |"): its figure is read the same way, out to the line's end
      const xa = Math.round(Number.isFinite(a) ? a + 0.15 * em : left),
        xb = Math.round(Number.isFinite(b) ? b - 0.15 * em : right);
      const inner = Number.isFinite(a) && Number.isFinite(b);
      if (inner || (xb - xa >= 0.3 * em && xb - xa <= 4 * em)) {
        // ink between two pipes that the line's reading dropped (a lone 0): the cell read again alone
        if (!inside.length && inkIn(img, xa, xb, t, btm) >= 0.05 * em * em && !dashesOnly(img, xa, xb, t, btm))
          inside = await readCell(img, xa, xb, t, btm, em);
        // a figure read doubtfully on the line (the pipes' ink beside it) is read again alone: when the
        // second look reads the same digits, its weights are the cleaner ones
        else if (inside.length && inside.every((c) => /^[0-9]$/.test(c.ch)) && inside.some(doubtful)) {
          const again = await readCell(img, xa, xb, t, btm, em, true);
          if (again.map((c) => c.ch).join("") === inside.map((c) => c.ch).join("")) inside = again;
          // a word the line's reading took for a figure (计 read among the figures as a doubtful 1):
          // alone it reads as Chinese, with confidence — it is text
          else if (
            inside.every((c) => c.p < 0.5) &&
            again.length > 0 &&
            again.every((c) => c.p >= 0.6 && CJK.test(c.ch) && !/^[丨一十]$/.test(c.ch))
          )
            inside = again;
        }
      }
      if (inner) {
        if (inside.every((c) => DASH_LIKE.test(c.ch)) && (inside.length || dashesOnly(img, xa, xb, t, btm))) {
          if (inside.length || inkIn(img, xa, xb, t, btm) > 0) {
            text += "---";
            continue;
          }
        }
        if (!inside.length) {
          text += " ";
          continue;
        }
      }
      if (!inside.length) continue;
      // a dash read beside a figure in a cell is a rule's end ("0—"), a dot there a speck (".0"): a cell
      // holds a figure or a dash mark
      let cell = inside;
      if (Number.isFinite(a) && Number.isFinite(b) && cell.some((c) => /^[0-9]$/.test(c.ch)))
        cell = cell.filter(
          (c, i) => !((DASH_LIKE.test(c.ch) || SPECK.test(c.ch)) && (i === 0 || i === inside.length - 1)),
        );
      // a cell's figure written as its digits (a dotted zero read as ① or Q is a 0 position)
      const asDigits = inner || cell.every((c) => /^[0-9]$/.test(c.ch)) ? figureText(cell) : null;
      const piece = asDigits ?? spaced(cell, em);
      if (Number.isFinite(a) || Number.isFinite(b)) text += ` ${piece} `;
      else text += piece;
      // (an end piece is a figure only when it is one: a label's text is not)
      if (inner || cell.every((c) => /^[0-9]$/.test(c.ch)))
        figures.push({ text: piece, x0: cell[0]!.x0, x1: cell[cell.length - 1]!.x1, chars: cell });
    }
    const x0 = Math.min(...band.map((l) => l.x0), here[0]!.x0),
      x1 = Math.max(...band.map((l) => l.x1), here[here.length - 1]!.x1);
    out.push({ x0, y0, x1, y1, chars, whole: text.replace(/^ +| +$/g, ""), figures });
  }
  return out;
}
