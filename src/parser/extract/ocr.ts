/**
 * Page images → Extraction, through the SAME positioned-text reader as a PDF's text layer: each page is
 * deskewed and read by the recogniser (../ocr/engine.ts), what it read becomes positioned runs fed to
 * readPositioned (positioned.ts, as pdf.ts does), so every layout rule for text PDFs serves scans too.
 *
 * Beside the text, the figures' per-digit alternatives are kept (`Extraction.ocr`; readPositioned
 * hands them to the row cells): ../ocr/unsure.ts
 * decides with the tables' arithmetic which unsure figures can be derived and which stay undecidable.
 */
import { diag } from "../diagnostics.js";
import type { Diagnostic, Extraction, OcrDigits } from "../types.js";
import { readPage, type OcrChar, type OcrLine } from "../ocr/engine.js";
import { estimateSkew, inkShare, removeRules, rotate, type Gray } from "../ocr/image.js";
import { isFigure, type Run } from "./pdf-lines.js";
import { readPositioned, type PipeFigure, type ReadablePage } from "./positioned.js";
import { restorePipes, type ReadLine } from "../ocr/pipes.js";
import { glyphInk, readLoneFigures } from "../ocr/lone-digits.js";
import { markWidths, printMarks } from "../ocr/punct-width.js";
import { hiddenDigit } from "../ocr/digit-glyphs.js";
import type { TextFigure } from "../ocr/text-figures.js";

/** One page to read: its image, and how many page units (PDF points) one image pixel is. */
export interface PageImage {
  page: number;
  image: Gray;
  /** page units per pixel (72 / dpi); for an image file, A4 width over the image width */
  unit: number;
}

/** Characters that a recogniser confuses with digits; inside a figure they can only be those digits. */
const DIGIT_LIKE: Record<string, string> = {
  o: "0",
  O: "0",
  "○": "0",
  〇: "0",
  "。": "0",
  D: "0",
  Q: "0",
  l: "1",
  I: "1",
  "|": "1",
  丨: "1",
  i: "1",
  "!": "1",
  Z: "2",
  z: "2",
  S: "5",
  s: "5",
  b: "6",
  B: "8",
  g: "9",
  q: "9",
};
const digitOf = (ch: string): string | null =>
  /^[0-9]$/.test(ch)
    ? ch
    : (DIGIT_LIKE[ch] ?? (/^[０-９]$/.test(ch) ? String.fromCharCode(ch.charCodeAt(0) - 0xfee0) : null));

/** Digit → probability for one printed character: the recogniser's weight on each digit and its look-alikes. */
function digitWeights(c: OcrChar, barsAreOnes = true): Map<string, number> {
  const m = new Map<string, number>();
  for (const { ch, p } of [{ ch: c.ch, p: c.p }, ...c.alts]) {
    // in a cell cut out between printed pipes, weight on a bar is the pipe's ink, not a 1
    if (!barsAreOnes && /^[|丨∣｜]$/.test(ch)) continue;
    const d = digitOf(ch);
    if (d) m.set(d, (m.get(d) ?? 0) + p);
  }
  return m;
}

