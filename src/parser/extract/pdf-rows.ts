/**
 * Lines of cells (pdf-lines.ts) → rows in reading order. Table cells in a PDF are only positioned text,
 * so what a table row is has to be inferred from layout:
 * - a label wrapped over two lines with the figures printed between them (the figures' baseline sits
 *   between the label lines) becomes one row: label, then figures;
 * - a group label centred in a tall cell ((三)不予公开 beside sub-rows 1.–8.) or a rotated label
 *   (三、本年度办理结果) is moved to the top of the rows it spans instead of landing between them;
 * - blank cells print nothing: they are put back as "" where the neighbouring rows have figures;
 * - narrative lines are joined into paragraphs, also across page breaks.
 * The downstream reader finds rows by their label words and then takes the next figures, so reading
 * order is what matters most.
 */
import type { Row } from "../types.js";
import type { Cell, Line, Spanner } from "./pdf-lines.js";
import { snapTable4, snapToHeaderColumns, splitTrailingFigure } from "./pdf-columns.js";

/** A row number at the start of a label: 一、 (三) 1. 2、 */
const MARKER = /^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十0-9０-９]+[)）]|[0-9０-９]+[.．、])/;
/** a cell of table 3's applicant header: 自然人, or the next words (set apart or run together in a short cell) */
const T3_HEAD = /^(?:自然.{0,4}|(?:商业企|科研机|法律服).{0,12})$/;
const FIRST_MARKER = /^(?:[1１][.．、]|[(（][1１一][)）])/;

const hasFigures = (l: Line) => l.cells.some((c) => c.figure);
const onlyFigures = (l: Line) => l.cells.every((c) => c.figure);
const labelOnly = (l: Line) => l.cells.length === 1 && !l.cells[0]!.figure;
/** a line that carries a row label (first cell, text) followed by figures */
const labelledRow = (l: Line) => l.cells.length > 1 && !l.cells[0]!.figure && hasFigures(l);
const first = (l: Line): Cell => l.cells[0]!;
const lineX1 = (l: Line) => l.cells[l.cells.length - 1]!.x1;

/**
 * A figure line whose only text is a fragment of a label from a column further left (三、本年 of a part
 * label wrapped in its narrow cell, beside the row's own label wrapped round the figures): the row's
 * label is the label-only line just above or below, standing wholly right of the fragment. The fragment
 * goes to a line of its own before that label, so the figures are read with their row's label.
 */
function splitSideFragments(lines: Line[]): void {
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (restBesideSide(lines, i)) {
      // the rest first: it joins its label above; the side fragment follows, before its own rest
      lines.splice(i + 1, 0, { page: l.page, y: l.y, size: l.size, cells: [first(l)] });
      l.cells = l.cells.slice(1);
      i++;
      continue;
    }
    if (l.cells.length < 2 || first(l).figure || !l.cells.slice(1).every((c) => c.figure)) continue;
    const own = [lines[i - 1], lines[i + 1]].find(
      (o) =>
        o &&
        o.page === l.page &&
        labelOnly(o) &&
        Math.abs(o.y - l.y) <= 1.8 * Math.max(o.size, l.size) &&
        first(o).x0 >= first(l).x1 + 0.5 * l.size,
    );
    if (!own) continue;
    const side: Line = { page: l.page, y: l.y, size: l.size, cells: [first(l)] };
    l.cells = l.cells.slice(1);
    const at = Math.min(i, lines.indexOf(own));
    lines.splice(at, 0, side);
    i++;
  }
}

/**
 * A line of two text cells (and perhaps the row's figures): the second the wrapped rest of the label
 * just above it (it starts where that label starts or is centred under it, with no row number; the
 * row's figures may stand between them), the first a fragment of a label from a column further left
 * (a group label in its narrow cell: (三)不予 / 公开 beside 4.保护第三方合法权 / 益).
 */
