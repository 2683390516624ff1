/**
 * Table 3's columns from its header words. The applicant columns (自然人, 商业企业, 科研机构, 社会公益组织,
 * 法律服务机构, 其他, 总计) are printed in every table 3, whatever made the file; where they stand gives
 * the seven column positions even when a column holds no figure at all (科研机构 with no applications,
 * blank cells that print nothing). Each figure of a row below snaps to the nearest header column, and
 * the columns it does not reach get "" — so a row keeps seven cells in their places, whatever the
 * figures' alignment or width. Header words set close together come as one cell: a word's position
 * inside its cell is taken in proportion to its characters (CJK characters are of one width).
 */
import type { Cell, Line } from "./pdf-lines.js";

const WORDS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"] as const;
/** the table that follows table 3 (its words end the columns' reach) */
const NEXT_TABLE = /行政复议|行政诉讼/;
/** a numbered sub-row label (2.其他法律行政法规禁止公开; after its group label: （五）不予处理 3.要求…) */
const SUB_ROW = /(?:^|\s|）|\))[0-9０-９]\s*[.．、]\s*\D/;

/** centre x of each applicant word found in the line, by word */
function wordCentres(l: Line): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of l.cells) {
    const t = c.text.replace(/\s+/g, "");
    if (!t) continue;
    const unit = (c.x1 - c.x0) / t.length;
    for (const w of WORDS) {
      let i = t.indexOf(w);
      // 其他 of 法人或其他组织 is the group header, not the column
      while (w === "其他" && i >= 0 && t.slice(i, i + 4) === "其他组织") i = t.indexOf(w, i + 1);
      if (i >= 0 && !out.has(w)) out.set(w, c.x0 + (i + w.length / 2) * unit);
    }
  }
  return out;
}

const figures = (l: Line) => l.cells.filter((c) => c.figure);

/** Rows of table 3 with figures snapped to the header's seven columns (in place). */
export function snapToHeaderColumns(lines: Line[]): void {
  let cols: number[] | null = null;
  let found = new Map<string, number>();
  let foundPage = -1;
  for (const l of lines) {
    if (l.cells.some((c) => NEXT_TABLE.test(c.text))) { cols = null; found = new Map(); continue; }
    const figs = figures(l);
    if (!figs.length) {
      // header lines: gather the words over the few lines a header spans (on one page)
      // a numbered row label alone on its line under the header: a row whose cells all print nothing
      if (cols && l.cells.length === 1 && SUB_ROW.test(l.cells[0]!.text)) {
        const gap = Math.min(...cols.slice(1).map((x, k) => x - cols![k]!));
        l.cells.push(...cols.map((x) => ({ text: "", x0: x - 0.25 * gap, x1: x + 0.25 * gap, size: l.size, figure: true })));
        continue;
      }
      const words = wordCentres(l);
      if (words.size) {
        if (l.page !== foundPage) found = new Map();
        foundPage = l.page;
        for (const [w, x] of words) if (!found.has(w)) found.set(w, x);
        if (found.size === WORDS.length) {
          const xs = WORDS.map((w) => found.get(w)!);
          if (xs.every((x, k) => k === 0 || x > xs[k - 1]!)) cols = xs;
        }
      }
      continue;
    }
    if (!cols || figs.length > WORDS.length) continue;
    snapRow(l, cols);
  }
}

function snapRow(l: Line, cols: number[]): void {
  const gap = Math.min(...cols.slice(1).map((x, k) => x - cols[k]!));
  const firstFig = l.cells.findIndex((c) => c.figure);
  // the figures of the row: every cell from the first figure on must be a figure
  const tail = l.cells.slice(firstFig);
  if (tail.some((c) => !c.figure)) return;
  const slots: (Cell | null)[] = cols.map(() => null);
  for (const c of tail) {
    if (c.text === "") continue;
    const mid = (c.x0 + c.x1) / 2;
    let best = 0;
    cols.forEach((x, k) => { if (Math.abs(x - mid) < Math.abs(cols[best]! - mid)) best = k; });
    // a figure far from every column, or two in one column: not this table's row, leave it alone
    if (Math.abs(cols[best]! - mid) > 0.75 * gap || slots[best]) return;
    slots[best] = c;
  }
  const size = l.size;
  const cells = slots.map((c, k) => c ?? { text: "", x0: cols[k]! - 0.25 * gap, x1: cols[k]! + 0.25 * gap, size, figure: true });
  l.cells = [...l.cells.slice(0, firstFig), ...cells];
}
