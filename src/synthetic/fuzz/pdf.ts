/**
 * The layout fuzzer's PDF producer: a report's paragraphs and table grids laid out on pages with pdf-lib,
 * in a geometry drawn from a style — column widths, alignments, wrapped labels with their figures on the
 * first, middle or last line, tables cut by page breaks with or without a repeated header, running
 * headers and footers (print date, page title, URL, "1/3", "-3-"), group labels rotated or stacked one
 * character per line, text drawn as whole runs or one character at a time, CJK text with or without an
 * embedded font. Text only where a producer would put it; the parser sees positions, as with real files.
 */
import { rgb } from "pdf-lib";
import { CjkPdf, type CjkPage, type FontMode } from "../cjk-pdf.js";
import type { Grid, GridBlock, GridCell } from "./grid.js";

export type Align = "left" | "center" | "right";
export type VAlign = "top" | "middle" | "bottom";
export type Running = "none" | "print" | "dash" | "page-of";

export interface PdfStyle {
  font: FontMode;
  page: [number, number];
  margin: { left: number; right: number; top: number; bottom: number };
  bodySize: number;
  tableSize: number;
  /** line height as a multiple of the font size */
  leading: number;
  figAlign: Align;
  labelAlign: "left" | "center";
  valign: VAlign;
  /** share of the table width given to the label columns */
  labelShare: number;
  /** relative widths of the figure columns (uneven when the weights differ) */
  uneven: boolean;
  repeatHeader: boolean;
  /** blank space before table 3 so that a page break falls inside it (0 = none) */
  breakInT3: number;
  running: Running;
  /** the spanning part label of table 3 (三、本年度办理结果): horizontal, rotated 90°, or one character per line */
  partLabel: "flat" | "rotated" | "stacked";
  /** labels drawn one character per run */
  perChar: boolean;
  borders: boolean;
  /** print header: date, title, URL */
  print: { date: string; title: string; url: string };
}

interface Placed {
  page: number;
  top: number;
}

class Layout {
  pages: CjkPage[] = [];
  y = 0;
  constructor(
    readonly pdf: CjkPdf,
    readonly s: PdfStyle,
  ) {
    this.newPage();
  }
  get page(): CjkPage {
    return this.pages[this.pages.length - 1]!;
  }
  get width(): number {
    return this.s.page[0] - this.s.margin.left - this.s.margin.right;
  }
  get bottom(): number {
    return this.s.page[1] - this.s.margin.bottom;
  }
  newPage(): void {
    this.pages.push(this.pdf.page(this.s.page[0], this.s.page[1]));
    this.y = this.s.margin.top;
  }
  /** draw text with its baseline at top-down y */
  text(pageIndex: number, t: string, x: number, y: number, size: number, perChar = false): void {
    const p = this.pages[pageIndex]!;
    const py = this.s.page[1] - y;
    if (perChar && t.length > 1) p.chars(t, x, py, size);
    else p.text(t, x, py, size);
  }
}

/** Greedy wrap by measured width (CJK text breaks anywhere). */
function wrap(pdf: CjkPdf, text: string, width: number, size: number): string[] {
  if (!text) return [""];
  const lines: string[] = [];
  let cur = "";
  for (const ch of text) {
    if (cur && pdf.width(cur + ch, size) > width) {
      lines.push(cur);
      cur = "";
    }
    cur += ch;
  }
  lines.push(cur);
  return lines;
}

function paragraph(L: Layout, text: string, size: number, center = false): void {
  const lh = size * L.s.leading;
  const indent = center ? 0 : 2 * size;
  const lines = wrap(L.pdf, text, L.width - indent, size);
  lines.forEach((line, i) => {
    if (L.y + lh > L.bottom) L.newPage();
    L.y += lh;
    const w = L.pdf.width(line, size);
    const x = center ? L.s.margin.left + (L.width - w) / 2 : L.s.margin.left + (i === 0 ? indent : 0);
    L.text(L.pages.length - 1, line, x, L.y - (lh - size) / 2 - 0.12 * size, size);
  });
  L.y += 0.3 * size;
}