function restBesideSide(lines: Line[], i: number): boolean {
  const l = lines[i]!;
  // the label line above, past a line of the row's figures printed between its label lines
  const above = lines[i - 1] && onlyFigures(lines[i - 1]!) ? lines[i - 2] : lines[i - 1];
  if (!above || above.page !== l.page || l.cells.length < 2 || !l.cells.slice(2).every((c) => c.figure)) return false;
  const [side, rest] = l.cells as [Cell, Cell];
  if (side.figure || rest.figure) return false;
  const em = Math.max(l.size, above.size);
  return (
    side.x1 < rest.x0 &&
    !MARKER.test(rest.text) &&
    !first(above).figure &&
    // set flush left (starts where the label starts) or centred (under the label's middle, narrower)
    (Math.abs(first(above).x0 - rest.x0) <= 0.5 * em ||
      (Math.abs(first(above).x0 + first(above).x1 - rest.x0 - rest.x1) <= em &&
        rest.x1 - rest.x0 < first(above).x1 - first(above).x0)) &&
    l.y - above.y > 0 &&
    l.y - above.y <= 1.8 * em
  );
}

/**
 * `side` is a label-only line standing wholly left of the label line `of` (a group label in its narrower
 * column) on a baseline between `of` and `from` (the other line of the same row)
 */
const besideLeft = (side: Line | undefined, of: Line | undefined, from: Line) =>
  !!side &&
  !!of &&
  side.page === of.page &&
  labelOnly(side) &&
  !first(of).figure &&
  first(side).x1 < first(of).x0 - 0.5 * side.size &&
  (side.y - of.y) * (side.y - from.y) < 0;

/** Figures-only line → joined to the nearer label-only line just above or below it, left of the figures. */
function attachFigures(lines: Line[]): void {
  for (let i = 0; i < lines.length; i++) {
    const f = lines[i]!;
    if (!onlyFigures(f)) continue;
    const near = (k: number) => {
      // a group label's line on a baseline between a wrapped label's lines is looked past
      const j = besideLeft(lines[k], lines[2 * k - i], f) ? 2 * k - i : k;
      const l = lines[j];
      if (!l || l.page !== f.page || !labelOnly(l) || first(l).x1 > first(f).x0 + 1) return null;
      const dy = Math.abs(l.y - f.y);
      return dy <= Math.max(l.size, f.size) ? { j, dy } : null;
    };
    const best = [near(i - 1), near(i + 1)].filter((c) => c !== null).sort((a, b) => a.dy - b.dy)[0];
    if (!best) continue;
    const label = lines[best.j]!;
    label.cells.push(...f.cells);
    label.size = Math.max(label.size, f.size);
    label.figY = f.y;
    lines.splice(i, 1);
    i = Math.max(-1, Math.min(i, best.j) - 1);
  }
}

/** `q` continues the label cell `head`: starts under it, close below, and does not open a new row */
function continues(head: Cell, headY: number, q: Line): boolean {
  const c = first(q);
  const em = Math.min(head.size, c.size);
  return (
    q.y - headY > 0 &&
    q.y - headY <= 1.8 * Math.max(head.size, c.size) &&
    c.x0 >= head.x0 - 0.5 * em &&
    c.x0 < head.x1 &&
    !MARKER.test(c.text)
  );
}

/**
 * The other line of a label wrapped round its figures joins the row: figures printed between two label
 * lines (attachFigures joined them to the nearer one) are the sign of one cell. Without that sign a
 * label-only line next to a row is left alone: it may be the label of a row whose cells are all blank,
 * and joining it would give it the neighbour's figures.
 */
