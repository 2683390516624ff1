/**
 * Tables printed as pipe text (`规章 | 0 | 0 | 0 |`) reach the reader from every producer, not only from
 * plain text: a PDF printed from a text or markdown file shows the pipes as characters, a DOCX made from
 * one keeps them inside paragraphs (pandoc joins consecutive lines into one paragraph with a space), a
 * page pasted into a web editor keeps them in <p>. Whatever the extractor, a narrative row that holds
 * pipe cells is a table row: one cell per pipe cell, interior empty cells kept (they may be blank
 * figures). A paragraph that joins several table lines becomes one row; the table readers take figures
 * up to the next label, so the line boundaries inside it are not needed.
 * A pipe line wrapped by the producer (`… | 0 | 0` / `| 0 | 0 |`) is joined back first.
 */
import type { Row } from "../types.js";

const PIPE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const pipes = (s: string) => s.match(/\|/g)?.length ?? 0;

export function splitPipeRow(line: string): string[] {
  let cells = line.split("|").map((c) => c.trim());
  const t = line.trim();
  if (t.startsWith("|")) cells = cells.slice(1);
  if (t.endsWith("|")) cells = cells.slice(0, -1);
  return cells;
}

/** a one-cell narrative row that reads as pipe cells */
const pipeText = (r: Row) => !r.table && r.cells.length === 1 && pipes(r.cells[0]) >= 2 && !PIPE_RULE.test(r.cells[0]);

/** markdown rule fragments (`|---|---|`) left inside a paragraph: each marks where a table line ended */
const RULE_FRAGMENT = /\|?(?:\s*:?-{3,}:?\s*\|){2,}/g;

/** One pipe paragraph → table rows: cut where rule fragments stood, each piece split into its cells. */
function pipeRows(text: string, page?: number): Row[] {
  // markdown rows (| a | b |) write an empty cell with spaces (|  |): two pipes glued are where two
  // lines were joined without a space (a PDF's paragraph joining)
  const lines = text.trimStart().startsWith("|")
    ? text.split(RULE_FRAGMENT).flatMap((p) => p.split(/(?<=\|)(?=\|)/))
    : text.split(RULE_FRAGMENT);
  return lines
    .filter((p) => p.replace(/[|\s]/g, ""))
    .map((p) => {
      const row: Row = { cells: splitPipeRow(p), table: true };
      if (page !== undefined) row.page = page;
      return row;
    });
}

/** Narrative rows holding pipe text → table rows (wrapped pipe lines joined). Other rows are kept as they are. */
export function pipeTextRows(rows: Row[]): Row[] {
  const out: Row[] = [];
  let open: { text: string; page?: number } | null = null;
  const flush = () => {
    if (!open) return;
    out.push(...pipeRows(open.text, open.page));
    open = null;
  };
  for (const r of rows) {
    const text = r.cells.length === 1 ? r.cells[0] : "";
    if (!r.table && r.cells.length === 1 && PIPE_RULE.test(text)) continue;
    // the rest of a wrapped pipe line starts with a pipe, or the open line stopped in the middle of a cell
    const cont =
      open !== null && !r.table && r.cells.length === 1 && pipes(text) >= 1 && !open.text.trimEnd().endsWith("|");
    if (cont) {
      open!.text += text;
      continue;
    }
    flush();
    if (pipeText(r)) {
      open = { text, page: r.page };
      continue;
    }
    out.push(r);
  }
  flush();
  return out;
}