/** Column widths of a grid: label columns share `labelShare`, figure columns the rest. */
function columnWidths(g: Grid, s: PdfStyle, width: number, rand: () => number): number[] {
  const figCols = g.cols - g.labelCols;
  const labelW = g.labelCols ? width * s.labelShare : 0;
  const labelWeights = g.labelCols === 3 ? [s.partLabel === "flat" ? 0.22 : 0.1, 0.3, 0.6] : [1];
  const lw = labelWeights.slice(0, g.labelCols);
  const lsum = lw.reduce((a, b) => a + b, 0);
  const fw = Array.from({ length: figCols }, () => (s.uneven ? 0.7 + rand() * 0.8 : 1));
  const fsum = fw.reduce((a, b) => a + b, 0);
  return [...lw.map((w) => (labelW * w) / lsum), ...fw.map((w) => ((width - labelW) * w) / fsum)];
}

function table(L: Layout, g: Grid, tableSize: number, rand: () => number): void {
  const s = L.s;
  const size = g.table === "t4" ? Math.max(5, tableSize - 1) : tableSize;
  const lh = size * s.leading;
  const pad = 0.35 * size;
  const widths = columnWidths(g, s, L.width, rand);
  const xs = [s.margin.left];
  for (const w of widths) xs.push(xs[xs.length - 1]! + w);
  const span = (c: GridCell) => [xs[c.col]!, xs[c.col + c.colspan]!] as const;
  const turned = (c: GridCell) =>
    g.table === "t3" && c.kind === "label" && c.col === 0 && c.rowspan > 1 && s.partLabel !== "flat";
  const linesOf = (c: GridCell): string[] => {
    if (c.kind === "fig" || !c.text) return [c.text];
    if (turned(c)) return s.partLabel === "stacked" ? [...c.text] : [c.text];
    const [x0, x1] = span(c);
    return wrap(L.pdf, c.text, x1 - x0 - 2 * pad, c.kind === "head" ? size * 0.9 : size);
  };
  const lines = new Map(g.cells.map((c) => [c, linesOf(c)]));
  const need = (c: GridCell) =>
    (turned(c) && s.partLabel === "rotated" ? L.pdf.width(c.text, size) : lines.get(c)!.length * lh) + 2 * pad;
  const h = Array.from({ length: g.rows }, () => lh + 2 * pad);
  for (const c of g.cells) if (c.rowspan === 1) h[c.row] = Math.max(h[c.row]!, need(c));
  for (const c of g.cells) {
    if (c.rowspan === 1) continue;
    const rows = Array.from({ length: c.rowspan }, (_, k) => c.row + k);
    const have = rows.reduce((a, r) => a + h[r]!, 0);
    if (need(c) > have) rows.forEach((r) => (h[r]! += (need(c) - have) / c.rowspan));
  }
  // place the rows: a row that does not fit goes to the next page, under a repeated header if asked
  const pos: Placed[] = [];
  const headerCopies: Placed[] = [];
  const headH = h.slice(0, g.headRows).reduce((a, b) => a + b, 0);
  for (let r = 0; r < g.rows; r++) {
    if (L.y + h[r]! > L.bottom) {
      L.newPage();
      if (s.repeatHeader && r >= g.headRows) {
        headerCopies.push({ page: L.pages.length - 1, top: L.y });
        L.y += headH;
      }
    }
    pos.push({ page: L.pages.length - 1, top: L.y });
    L.y += h[r]!;
  }
  L.y += lh;
  const draw = (c: GridCell, page: number, top: number, bottom: number) => {
    const [x0, x1] = span(c);
    const sz = c.kind === "head" ? size * 0.9 : size;
    if (s.borders) {
      const p = L.pages[page]!.page;
      const H = s.page[1];
      p.drawRectangle({
        x: x0,
        y: H - bottom,
        width: x1 - x0,
        height: bottom - top,
        borderWidth: 0.5,
        borderColor: rgb(0, 0, 0),
      });
    }
    const ls = lines.get(c)!;
    if (!c.text) return;
    if (turned(c) && s.partLabel === "rotated") {
      const w = L.pdf.width(c.text, sz);
      L.pages[page]!.text(c.text, (x0 + x1) / 2 + 0.35 * sz, s.page[1] - ((top + bottom) / 2 + w / 2), sz, {
        rotate: 90,
      });
      return;
    }
    const block = ls.length * lh;
    const va = c.kind === "head" ? "middle" : s.valign;
    const start = va === "top" ? top + pad : va === "bottom" ? bottom - pad - block : (top + bottom - block) / 2;
    ls.forEach((line, i) => {
      const w = L.pdf.width(line, sz);
      const align: Align = c.kind === "fig" ? s.figAlign : c.kind === "head" || turned(c) ? "center" : s.labelAlign;
      const x = align === "left" ? x0 + pad : align === "right" ? x1 - pad - w : (x0 + x1 - w) / 2;
      L.text(page, line, x, start + i * lh + (lh + sz) / 2 - 0.12 * sz, sz, s.perChar && c.kind !== "fig");
    });
  };
  for (const c of g.cells) {
    const first = pos[c.row]!;
    let last = c.row;
    while (last + 1 < c.row + c.rowspan && pos[last + 1]!.page === first.page) last++;
    draw(c, first.page, first.top, pos[last]!.top + h[last]!);
  }
  for (const copy of headerCopies) {
    let top = copy.top;
    for (let r = 0; r < g.headRows; r++) {
      for (const c of g.cells.filter((x) => x.row === r)) {
        const bottom = top + h.slice(r, r + c.rowspan).reduce((a, b) => a + b, 0);
        draw(c, copy.page, top, bottom);
      }
      top += h[r]!;
    }
  }
}