function joinLabelFragments(lines: Line[]): void {
  // table 3's region: from its applicant header (自然人) to table 4 (行政复议)
  let inT3 = false;
  const t3 = new Set<Line>();
  for (const l of lines) {
    const text = l.cells.map((c) => c.text).join("");
    // the header cell (自然 / 人 may stack; left empty, the next applicant words, perhaps run together
    // with their wrapped rests below), not a sentence that names applicants
    if (l.cells.some((c) => T3_HEAD.test(c.text.replace(/\s+/g, "")))) inT3 = true;
    if (/行政复议|行政诉讼/.test(text)) inT3 = false;
    if (inT3) t3.add(l);
  }
  for (let i = 0; i < lines.length; i++) {
    const row = lines[i]!;
    // table 3's rows (under its applicant header, or seven figures) have the long labels that wrap; a
    // short table's label-only line next to a row is more likely a heading or a row of its own
    if (row.figY === undefined && labelledRow(row) && (t3.has(row) || row.cells.filter((c) => c.figure).length >= 5)) {
      i = joinWrapped(lines, i);
      continue;
    }
    if (row.figY === undefined || !labelledRow(row)) continue;
    // a group label's line on a baseline between the label's lines is passed over (it stays a line of its own)
    const prevAt = besideLeft(lines[i - 1], lines[i - 2], row) ? i - 2 : i - 1;
    const nextAt = besideLeft(lines[i + 1], lines[i + 2], row) ? i + 2 : i + 1;
    const prev = lines[prevAt];
    const next = lines[nextAt];
    if (
      row.figY > row.y &&
      next &&
      next.page === row.page &&
      labelOnly(next) &&
      next.y > row.figY &&
      continues(first(row), row.y, next)
    ) {
      // "(二)部分公开(区分处理的,只计这一情形,不" / figures / "计其他情形)"
      first(row).text += first(next).text;
      lines.splice(nextAt, 1);
    } else if (
      row.figY < row.y &&
      prev &&
      prev.page === row.page &&
      labelOnly(prev) &&
      prev.y < row.figY &&
      continues(first(prev), prev.y, row)
    ) {
      // "5.要求行政机关确认或重新出具" / figures / "已获取信息"
      first(row).text = first(prev).text + first(row).text;
      first(row).x0 = Math.min(first(row).x0, first(prev).x0);
      row.y = prev.y;
      lines.splice(prevAt, 1);
      i--;
    }
  }
}

/**
 * A label wrapped over lines in its cell, the figures on one of them (set to the cell's top, middle or
 * bottom): a label-only line just above or below, that the label runs on into (no row number of its own,
 * within a line's leading, under the label), is the same row when the line before the break is full —
 * it reaches the label column's right side, where a wrap happens. A short label-only line is a row of
 * its own whose cells print nothing. Returns the row's new index.
 */
function joinWrapped(lines: Line[], i: number): number {
  const row = lines[i]!;
  // the label column's right side: where the labels of the figure rows around end
  const near = lines.slice(Math.max(0, i - 12), i + 12).filter((l) => l.page === row.page && labelledRow(l));
  const right = Math.max(...near.map((l) => first(l).x1));
  const full = (l: Line) => first(l).x1 >= right - 2 * first(l).size;
  // a wrapped line sits a line's leading away, closer than the rows' pitch (cell padding)
  const steps = near
    .slice(1)
    .map((l, k) => l.y - near[k]!.y)
    .filter((d) => d > 0)
    .sort((a, b) => a - b);
  const pitch = steps.length >= 2 ? steps[Math.floor(steps.length / 2)]! : Infinity;
  const leading = (dy: number, size: number) => dy > 0 && dy <= 1.8 * size && dy < 0.75 * pitch;
  const close = (a: Line, b: Line) => leading(b.y - a.y, Math.max(a.size, b.size));
  // the figure line's own label line: where the lines below continue from
  // the row's own label: the last text cell before its figures (a group label may stand before it, on
  // the sub-row's first line when set to the top of its cell)
  const own = row.cells[Math.max(0, row.cells.findIndex((c) => c.figure) - 1)]!;
  let last = { y: row.y, full: own.x1 >= right - 2 * own.size, cell: { ...own } };
  let at = i;
  // the lines above, bottom-up: each full and running on into the one below
  while (at > 0) {
    const head = lines[at]!;
    // a group label centred in its tall cell can fall on a baseline between the label's lines: a
    // label-only line wholly left of the label is passed over (it stays where it is, a line of its own)
    const side = lines[at - 1]!;
    const past = at > 1 && labelOnly(side) && first(side).x1 < first(head).x0 - 0.5 * side.size ? 1 : 0;
    const prev = lines[at - 1 - past]!;
    if (prev.page !== head.page || !labelOnly(prev) || !full(prev) || !close(prev, head)) break;
    if (!continues(first(prev), prev.y, head)) break;
    first(row).text = first(prev).text + first(row).text;
    first(row).x0 = Math.min(first(row).x0, first(prev).x0);
    row.y = prev.y;
    lines.splice(at - 1 - past, 1);
    at--;
  }
  // the lines below: the line before each is full
  while (at + 1 < lines.length) {
    const next = lines[at + 1]!;
    if (next.page !== row.page || !labelOnly(next) || !last.full) break;
    if (!leading(next.y - last.y, Math.max(row.size, next.size))) break;
    if (!continues(last.cell, last.y, next)) break;
    own.text += first(next).text;
    last = { y: next.y, full: full(next), cell: first(next) };
    lines.splice(at + 1, 1);
  }
  return at;
}