/** Specks a recogniser reads as punctuation at the ends of a figure: a figure never ends with them. */
const STRAY = /^[.:：。,，·'`"‘’“”\-_~]$/;

/**
 * A chunk of characters read as a figure when it is one: look-alikes inside it become digits, stray
 * dots/colons at its ends go. Null when the chunk is text. Each digit keeps its weights.
 */
function asFigure(chars: OcrChar[], barsAreOnes = true): { text: string; digits: OcrDigits } | null {
  let cs = chars.filter((c) => c.ch.trim());
  while (cs.length > 1 && STRAY.test(cs[cs.length - 1]!.ch)) cs = cs.slice(0, -1);
  while (cs.length > 1 && STRAY.test(cs[0]!.ch) && cs[0]!.ch !== "。") cs = cs.slice(1);
  if (!cs.length) return null;
  const real = cs.filter((c) => /[0-9０-９]/.test(c.ch)).length;
  // a chunk of look-alikes only is a figure when it is short: a lone "o" in a table cell is a 0
  if (!real && cs.length > 1) return null;
  let text = "";
  const digits: OcrDigits = [];
  for (const c of cs) {
    const d = digitOf(c.ch) ?? hiddenDigit(c);
    if (d) {
      text += d;
      const w = digitWeights(c, barsAreOnes);
      digits.push([...w.entries()].sort((a, b) => b[1] - a[1]).map(([digit, p]) => ({ digit, p })));
    } else if (/^[.．,，%％+\-−元万]$/.test(c.ch)) {
      // separators, a sign, a percent or money unit: printed as read, no digit to weigh
      text += c.ch === "．" ? "." : c.ch === "，" ? "," : c.ch;
      digits.push(null);
    } else return null;
  }
  return isFigure(text) ? { text, digits } : null;
}

/**
 * The figures inside a chunk of text ("行政许可97第二十条…", "收费2772.42"), each with its digits'
 * weights: digit runs, a point or comma between two digits kept inside.
 */
function textFigures(chars: OcrChar[]): TextFigure[] {
  const out: TextFigure[] = [];
  let cur: OcrChar[] = [];
  const flush = () => {
    const f = cur.length ? asFigure(cur) : null;
    if (f) out.push(f);
    cur = [];
  };
  chars.forEach((c, i) => {
    const digit = (x: OcrChar | undefined) => !!x && /^[0-9]$/.test(x.ch);
    if (digit(c) || (/^[.,．，]$/.test(c.ch) && digit(chars[i - 1]) && digit(chars[i + 1]))) cur.push(c);
    else flush();
  });
  flush();
  return out;
}

/** A zero's look-alikes: in a pipe cell they are that digit (a 1's look-alikes may be a pipe's ink). */
const ZERO_LIKE = /^[oOQD〇○]$/;

/**
 * A pipe cell's characters as a figure's digits: digits, a zero's look-alikes and symbols read for a
 * digit (a monospace font's dotted zero: ①, @), with a separator; null for anything else.
 */
function pipeCellFigure(chars: OcrChar[]): string | null {
  const ok = chars.every((c) => /^[0-9.,．，]$/.test(c.ch) || ZERO_LIKE.test(c.ch) || hiddenDigit(c) !== null);
  return ok ? (asFigure(chars, false)?.text ?? null) : null;
}

/**
 * The mark after a heading numeral is 、 in these reports; a recogniser often reads the small stroke as
 * a comma or a dot (二，主动公开… / 三. 收到…), and the heading would then not be found.
 */
const headingMark = (s: string) => s.replace(/^([一二三四五六七八九十]{1,3})[，,.．·`'](?=[\u4e00-\u9fff])/, "$1、");

/** The start of a numbered item: "3.要", "12、", "（五）". */
const ITEM_START = /^(?:\d{1,2}[.．、][\u4e00-\u9fff]|[（(][一二三四五六七八九十]{1,3}[)）])/;

/** Half the advance of a character, in em: CJK is square, Latin letters and digits about half as wide. */
const halfWidth = (ch: string) => (/^[\x21-\x7e]$/.test(ch) ? 0.28 : 0.5);

/** The em of the body text in pixels: the pitch of the characters on lines of Chinese text (CJK is square). */
function bodyEm(lines: OcrLine[]): number {
  const pitches = lines
    .filter(
      (l) =>
        l.chars.length >= 6 &&
        l.chars.every((c) => /[\u4e00-\u9fff]/.test(c.ch) || !c.ch.trim() || /[，。、：；（）]/.test(c.ch)),
    )
    .map((l) => (l.chars[l.chars.length - 1]!.x0 - l.chars[0]!.x0) / (l.chars.length - 1))
    .sort((a, b) => a - b);
  const heights = lines.map((l) => 0.75 * (l.y1 - l.y0)).sort((a, b) => a - b);
  return pitches[pitches.length >> 1] ?? heights[heights.length >> 1] ?? 30;
}

/**
 * A box can hold several cells read as one line: its characters split where two stand far apart.
 * `em` is the line's em and `centre` a character's centre, both in page units.
 */
export function cellsOfLine(chars: OcrChar[], em: number, centre: (c: OcrChar) => number): OcrChar[][] {
  const chunks: OcrChar[][] = [];
  chars.forEach((c, i) => {
    const prev = chunks[chunks.length - 1]?.at(-1);
    if (!c.ch.trim()) {
      if (chunks.at(-1)?.length) chunks.push([]);
      return;
    }
    // an item number ("1.", "2、") and the Chinese after it are one label even across a gap: the gap is
    // a character the recogniser dropped (屬 of 1.屬於…); cut off, the number would read as a figure
    const last = [...chunks].reverse().find((x) => x.length);
    if (
      last &&
      /^[0-9]{1,2}[.．、]$/.test(last.map((x) => x.ch).join("")) &&
      /[\u4e00-\u9fff]/.test(c.ch) &&
      centre(c) - centre(last.at(-1)!) < 3 * em
    ) {
      if (!chunks.at(-1)!.length) chunks.pop();
      last.push(c);
      return;
    }
    const gap = prev ? centre(c) - centre(prev) - (halfWidth(c.ch) + halfWidth(prev.ch)) * em : 0;
    // a numbered item ("3.要求…", "（五）…") after Chinese text and a gap starts a new cell: a group
    // label and the first row label of its group stand in two columns only a little apart
    const item =
      prev &&
      /[\u4e00-\u9fff]/.test(prev.ch) &&
      ITEM_START.test(
        chars
          .slice(i, i + 5)
          .map((x) => x.ch)
          .join(""),
      );
    // between two Chinese characters a gap of about one character is one the recogniser dropped (a
    // traditional character outside its dictionary: 信訪[舉]報): the words stay one cell
    const han = prev && /[\u4e00-\u9fff]/.test(prev.ch) && /[\u4e00-\u9fff]/.test(c.ch);
    if (!prev || gap > (han ? 1.5 : 1.0) * em || (item && gap > 0.4 * em)) chunks.push([c]);
    else chunks[chunks.length - 1]!.push(c);
  });
  return chunks;
}

/**
 * Recognised lines → positioned runs (page units), figure runs with their digit weights. The
 * recogniser tells where each character's centre is (its CTC step); widths come from the em, which is
 * about the height of the detector's box. All runs of a line get the box centre as baseline (shifted by
 * a constant): box heights vary with what the box holds (a lone digit's box is taller), centres do not.
 */
function runsOf(
  lines: ReadLine[],
  unit: number,
  figures: Map<Run, OcrDigits>,
  pipeFigures: PipeFigure[] = [],
  inText: Map<Run, TextFigure[]> = new Map(),
): Run[] {
  const runs: Run[] = [];
  const typical = bodyEm(lines) * unit;
  for (const l of lines) {
    // a box's height follows its text only roughly (a lone digit's box is as tall as a line of text)
    const size = Math.max(1, Math.min(Math.max(0.75 * (l.y1 - l.y0) * unit, typical), 2.5 * typical));
    const y = ((l.y0 + l.y1) / 2) * unit + 0.3 * typical;
    if (l.whole !== undefined) {
      // a rebuilt pipe line (../ocr/pipes.ts): one run, its spaces and pipes as printed
      runs.push({ text: headingMark(l.whole), x: l.x0 * unit, y, w: (l.x1 - l.x0) * unit, size });
      // its figures keep their digit weights: matched to the pipe cells by text, in reading order
      for (const f of l.figures ?? []) {
        const fig = asFigure(f.chars, false);
        if (fig && fig.text === f.text) pipeFigures.push({ text: fig.text, y, x: f.x0 * unit, digits: fig.digits });
      }
      continue;
    }
    const centre = (c: OcrChar) => ((c.x0 + c.x1) / 2) * unit;
    // small print (column heads) splits by its own em: its words stand less than a body em apart
    const chunks = cellsOfLine(l.chars, Math.min(size, 0.75 * (l.y1 - l.y0) * unit), centre);
    for (let ch of chunks.filter((x) => x.length)) {
      // a faint dot after a label is a speck the recogniser was unsure of ("规范性文件." would not match)
      while (
        ch.length > 1 &&
        STRAY.test(ch[ch.length - 1]!.ch) &&
        ch[ch.length - 1]!.p < 0.8 &&
        /[\u4e00-\u9fff]/.test(ch[ch.length - 2]!.ch)
      )
        ch = ch.slice(0, -1);
      const first = ch[0]!,
        last = ch[ch.length - 1]!;
      const x = centre(first) - halfWidth(first.ch) * size,
        x1 = centre(last) + halfWidth(last.ch) * size;
      const fig = asFigure(ch);
      const run: Run = { text: fig ? fig.text : headingMark(ch.map((c) => c.ch).join("")), x, y, w: x1 - x, size };
      if (fig) figures.set(run, fig.digits);
      else if (textFigures(ch).length) inText.set(run, textFigures(ch));
      runs.push(run);
    }
  }
  return runs;
}

/**
 * Boxes far flatter than a line of text are specks, not text: what is left of a ruled line where two
 * rules cross, a fold, a stain. Read as "-3" or "1" they would land in a table as figures.
 */
function dropSpecks(lines: OcrLine[], img: Gray, em: number): OcrLine[] {
  const hs = lines.map((l) => l.y1 - l.y0).sort((a, b) => a - b);
  const typical = hs[hs.length >> 1] ?? 0;
  // small print (a table's column heads) is flat too, but it reads as words
  // a tiny box read with no confidence at all is a speck too, whatever character the recogniser guessed
  const speck = (l: OcrLine) =>
    (l.y1 - l.y0 < 0.45 * typical &&
      l.chars.length <= 3 &&
      !l.chars.some((c) => /[\u4e00-\u9fff]/.test(c.ch)) &&
      // a lone digit's box can be as flat; its ink is a glyph's height, a speck's is not
      !(l.chars.every((c) => /^[0-9]$/.test(c.ch) || !c.ch.trim()) && glyphInk(img, l, em))) ||
    (l.y1 - l.y0 < 0.6 * typical && l.x1 - l.x0 < 0.6 * typical && l.chars.every((c) => c.p < 0.3));
  return lines.filter((l) => !speck(l));
}

export interface OcrProgress {
  page: number;
  pages: number;
}

/**
 * Read page images. `kind` is what the pages came from. `onPage` is told after each page (progress).
 * Never throws on bad data: a page that cannot be read becomes a diagnostic.
 */
export async function extractScan(
  pages: PageImage[],
  kind: "pdf-ocr" | "image-ocr",
  onPage?: (p: OcrProgress) => void,
): Promise<Extraction> {
  const issues: Diagnostic[] = [];
  const read: ReadablePage[] = [];
  const inkRead: number[] = [];
  let blank = 0;
  for (const p of pages) {
    const ink = inkShare(p.image);
    if (ink < 0.0005 || ink > 0.6) {
      blank++;
      issues.push(
        diag(
          "OCR_UNREADABLE",
          "warning",
          `page ${p.page}: the image is ${ink > 0.6 ? "almost all dark" : "blank"}: nothing to read`,
        ),
      );
      onPage?.({ page: p.page, pages: pages.length });
      continue;
    }
    const skew = estimateSkew(p.image);
    const level = Math.abs(skew) >= 0.05 ? rotate(p.image, skew) : p.image;
    const img = removeRules(level);
    let lines: OcrLine[];
    try {
      lines = await readPage(img);
    } catch (e) {
      issues.push(diag("OCR_UNREADABLE", "warning", `page ${p.page}: OCR failed: ${(e as Error)?.message ?? e}`));
      onPage?.({ page: p.page, pages: pages.length });
      continue;
    }
    const figures = new Map<Run, OcrDigits>();
    // marks the detector missed (a lone digit in a wide cell) read again at full resolution
    const lone = { unread: Infinity };
    try {
      lines = [...lines, ...(await readLoneFigures(img, lines, bodyEm(lines), lone))];
    } catch {
      // the page's own reading stands
    }
    const em = bodyEm(lines);
    const kept = dropSpecks(lines, img, em);
    // every mark of ink that could be a figure was read (none left over, none dropped as a speck): an
    // empty cell on this page printed nothing (../ocr/unsure.ts)
    if (lone.unread === 0 && !lines.some((l) => !kept.includes(l) && glyphInk(img, l, em))) inkRead.push(p.page);
    // pipes are found before the rules go: a ruled table's cell walls meet its rules, a printed | does not
    const pipeFigures: PipeFigure[] = [];
    const inText = new Map<Run, TextFigure[]>();
    const runs = runsOf(
      await restorePipes(level, kept, bodyEm(kept), pipeCellFigure),
      p.unit,
      figures,
      pipeFigures,
      inText,
    );
    // punctuation printed in the form its width on the page says (the recogniser reads marks full-width)
    const widths = markWidths(kept);
    for (const r of runs) if (!figures.has(r)) r.text = printMarks(r.text, widths);
    read.push({
      page: p.page,
      width: img.width * p.unit,
      height: img.height * p.unit,
      runs,
      spaces: [],
      turned: [],
      weights: figures,
      pipeFigures,
      inText,
    });
    onPage?.({ page: p.page, pages: pages.length });
  }
  // the same reader as a PDF's text layer; it hands each figure cell its digit weights
  const got = readPositioned(read);
  if (!got.found) {
    const why =
      blank === pages.length
        ? "every page is blank or dark"
        : "no text was recognised on any page (not a document, or too blurred)";
    return {
      kind,
      rows: [],
      title: null,
      published: null,
      issues: [diag("OCR_UNREADABLE", "error", `the scan could not be read: ${why}`), ...issues],
    };
  }
  return { kind, rows: got.rows, title: null, published: null, issues, ocr: { digits: got.digits ?? {}, inkRead } };
}