function running(L: Layout): void {
  const s = L.s;
  const n = L.pages.length;
  const size = 8;
  const [W, H] = s.page;
  L.pages.forEach((p, i) => {
    const at = (t: string, x: number, yTop: number) => p.text(t, x, H - yTop, size);
    const right = (t: string, yTop: number) => at(t, W - 30 - L.pdf.width(t, size), yTop);
    const centre = (t: string, yTop: number) => at(t, (W - L.pdf.width(t, size)) / 2, yTop);
    if (s.running === "print") {
      at(s.print.date, 30, 20);
      centre(s.print.title, 20);
      at(s.print.url, 30, H - 14);
      right(`${i + 1}/${n}`, H - 14);
    } else if (s.running === "dash") {
      centre(`- ${i + 1} -`, H - 0.45 * s.margin.bottom);
    } else if (s.running === "page-of") {
      centre(`第 ${i + 1} 页 共 ${n} 页`, H - 0.45 * s.margin.bottom);
    }
  });
}

/** All the text a document will draw (an embedded font must hold every character before drawing). */
function allText(blocks: GridBlock[], s: PdfStyle): string[] {
  return [
    ...blocks.flatMap((b) => (b.kind === "p" ? [b.text] : b.grid.cells.map((c) => c.text))),
    s.print.date,
    s.print.title,
    s.print.url,
    "0123456789/-第页共 ",
  ];
}

export async function renderPdf(blocks: GridBlock[], s: PdfStyle, rand: () => number): Promise<Uint8Array> {
  const pdf = await CjkPdf.create(s.font);
  await pdf.prepare(...allText(blocks, s));
  const L = new Layout(pdf, s);
  blocks.forEach((b, i) => {
    if (b.kind === "p") {
      paragraph(L, b.text, i === 0 ? s.bodySize + 4 : s.bodySize, i === 0);
      return;
    }
    if (b.grid.table === "t3" && s.breakInT3 > 0) {
      // start table 3 low on a page, so the page break falls inside it
      const room = L.bottom - L.y;
      const target = s.breakInT3 * (L.bottom - s.margin.top);
      if (room > target) L.y = L.bottom - target;
    }
    table(L, b.grid, s.tableSize, rand);
  });
  if (s.running !== "none") running(L);
  // the same case makes the same bytes: no clock in the file
  pdf.doc.setCreationDate(new Date(Date.UTC(2024, 0, 1)));
  pdf.doc.setModificationDate(new Date(Date.UTC(2024, 0, 1)));
  return pdf.bytes();
}