interface Column {
  x0: number;
  x1: number;
  rows: Set<Line>;
}

/** Figure cells of a block clustered into columns: cells whose extents overlap share a column. */
function columnsOf(rows: Line[]): Column[] {
  const cells = rows
    .flatMap((l) => l.cells.filter((c) => c.figure).map((c) => ({ c, l })))
    .sort((a, b) => a.c.x0 - b.c.x0);
  const cols: Column[] = [];
  for (const { c, l } of cells) {
    const col = cols.find((k) => c.x0 <= k.x1 && c.x1 >= k.x0);
    if (col) {
      col.x0 = Math.min(col.x0, c.x0);
      col.x1 = Math.max(col.x1, c.x1);
      col.rows.add(l);
    } else cols.push({ x0: c.x0, x1: c.x1, rows: new Set([l]) });
  }
  return cols.sort((a, b) => a.x0 - b.x0);
}

/**
 * A blank cell prints nothing, so a row with a blank has fewer figures than its neighbours and the
 * reader would take the missing one from the next row. Within a block of figure rows (up to a header
 * line or the page end), columns that at least two full rows fill show where the blanks are: a row
 * that misses some of them gets "" there when it has at least half of them, or when each of its figures
 * stands in one of those columns and one stands in the first or last. A row with a few figures elsewhere is left alone: it more likely
 * belongs to a narrower table than to this one.
 */
function fillBlanks(lines: Line[]): void {
  let block: Line[] = [];
  const flush = () => {
    const all = block;
    const rows = block.filter(hasFigures);
    block = [];
    if (rows.length < 3) return;
    const figureCols = columnsOf(rows).filter((k) => k.rows.size >= 2);
    const full = rows.filter((r) => figureCols.every((k) => k.rows.has(r)));
    const { cols, fromHeader } = withHeaderColumns(figureCols, all[0]!, rows);
    // the grid is known from two complete rows, or from the header line above the figures
    if (full.length < 2 && !fromHeader) return;
    for (const r of rows) {
      const missing = cols.filter((k) => !k.rows.has(r) && k.x0 > first(r).x1);
      const present = cols.length - missing.length;
      // every figure of the row stands in a column of this table, and it reaches the table's first or
      // last column (where 自然人 / 总计 stand): its gaps are blanks, however many
      const inCol = (k: Column) => r.cells.some((c) => c.figure && c.x0 <= k.x1 && c.x1 >= k.x0);
      const aligned =
        r.cells.filter((c) => c.figure).every((c) => cols.some((k) => c.x0 <= k.x1 && c.x1 >= k.x0)) &&
        (inCol(cols[0]!) || inCol(cols[cols.length - 1]!));
      if (!missing.length || (present < cols.length / 2 && !(aligned && present >= 1))) continue;
      if (!r.snapped) r.guessed = true;
      for (const k of missing) {
        const at = r.cells.findIndex((c) => c.x0 > k.x1);
        r.cells.splice(at < 0 ? r.cells.length : at, 0, { text: "", x0: k.x0, x1: k.x1, size: r.size, figure: true });
      }
    }
    fillBlankRows(all, rows, cols);
  };
  lines.forEach((l, i) => {
    const header = l.cells.length > 1 && !hasFigures(l);
    if (header || (i > 0 && lines[i - 1]!.page !== l.page)) flush();
    block.push(l);
  });
  flush();
}

