/**
 * The one table reader for positioned text — text with a page and a box — from any source that has
 * it: a PDF's text layer (pdf.ts), OCR of page images (ocr.ts), tokens given by a caller. Runs → lines
 * of cells (pdf-lines.ts) → rows in reading order with tables rebuilt from their geometry
 * (pdf-rows.ts) → pipe text cut into table rows (pipe-text.ts). See docs/table-reader.md.
 *
 * OCR runs also carry the recogniser's weights per digit; the reader hands them on to the row cells
 * they end up in (`digits`, keyed "row:cell"), so that ../ocr/unsure.ts can weigh each figure.
 */
import {
  cleanText,
  isFigure,
  pageLines,
  type Cell,
  type Line,
  type PageText,
  type Run,
  type Spanner,
} from "./pdf-lines.js";
import { linesToRows } from "./pdf-rows.js";
import { pipeTextRows } from "./pipe-text.js";
import type { Extraction, InputKind, OcrDigits, Row } from "../types.js";

/** A figure read inside a rebuilt pipe line (../ocr/pipes.ts): its text, where it stands, its digit weights. */
export interface PipeFigure {
  text: string;
  x: number;
  y: number;
  digits: OcrDigits;
}

/** A page of runs, with the digit weights of the figure runs when the text came from OCR. */
export interface ReadablePage extends PageText {
  /** figure run → the recogniser's weights for each of its characters */
  weights?: Map<Run, OcrDigits>;
  /** figures inside pipe lines (one run holds a whole line; its figures are matched by text) */
  pipeFigures?: PipeFigure[];
}

export interface PositionedReading {
  rows: Row[];
  /** pages with no text at all */
  empty: number[];
  /** lines and spanners found on all pages (0: nothing to read) */
  found: number;
  /** with OCR weights: each figure cell's weights, keyed "row:cell" (null where none can be traced) */
  digits?: Record<string, OcrDigits | null>;
}

/** Pages of positioned runs → rows: the same geometry rules whatever made the text. */
export function readPositioned(pages: readonly ReadablePage[]): PositionedReading {
  const lines: Line[] = [];
  const spanners: Spanner[] = [];
  const empty: number[] = [];
  const figCells: FigureCell[] = [];
  let weighed = false;
  for (const pt of pages) {
    if (!pt.runs.length && !pt.turned.length) empty.push(pt.page);
    const got = pageLines(pt);
    if (pt.weights || pt.pipeFigures) {
      weighed = true;
      figCells.push(...pageFigures(got.lines, pt));
    }
    lines.push(...got.lines);
    spanners.push(...got.spanners);
  }
  // pipe text is cut into its table rows here, so that the rows the digits are matched to are the
  // rows the report reader takes (it runs the same step again for other inputs; table rows stay)
  const rows = pipeTextRows(linesToRows(lines, spanners));
  const reading: PositionedReading = { rows, empty, found: lines.length + spanners.length };
  if (weighed) reading.digits = matchRows(rows, figCells);
  return reading;
}

/** One token: text and its box in page units, top-down (y grows downward), as an OCR engine gives it. */
export interface PositionedToken {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface PositionedPage {
  /** 1-based page number */
  page: number;
  width: number;
  height: number;
  tokens: PositionedToken[];
}

/** A box → a run on a baseline: the box's bottom, its height as the em (horizontal text only). */
function pageText(p: PositionedPage): PageText {
  const runs = p.tokens
    .filter((t) => t.text.trim())
    .map((t) => ({ text: t.text, x: t.x0, y: t.y1, w: Math.max(0, t.x1 - t.x0), size: Math.max(1, t.y1 - t.y0) }));
  return { page: p.page, width: p.width, height: p.height, runs, spaces: [], turned: [] };
}

/** Positioned tokens of every page → rows (the same geometry rules as a PDF text layer). */
export function positionedToRows(pages: readonly PositionedPage[]): Row[] {
  return readPositioned(pages.map(pageText)).rows;
}

/** Positioned tokens → the Extraction every reader takes (readReport in read-report.ts). */
export function extractPositioned(pages: readonly PositionedPage[], kind: InputKind = "pdf"): Extraction {
  return { kind, rows: positionedToRows(pages), published: null, title: null, issues: [] };
}

interface FigureCell {
  text: string;
  digits: OcrDigits | null;
  y: number;
  x: number;
}

/** A page's figure cells in reading order, each with the weights of the run it was made of. */
function pageFigures(lines: Line[], pt: ReadablePage): FigureCell[] {
  const out: FigureCell[] = [];
  for (const l of lines) {
    for (const c of l.cells) {
      if (c.figure) out.push({ text: c.text, digits: cellDigits(c, l, pt.runs, pt.weights), y: l.y, x: c.x0 });
    }
  }
  for (const f of pt.pipeFigures ?? []) out.push({ text: f.text, digits: f.digits, y: f.y, x: f.x });
  if (pt.pipeFigures?.length) out.sort((a, b) => a.y - b.y || a.x - b.x);
  return out;
}

/** The digit weights of a figure cell: the one figure run it was made of (figures join only when they touch). */
function cellDigits(cell: Cell, line: Line, runs: Run[], weights: Map<Run, OcrDigits> | undefined): OcrDigits | null {
  if (!weights) return null;
  const inside = runs.filter(
    (r) =>
      weights.has(r) &&
      Math.abs(r.y - (line.figY ?? line.y)) <= 0.5 * line.size &&
      r.x >= cell.x0 - 0.5 &&
      r.x + r.w <= cell.x1 + 0.5,
  );
  if (inside.length !== 1 || cleanText(inside[0]!.text) !== cell.text) return null;
  return weights.get(inside[0]!) ?? null;
}

/**
 * Row cells → the digit weights of the page cell they came from. The row builder keeps the reading
 * order and the cell texts, so the figure cells are matched in order by their text.
 */
function matchRows(rows: Row[], figCells: FigureCell[]): Record<string, OcrDigits | null> {
  const out: Record<string, OcrDigits | null> = {};
  let k = 0;
  rows.forEach((row, r) => {
    // cells already given their part of a figure the row builder split ("00" read as one box over
    // two columns): each digit keeps its own weights (a figure's text and digits run in step)
    let skip = -1;
    row.cells.forEach((text, c) => {
      if (c <= skip || !text || !isFigure(text)) return;
      for (let j = k; j < Math.min(figCells.length, k + 60); j++) {
        const fig = figCells[j]!;
        if (fig.text === text) {
          out[`${r}:${c}`] = fig.digits;
          k = j + 1;
          return;
        }
        const parts = splitOf(row.cells, c, fig.text);
        if (!parts) continue;
        let off = 0;
        parts.forEach((t, i) => {
          out[`${r}:${c + i}`] = fig.digits ? fig.digits.slice(off, off + t.length) : null;
          off += t.length;
        });
        skip = c + parts.length - 1;
        k = j + 1;
        return;
      }
    });
  });
  return out;
}

/** The row's figure cells from `c` on whose texts, in order, make up `whole` exactly (two or more), else null. */
function splitOf(cells: string[], c: number, whole: string): string[] | null {
  const parts: string[] = [];
  let joined = "";
  for (let i = c; i < cells.length && joined.length < whole.length; i++) {
    const t = cells[i]!;
    if (!t || !isFigure(t)) return null;
    parts.push(t);
    joined += t;
  }
  return parts.length >= 2 && joined === whole ? parts : null;
}
