/**
 * The printed grid of a report's tables, producer-neutral: every physical cell once, with its row,
 * column and spans, as the official form draws them. The PDF, DOCX and HTML producers of the layout
 * fuzzer all start from this grid, so a difference in how the parser reads them is the producer's.
 *
 * Table 3 has its label area either as the form prints it (three label columns: part 三、 spanning the
 * outcome rows, group (三)不予公开 spanning its items, item 1.属于国家秘密) or flattened into one
 * label column (part and group labels on rows of their own, without figures).
 */
import type { Block } from "../render.js";

export type CellKind = "title" | "head" | "label" | "fig";

export interface GridCell {
  text: string;
  row: number;
  col: number;
  rowspan: number;
  colspan: number;
  kind: CellKind;
}

export interface Grid {
  table: "t2" | "t3" | "t4";
  cols: number;
  rows: number;
  /** columns holding row labels (left of the figures) */
  labelCols: number;
  /** rows of the header (repeated after a page break when the producer repeats headers) */
  headRows: number;
  cells: GridCell[];
}

type TableBlock = Extract<Block, { kind: "table" }>;

class Builder {
  cells: GridCell[] = [];
  row = 0;
  add(text: string, col: number, kind: CellKind, span: { rowspan?: number; colspan?: number } = {}): void {
    this.cells.push({ text, row: this.row, col, rowspan: span.rowspan ?? 1, colspan: span.colspan ?? 1, kind });
  }
}

/** One 第二十条 block of table 2: its title row, its header row, its rows (label + figures). */
export function t2Grid(b: TableBlock): Grid {
  const cols = Math.max(...b.header.map((h) => h.length), ...b.rows.map((r) => r.cells.length + 1));
  const g = new Builder();
  g.add(b.header[0]![0]!, 0, "title", { colspan: cols });
  g.row++;
  const head = b.header[1]!;
  head.forEach((h, i) => g.add(h, i, "head", { colspan: i === head.length - 1 ? cols - i : 1 }));
  g.row++;
  for (const r of b.rows) {
    g.add(r.label.join(""), 0, "label");
    r.cells.forEach((c, i) => g.add(c, i + 1, "fig", { colspan: i === r.cells.length - 1 ? cols - 1 - i : 1 }));
    g.row++;
  }
  return { table: "t2", cols, rows: g.row, labelCols: 1, headRows: 2, cells: g.cells };
}

const isTop = (l: string) => /^[一二四]、/.test(l);
const isPart = (l: string) => /^三、/.test(l);
const isGroup = (l: string) => /^\(/.test(l);

/** Table 3 with `labelCols` 3 (the form's merged label columns) or 1 (part and group labels on rows of their own). */
export function t3Grid(b: TableBlock, labelCols: 1 | 3): Grid {
  const L = labelCols;
  const cols = L + 7;
  const g = new Builder();
  const [note, applicants] = b.header[0]!;
  const mid = b.header[1]!;
  const sub = b.header[2]!;
  g.add(note!, 0, "head", { colspan: L, rowspan: 3 });
  g.add(applicants!, L, "head", { colspan: 7 });
  g.row++;
  // sparse headers leave 自然人 out: its cell is there, empty
  const full = mid.length === 3 ? mid : ["", ...mid];
  g.add(full[0]!, L, "head", { rowspan: 2 });
  g.add(full[1]!, L + 1, "head", { colspan: 5 });
  g.add(full[2]!, L + 6, "head", { rowspan: 2 });
  g.row++;
  sub.forEach((s, i) => g.add(s, L + 1 + i, "head"));
  g.row++;
  const rows = b.rows;
  const figs = (cells: string[]) => cells.forEach((c, i) => g.add(c, L + i, "fig"));
  for (let i = 0; i < rows.length; i++) {
    let parts = rows[i]!.label;
    if (L === 1) {
      for (const p of parts.slice(0, -1)) {
        g.add(p, 0, "label");
        g.row++;
      }
      g.add(parts[parts.length - 1] ?? "", 0, "label");
      figs(rows[i]!.cells);
      g.row++;
      continue;
    }
    if (parts[0] && isPart(parts[0])) {
      const end = rows.findIndex((x, j) => j > i && isTop(x.label[0] ?? ""));
      g.add(parts[0], 0, "label", { rowspan: (end < 0 ? rows.length : end) - i });
      parts = parts.slice(1);
    }
    const inPart = rows.slice(0, i + 1).some((x) => isPart(x.label[0] ?? "")) && !isTop(parts[0] ?? "");
    const c0 = inPart ? 1 : 0;
    if (parts.length === 2) {
      let span = 1;
      while (
        i + span < rows.length &&
        rows[i + span]!.label.length === 1 &&
        !isGroup(rows[i + span]!.label[0]!) &&
        !isTop(rows[i + span]!.label[0]!)
      )
        span++;
      g.add(parts[0]!, c0, "label", { rowspan: span });
      g.add(parts[1]!, c0 + 1, "label", { colspan: L - c0 - 1 });
    } else if (parts.length === 1) {
      const alone = isTop(parts[0]!) || isGroup(parts[0]!);
      // an item under a group: the group's column is taken by the group's rowspan
      const col = alone ? c0 : L - 1;
      g.add(parts[0]!, col, "label", { colspan: L - col });
    }
    figs(rows[i]!.cells);
    g.row++;
  }
  return { table: "t3", cols, rows: g.row, labelCols: L, headRows: 3, cells: g.cells };
}

/** Table 4: 行政复议 (5) | 行政诉讼 (未经复议直接起诉 5, 复议后起诉 5); one row of 15 figures. */
export function t4Grid(b: TableBlock): Grid {
  const g = new Builder();
  const [top, second, third] = b.header as [string[], string[], string[]];
  g.add(top[0]!, 0, "head", { colspan: 5 });
  g.add(top[1]!, 5, "head", { colspan: 10 });
  g.row++;
  second.slice(0, 5).forEach((c, i) => g.add(c, i, "head", { rowspan: 2 }));
  second.slice(5).forEach((c, i) => g.add(c, 5 + i * 5, "head", { colspan: 5 }));
  g.row++;
  third.slice(5).forEach((c, i) => g.add(c, 5 + i, "head"));
  g.row++;
  b.rows[0]!.cells.forEach((c, i) => g.add(c, i, "fig"));
  g.row++;
  return { table: "t4", cols: 15, rows: g.row, labelCols: 0, headRows: 3, cells: g.cells };
}

/** A report's blocks → paragraphs and grids, in order. */
export type GridBlock = { kind: "p"; text: string } | { kind: "grid"; grid: Grid };

export function reportGrids(blocks: Block[], t3LabelCols: 1 | 3): GridBlock[] {
  return blocks.map((b): GridBlock => {
    if (b.kind === "p") return b;
    if (b.header.some((h) => h.includes("申请人情况"))) return { kind: "grid", grid: t3Grid(b, t3LabelCols) };
    if (b.header[0]?.[0] === "行政复议") return { kind: "grid", grid: t4Grid(b) };
    return { kind: "grid", grid: t2Grid(b) };
  });
}

/** The cells of a grid as rows (each physical cell once, in column order). */
export function gridRows(g: Grid): GridCell[][] {
  const out: GridCell[][] = Array.from({ length: g.rows }, () => []);
  for (const c of g.cells) out[c.row]!.push(c);
  return out.map((r) => r.sort((a, b) => a.col - b.col));
}