/**
 * A column left blank in every row prints no figure at all (科研机构 with no applications): only the
 * header line above the block shows it. Header cells right of the label column that stand over no
 * figure column become columns too.
 */
function withHeaderColumns(cols: Column[], head: Line, rows: Line[]): { cols: Column[]; fromHeader: boolean } {
  if (hasFigures(head) || head.cells.length < 2 || !cols.length) return { cols, fromHeader: false };
  const labelRight = Math.max(...rows.map((r) => (r.cells[0]!.figure ? -Infinity : first(r).x1)));
  const heads = head.cells.filter((h) => h.x0 > labelRight);
  const over = (h: Cell) => cols.some((k) => (k.x0 + k.x1) / 2 >= h.x0 - 1 && (k.x0 + k.x1) / 2 <= h.x1 + 1);
  const extra = heads
    .filter((h) => !over(h) && h.x1 - h.x0 < 4 * Math.max(...cols.map((k) => k.x1 - k.x0), h.size * 2))
    .map((h) => ({ x0: h.x0, x1: h.x1, rows: new Set<Line>() }));
  // a header whose cells stand over the figure columns (or add the empty ones) confirms the grid
  const fromHeader = heads.length >= 2 && heads.every((h) => over(h) || extra.some((k) => k.x0 === h.x0));
  return { cols: extra.length ? [...cols, ...extra].sort((a, b) => a.x0 - b.x0) : cols, fromHeader };
}

/**
 * A row whose cells are all blank is a label alone on its line; left so, the reader would give it the
 * next row's figures. It is told from a wrapped label's other line or a group label by where it
 * stands: in the label column of the figure rows next to it, one row pitch away from them (a wrapped
 * line sits closer, a group label further left).
 */
function fillBlankRows(block: Line[], rows: Line[], cols: Column[]): void {
  const steps = rows
    .slice(1)
    .map((r, k) => r.y - rows[k]!.y)
    .filter((d) => d > 0)
    .sort((a, b) => a - b);
  const pitch = steps[Math.floor(steps.length / 2)];
  if (!pitch) return;
  block.forEach((l, i) => {
    if (!labelOnly(l)) return;
    const neighbours = [block[i - 1], block[i + 1]].filter((n): n is Line => !!n && labelledRow(n));
    const rowLike = neighbours.some((n) => {
      const dy = Math.abs(n.y - l.y);
      return Math.abs(first(n).x0 - first(l).x0) <= l.size && dy >= 0.75 * pitch && dy <= 1.5 * pitch;
    });
    if (rowLike && cols[0]!.x0 > first(l).x1) l.guessed = true;
    if (rowLike && cols[0]!.x0 > first(l).x1)
      l.cells.push(...cols.map((k) => ({ text: "", x0: k.x0, x1: k.x1, size: l.size, figure: true })));
  });
}

/** Index after which the rows indented right of `x` that end at `from` begin (walking up from `from`). */
function runStart(lines: Line[], from: number, x: number, page: number, stopAtFirst: boolean): number {
  let j = from;
  while (j >= 0 && lines[j]!.page === page && first(lines[j]!).x0 >= x) {
    if (stopAtFirst && FIRST_MARKER.test(first(lines[j]!).text)) return j - 1;
    j--;
  }
  return j;
}

