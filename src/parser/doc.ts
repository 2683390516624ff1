/**
 * The document as the reader sees it: lines (rows of cells) joined into one text, and a normalised
 * twin of that text (simplified, half-width) with the SAME length, so an offset found by matching the
 * twin points at the same place in the original. Cells of a table row are joined by a tab.
 */
import { isTraditional, toHalfWidth, toSimplified } from "../text/normalize.js";
import type { Extraction } from "./types.js";

export interface Line {
  cells: string[];
  table: boolean;
  /** the extractor placed the row's cells by a guess (Row.guessed) */
  guessed?: boolean;
  start: number;
  end: number;
}

export interface Doc {
  lines: Line[];
  /** original text */
  text: string;
  /** simplified + half-width twin of `text`, same length */
  norm: string;
  traditional: boolean;
}

export function buildDoc(ex: Extraction): Doc {
  const lines: Line[] = [];
  const parts: string[] = [];
  let pos = 0;
  for (const row of ex.rows) {
    const cells = row.cells.map((c) => c.replace(/[\t\n\r]+/g, " "));
    const text = row.table ? cells.join("\t") : cells.join(" ");
    if (!text.trim()) continue;
    lines.push({
      cells,
      table: !!row.table,
      start: pos,
      end: pos + text.length,
      ...(row.guessed ? { guessed: true } : {}),
    });
    parts.push(text);
    pos += text.length + 1;
  }
  const text = parts.join("\n");
  const traditional = isTraditional(text);
  let simp = text;
  if (traditional) {
    simp = parts
      .map((p) => {
        const s = toSimplified(p);
        return s.length === p.length ? s : p;
      })
      .join("\n");
  }
  return { lines, text, norm: toHalfWidth(simp), traditional };
}

/** Index of the line holding offset `pos` (binary search). */
export function lineAt(doc: Doc, pos: number): number {
  let lo = 0,
    hi = doc.lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (doc.lines[mid].start <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
