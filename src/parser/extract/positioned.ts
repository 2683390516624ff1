/**
 * The entry point for positioned tokens — text with a page and a box — from any source that has them
 * (a PDF text layer, OCR boxes): tokens → lines of cells (pdf-lines.ts) → rows in reading order with
 * tables rebuilt from their geometry (pdf-rows.ts) → an Extraction that readReport turns into tables.
 * See docs/table-reader.md.
 */
import { pageLines, type Line, type PageText, type Spanner } from "./pdf-lines.js";
import { linesToRows } from "./pdf-rows.js";
import type { Extraction, InputKind, Row } from "../types.js";

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
  const lines: Line[] = [];
  const spanners: Spanner[] = [];
  for (const p of pages) {
    const got = pageLines(pageText(p));
    lines.push(...got.lines);
    spanners.push(...got.spanners);
  }
  return linesToRows(lines, spanners);
}

/** Positioned tokens → the Extraction every reader takes (readReport in read-report.ts). */
export function extractPositioned(pages: readonly PositionedPage[], kind: InputKind = "pdf"): Extraction {
  return { kind, rows: positionedToRows(pages), published: null, title: null, issues: [] };
}