/** Rotated/vertical/stacked labels go before the first of the indented rows they stand beside. */
function placeSpanners(lines: Line[], spanners: Spanner[]): void {
  for (const s of spanners) {
    const pageIdx = lines.map((l, i) => (l.page === s.page ? i : -1)).filter((i) => i >= 0);
    const line: Line = {
      page: s.page,
      y: s.top,
      size: s.size,
      table: true,
      cells: [{ text: s.text, x0: s.x0, x1: s.x1, size: s.size, figure: false }],
    };
    if (!pageIdx.length) {
      const at = lines.findIndex((l) => l.page > s.page);
      lines.splice(at < 0 ? lines.length : at, 0, line);
      continue;
    }
    const below = pageIdx.find((i) => lines[i]!.y > s.top);
    const from = (below ?? pageIdx[pageIdx.length - 1]! + 1) - 1;
    const at = runStart(lines, from, s.x1 - 0.5 * s.size, s.page, false) + 1;
    lines.splice(at, 0, line);
  }
}

/**
 * A label-only line between two figure rows that are both indented right of it is a group label
 * centred in its tall cell: it moves up to the first sub-row (the one numbered 1, else the first
 * indented row).
 */
function placeGroupLabels(lines: Line[]): void {
  const moved = new Set<Line>();
  for (let i = 1; i + 1 < lines.length; i++) {
    const g = lines[i]!;
    const p = lines[i - 1]!;
    const n = lines[i + 1]!;
    if (moved.has(g) || !labelOnly(g) || p.page !== g.page || n.page !== g.page) continue;
    const x = first(g).x1 - 0.5 * first(g).size;
    if (!hasFigures(p) || !hasFigures(n) || first(p).x0 < x || first(n).x0 < x) continue;
    const at = runStart(lines, i - 1, x, g.page, true) + 1;
    if (at === i) continue;
    lines.splice(i, 1);
    lines.splice(at, 0, g);
    g.table = true;
    moved.add(g);
  }
}

/** Table lines: several cells or figures; a single text line wedged between table lines belongs to the table. */
function markTables(lines: Line[]): void {
  for (const l of lines) if (l.cells.length > 1 || hasFigures(l)) l.table = true;
  lines.forEach((l, i) => {
    const p = lines[i - 1];
    const n = lines[i + 1];
    const close = (o: Line | undefined) =>
      o && o.page === l.page && o.table && Math.abs(o.y - l.y) <= 3 * Math.max(o.size, l.size);
    if (!l.table && close(p) && close(n)) l.table = true;
  });
}

/**
 * Narrative lines → paragraphs: a line that reaches the right margin continues into the next line when
 * that one starts at the left margin (no indent, no heading number), on the same page or the next.
 */
function joinParagraphs(lines: Line[]): Line[] {
  // body margins of the whole document: a page that is mostly table has no full narrative line of its
  // own, and its stray header fragments would give false margins
  const body = lines.filter((l) => !l.table && first(l).text.length >= 8);
  const left = quantile(
    body.map((l) => first(l).x0),
    0.1,
  );
  const right = quantile(body.map(lineX1), 0.9);
  const out: Line[] = [];
  for (const l of lines) {
    const p = out[out.length - 1];
    const ok =
      p &&
      !p.table &&
      !l.table &&
      lineX1(p) >= right - 2 * p.size &&
      first(l).x0 <= left + 0.5 * l.size &&
      Math.abs(p.size - l.size) <= 0.2 * p.size &&
      (l.page !== p.page || (l.y - p.y > 0 && l.y - p.y <= 2.5 * p.size)) &&
      (l.page === p.page || l.page === p.page + 1) &&
      !MARKER.test(first(l).text);
    if (ok) {
      const a = first(p).text;
      const b = first(l).text;
      first(p).text = a + (/[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]/.test(b) ? " " : "") + b;
      first(p).x1 = first(l).x1; // where the paragraph now ends: the next line continues it only if this one is full
      p.y = l.y;
      p.page = l.page;
      continue;
    }
    out.push(l);
  }
  return out;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
}

/**
 * Bare numbers at page edges (marked by pdf-lines.ts) are page numbers when they run with the pages: the
 * same number minus page on half the pages or more (two at least), or a one-page document. Otherwise they are figures — the
 * last or first cell of a table printed one cell per line across a page break.
 */
function dropBareFolios(lines: Line[]): Line[] {
  const marked = lines.filter((l) => l.folio !== undefined);
  if (!marked.length) return lines;
  const pages = new Set(lines.map((l) => l.page));
  // offset (number − page) → the pages where a bare number with that offset stands
  const offsets = new Map<number, Set<number>>();
  for (const l of marked) {
    const k = l.folio! - l.page;
    if (!offsets.has(k)) offsets.set(k, new Set());
    offsets.get(k)!.add(l.page);
  }
  // numbered pages are most of the pages: a few lone figures at page edges can fall into step by chance
  const enough = Math.max(2, pages.size / 2);
  const folio = (l: Line) =>
    l.folio !== undefined && l.folio > 0 && (pages.size === 1 || (offsets.get(l.folio - l.page)?.size ?? 0) >= enough);
  return lines.filter((l) => !folio(l));
}

/**
 * Running headers and footers: the same words (numbers aside) as the first or the last line of most
 * pages — a page title, an agency's name, a print date or address. Inside a table cut across pages
 * they would stand between its rows. Lines holding figures are never taken (a repeated row of zeros).
 */
function dropRunning(lines: Line[]): Line[] {
  const byPage = new Map<number, Line[]>();
  for (const l of lines) (byPage.get(l.page) ?? byPage.set(l.page, []).get(l.page)!).push(l);
  if (byPage.size < 2) return lines;
  const key = (l: Line) =>
    l.cells
      .map((c) => c.text)
      .join("")
      .replace(/\s+/g, "")
      .replace(/\d+/g, "#");
  const edges = new Map<string, Set<number>>();
  const edgeLines: Line[] = [];
  for (const [page, ls] of byPage) {
    for (const l of new Set([ls[0]!, ls[ls.length - 1]!])) {
      if (l.cells.some((c) => c.figure) || !key(l)) continue;
      edgeLines.push(l);
      (edges.get(key(l)) ?? edges.set(key(l), new Set()).get(key(l))!).add(page);
    }
  }
  const enough = Math.max(2, byPage.size / 2);
  const running = new Set(edgeLines.filter((l) => edges.get(key(l))!.size >= enough));
  return running.size ? lines.filter((l) => !running.has(l)) : lines;
}

export function linesToRows(lines: Line[], spanners: Spanner[]): Row[] {
  const work = dropRunning(dropBareFolios(lines)).map((l) => ({ ...l, cells: l.cells.map((c) => ({ ...c })) }));
  // first: a label line joined to its wrapped rests must not carry its row's first figure inside it
  for (const l of work) splitTrailingFigure(l);
  splitSideFragments(work);
  attachFigures(work);
  joinLabelFragments(work);
  snapToHeaderColumns(work, spanners);
  snapTable4(work);
  fillBlanks(work);
  placeSpanners(work, spanners);
  placeGroupLabels(work);
  markTables(work);
  // the first page a paragraph is on is the one reported for it
  const pages = new Map(work.map((l) => [l, l.page]));
  return joinParagraphs(work).map((l) => {
    const row: Row = { cells: l.cells.map((c) => c.text), page: pages.get(l) ?? l.page };
    if (l.table) row.table = true;
    if (l.guessed) row.guessed = true;
    return row;
  });
}
