/**
 * Table 3's columns from its header words. The applicant columns (自然人, 商业企业, 科研机构, 社会公益组织,
 * 法律服务机构, 其他, 总计) are printed in every table 3, whatever made the file; where they stand gives
 * the seven column positions even when a column holds no figure at all (科研机构 with no applications,
 * blank cells that print nothing). Each figure of a row below snaps to the nearest header column, and
 * the columns it does not reach get "" — so a row keeps seven cells in their places, whatever the
 * figures' alignment or width. Header words set close together come as one cell: a word's position
 * inside its cell is taken in proportion to its characters (CJK characters are of one width).
 */
import { isFigure, type Cell, type Line, type Spanner, type Word } from "./pdf-lines.js";

const WORDS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"] as const;
/** the table that follows table 3 (its words end the columns' reach) */
const NEXT_TABLE = /行政复议|行政诉讼/;
/** a numbered sub-row label (2.其他法律行政法规禁止公开; after its group label: （五）不予处理 3.要求…) */
const SUB_ROW = /(?:^|\s|）|\))[0-9０-９]\s*[.．、]\s*\D/;

/** where a header word stands */
interface Col {
  x0: number;
  x1: number;
}
const midOf = (c: Col) => (c.x0 + c.x1) / 2;
/** a cell at its column's middle, narrow (the blank-cell rules of pdf-rows.ts cluster cells by extent) */
const blankAt = (c: Col, size: number): Cell => ({
  text: "",
  x0: midOf(c) - 0.1 * size,
  x1: midOf(c) + 0.1 * size,
  size,
  figure: true,
});

/** extent of each applicant word found in the line, by word */
function wordCentres(l: Line): Map<string, Col> {
  const out = new Map<string, Col>();
  for (const c of l.cells) {
    const t = c.text.replace(/\s+/g, "");
    if (!t) continue;
    const unit = (c.x1 - c.x0) / t.length;
    for (const w of WORDS) {
      let i = t.indexOf(w);
      // 其他 of 法人或其他组织 is the group header, not the column
      while (w === "其他" && i >= 0 && t.slice(i, i + 4) === "其他组织") i = t.indexOf(w, i + 1);
      if (i >= 0 && !out.has(w)) out.set(w, { x0: c.x0 + i * unit, x1: c.x0 + (i + w.length) * unit });
    }
    for (const [w, at, n] of wrappedHeads(t))
      if (!out.has(w)) out.set(w, { x0: c.x0 + at * unit, x1: c.x0 + (at + n) * unit });
  }
  return out;
}

/**
 * Header words wrapped in narrow columns whose first lines ran together into one cell (商业企科研机社会公法律服
 * over 业 | 构 | 益组织务机构): the cell read as the heads (two characters or more) of applicant words in
 * order, every character accounted for. Each head is the top line of its word, as wide as its column's
 * text allows, so it stands where the word does. [word, start, length] of each head; none unless the whole
 * cell reads so, with at least two heads.
 */
function wrappedHeads(t: string): [string, number, number][] {
  const go = (at: number, from: number): [string, number, number][] | null => {
    if (at === t.length) return [];
    for (let k = from; k < WORDS.length; k++) {
      const w = WORDS[k]!;
      for (let n = Math.min(w.length, t.length - at); n >= 2; n--) {
        if (t.slice(at, at + n) !== w.slice(0, n)) continue;
        const rest = go(at + n, k + 1);
        if (rest) return [[w, at, n], ...rest];
      }
    }
    return null;
  };
  const heads = t.length >= 4 ? go(0, 0) : null;
  return heads && heads.length >= 2 ? heads : [];
}

/**
 * Header words wrapped in narrow columns (自然 / 人, 社会公 / 益组织): the words of the header lines that
 * stand over one another, read top to bottom. Only narrow words stack (a wide cell spans columns).
 */
function stackedCentres(header: Line[]): Map<string, Col> {
  type Box = { x0: number; x1: number };
  const stacks: { last: Box; parts: Word[] }[] = [];
  const mid = (b: Box) => (b.x0 + b.x1) / 2;
  const width = (b: Box) => b.x1 - b.x0;
  // under the last word of a stack: centres close, widths alike, or narrower and within it (the rest
  // of a wrapped word: 科研机 / 构) — a title over several columns is not part of one
  const under = (a: Box, w: Box, em: number) =>
    (Math.abs(mid(a) - mid(w)) <= 0.6 * Math.max(width(a), width(w)) &&
      Math.max(width(a), width(w)) <= 2.2 * Math.min(width(a), width(w))) ||
    (width(w) < width(a) && w.x0 >= a.x0 - 0.5 * em && w.x1 <= a.x1 + 0.5 * em);
  for (const l of header) {
    for (const c of l.cells) {
      for (const w of c.words?.length ? c.words : [c]) {
        if (!w.text || width(w) > 6 * l.size) continue;
        const k = stacks.find((st) => under(st.last, w, l.size));
        if (k) {
          k.parts.push(w);
          k.last = w;
        } else stacks.push({ last: w, parts: [w] });
      }
    }
  }
  const out = new Map<string, Col>();
  for (const w of WORDS) {
    for (const st of stacks) {
      // the word's extent from the parts that hold its characters (a title stacked above is not part of it)
      const texts = st.parts.map((p) => p.text.replace(/\s+/g, ""));
      const at = texts.join("").indexOf(w);
      if (at < 0) continue;
      let pos = 0;
      const mine = st.parts.filter((_, k) => {
        const from = pos;
        pos += texts[k]!.length;
        return pos > at && from < at + w.length;
      });
      out.set(w, { x0: Math.min(...mine.map((p) => p.x0)), x1: Math.max(...mine.map((p) => p.x1)) });
      break;
    }
  }
  return out;
}

const figures = (l: Line) => l.cells.filter((c) => c.figure);

/** the characters of each applicant word: a header (in one line or stacked over several) holds them */
const WORD_CHARS = WORDS.map((w) => [...w]);

/** the seven columns from the header lines, when every applicant word is found, in order */
function headerColumns(header: Line[]): Col[] | null {
  // asked at every line without figures: most are prose, which lacks some of the words' characters
  const text = header.map((l) => l.cells.map((c) => c.text).join("")).join("");
  // (all but one word's: a header cell may be left empty)
  if (WORD_CHARS.filter((cs) => cs.every((ch) => text.includes(ch))).length < WORDS.length - 1) return null;
  const found = new Map<string, Col>();
  for (const l of header) for (const [w, x] of wordCentres(l)) if (!found.has(w)) found.set(w, x);
  if (found.size < WORDS.length) for (const [w, x] of stackedCentres(header)) if (!found.has(w)) found.set(w, x);
  if (found.size < WORDS.length - 1) return null;
  const known = WORDS.map((w) => found.get(w) ?? null);
  const xs = known.filter((x): x is Col => x !== null);
  if (!xs.every((x, k) => k === 0 || midOf(x) > midOf(xs[k - 1]!))) return null;
  if (xs.length === WORDS.length) return xs;
  // one word not printed (a header cell left empty): its column where the spacing of its neighbours
  // puts it — an estimate, so the rows read under it are a guess (never vouched for)
  const k = known.indexOf(null);
  const m = (j: number) => midOf(known[j]!);
  const mid = k === 0 ? 2 * m(1) - m(2) : k === WORDS.length - 1 ? 2 * m(k - 1) - m(k - 2) : (m(k - 1) + m(k + 1)) / 2;
  const half = Math.min(...xs.map((x) => x.x1 - x.x0)) / 4;
  const out = known.map((x) => x ?? { x0: mid - half, x1: mid + half });
  estimated.add(out);
  return out;
}

/** header columns of which one was estimated (headerColumns) */
const estimated = new WeakSet<Col[]>();

/**
 * Rows of table 3 with figures snapped to the header's seven columns (in place). Header words set
 * apart as spanning labels (characters stacked one per line: 自 / 然 / 人) count as header words too.
 */
export function snapToHeaderColumns(lines: Line[], spanners: readonly Spanner[] = []): void {
  const spannerLines = spanners.map(
    (sp): Line => ({
      page: sp.page,
      y: sp.bottom,
      size: sp.size,
      cells: [{ text: sp.text, x0: sp.x0, x1: sp.x1, size: sp.size, figure: false }],
    }),
  );
  let cols: Col[] | null = null;
  let header: Line[] = [];
  // figure rows under each header found, snapped together: how figures are aligned is the table's
  const blocks = new Map<Col[], Line[]>();
  lines.forEach((l, i) => {
    if (l.cells.some((c) => NEXT_TABLE.test(c.text))) {
      cols = null;
      header = [];
      return;
    }
    splitTrailingFigure(l);
    const figs = figures(l);
    if (!figs.length) {
      // a numbered row label alone on its line under the header, the next line a row of its own (not
      // the rest of this label with its figures): a row whose cells all print nothing
      if (cols && l.cells.length === 1 && SUB_ROW.test(l.cells[0]!.text) && startsRow(lines[i + 1], l.page)) {
        l.cells.push(...cols.map((x) => blankAt(x, l.size)));
        l.guessed = true;
        return;
      }
      // header lines: the few lines a header spans (a page break may fall inside the header)
      header = [...header, l].slice(-12);
      // spanning labels that end above this line, within the header's reach
      const near = spannerLines.filter((sp) => sp.page === l.page && sp.y <= l.y + l.size && sp.y >= l.y - 12 * l.size);
      const found = headerColumns([...near, ...header]);
      if (found) cols = found;
      return;
    }
    header = [];
    if (!cols || figs.length > WORDS.length) return;
    (blocks.get(cols) ?? blocks.set(cols, []).get(cols)!).push(l);
  });
  for (const [cs, rows] of blocks) {
    const align = alignmentOf(rows, cs);
    if (align) for (const l of rows) snapRow(l, cs, align);
    if (estimated.has(cs)) for (const l of rows) if (l.snapped) l.guessed = true;
  }
}

type Align = "left" | "centre" | "right";
const ALIGNS: Align[] = ["centre", "left", "right"];

/** the figure cells of a row: every cell from the first figure on (null when a text cell follows) */
function tail(l: Line): Cell[] | null {
  const t = l.cells.slice(l.cells.findIndex((c) => c.figure));
  return t.some((c) => !c.figure) ? null : t.filter((c) => c.text !== "");
}

/**
 * The column a figure stands in, for one way of setting figures in their cells. A header word stands
 * inside its column, so a column reaches from the word before it to the word after it: a figure set
 * flush left starts between the previous word's end and its own word's start, one set flush right ends
 * between its word's end and the next word's start, a centred one is centred nearest its word and
 * stays between the neighbours' words. Null when no column, or more than one, takes it.
 */
function columnOf(c: Cell, cols: Col[], align: Align): number | null {
  const tol = 0.3 * c.size;
  const lo = (k: number) => (k > 0 ? cols[k - 1]!.x1 : -Infinity);
  const hi = (k: number) => (k + 1 < cols.length ? cols[k + 1]!.x0 : Infinity);
  let hits: number[];
  if (align === "left") hits = cols.map((_, k) => k).filter((k) => c.x0 >= lo(k) - tol && c.x0 <= cols[k]!.x0 + tol);
  else if (align === "right")
    hits = cols.map((_, k) => k).filter((k) => c.x1 >= cols[k]!.x1 - tol && c.x1 <= hi(k) + tol);
  else {
    const mid = (c.x0 + c.x1) / 2;
    const k = cols.map((x, j) => [Math.abs(midOf(x) - mid), j] as const).sort((a, b) => a[0] - b[0])[0]![1];
    hits = c.x0 >= lo(k) - tol && c.x1 <= hi(k) + tol ? [k] : [];
  }
  return hits.length === 1 ? hits[0]! : null;
}

/**
 * How the table's figures are set in their cells: the way under which the most figures find a column,
 * then under which their anchors (left edges, centres or right edges) line up in the fewest places —
 * figures of different widths line up only by the edge they are set to. Null when two ways tie and
 * put some figure in different columns: the layout does not tell, and no figure is placed.
 */
function alignmentOf(rows: Line[], cols: Col[]): Align | null {
  const figs = rows.flatMap((l) => tail(l) ?? []);
  if (!figs.length) return null;
  const anchor = (c: Cell, a: Align) => (a === "left" ? c.x0 : a === "right" ? c.x1 : (c.x0 + c.x1) / 2);
  const scored = ALIGNS.map((a) => {
    const placed = figs.map((c) => columnOf(c, cols, a));
    const xs = figs.map((c) => anchor(c, a)).sort((p, q) => p - q);
    const em = Math.min(...figs.map((c) => c.size));
    const lines = xs.filter((x, k) => k === 0 || x - xs[k - 1]! > 0.1 * em).length;
    return { a, placed, found: placed.filter((k) => k !== null).length, lines };
  }).sort((p, q) => q.found - p.found || p.lines - q.lines);
  const [best, ...rest] = scored;
  const tie = rest.filter((r) => r.found === best!.found && r.lines === best!.lines);
  if (tie.some((r) => r.placed.some((k, j) => k !== best!.placed[j]))) return null;
  return best!.a;
}

const ROW_MARK = /^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．]|[0-9０-９]+\s*[.．、])/;

/** the line after a label opens a row of its own: the page ends, or it starts with a row number */
function startsRow(next: Line | undefined, page: number): boolean {
  if (!next || next.page !== page) return true;
  const t = next.cells[0]!.text.trim();
  return ROW_MARK.test(t) || (next.cells.length === 1 && SUB_ROW.test(t));
}

/**
 * A label cell that took in the first figure of its row (`…其政府信息公开 15`, or a blank mark `… /`: the
 * gap to it was narrow): the figure is a cell of its own, where its word stands.
 */
export function splitTrailingFigure(l: Line): void {
  const k = l.cells.findIndex((c) => c.figure);
  if (k < 1) return;
  const at = k - 1;
  const c = l.cells[at]!;
  const last = c.words?.[c.words.length - 1];
  if (c.figure || !last || c.words!.length < 2 || !isFigure(last.text)) return;
  const label = c.words!.slice(0, -1);
  const text = c.text.slice(0, c.text.length - last.text.length).trim();
  if (!text || !c.text.endsWith(last.text)) return;
  l.cells.splice(
    at,
    1,
    { ...c, text, x1: label[label.length - 1]!.x1, words: label },
    { text: last.text, x0: last.x0, x1: last.x1, size: c.size, figure: true, words: [last] },
  );
}

/**
 * A figure belongs to the column it stands in (columnOf, for the table's alignment). Two figures in one
 * column, or a figure no column takes, leave the row as it is (its columns are then a guess).
 */
function snapRow(l: Line, cols: Col[], align: Align): void {
  const firstFig = l.cells.findIndex((c) => c.figure);
  const figs = tail(l);
  if (!figs) return;
  const slots: (Cell | null)[] = cols.map(() => null);
  for (const c of figs) {
    const k = columnOf(c, cols, align);
    if (k === null || slots[k]) return;
    slots[k] = c;
  }
  const size = l.size;
  // every cell of the row now stands at its column's middle: the blank-cell rules that follow (pdf-rows.ts)
  // cluster cells into columns by extent, and a row snapped here gives them exactly the seven
  const cells = slots.map((c, k) =>
    c ? { ...blankAt(cols[k]!, size), text: c.text, size: c.size } : blankAt(cols[k]!, size),
  );
  l.cells = [...l.cells.slice(0, firstFig), ...cells];
  l.snapped = true;
}

/** Table 4's block labels: 行政复议 (5 columns), then under 行政诉讼 未经复议直接起诉 and 复议后起诉 (5 each). */
const T4_LABELS = ["行政复议", "未经复议直接起诉", "复议后起诉"] as const;
const T4_COLS = 5;

/**
 * Table 4 with cells that print nothing: its figure line has fewer than fifteen figures, and which cell each
 * one is can only come from where it stands. The columns come from the header: the starts of its words
 * (维持, 纠正, 其他, 尚未审结, 总计 under each block) when there are exactly fifteen; else from the three block
 * labels, each block five equal columns, the labels set flush left or centred over their blocks (two
 * readings, kept only when they agree). A figure goes to the column its centre falls in. A reading is
 * kept only when every figure has a column of its own and each block adds up (维持 + 纠正 + 其他 +
 * 尚未审结 = 总计, blanks 0); otherwise the line is left as it is.
 */
export function snapTable4(lines: Line[]): void {
  for (let i = 0; i < lines.length; i++) {
    const label = (w: string) => {
      for (let j = i; j < Math.min(lines.length, i + 8); j++) {
        const c = lines[j]!.cells.find((k) => k.text.replace(/\s+/g, "") === w);
        if (c && lines[j]!.page === lines[i]!.page) return c;
      }
      return null;
    };
    if (!lines[i]!.cells.some((c) => c.text.replace(/\s+/g, "") === T4_LABELS[0])) continue;
    const cells = T4_LABELS.map(label);
    if (cells.some((c) => !c)) continue;
    const row = lines
      .slice(i + 1, i + 10)
      .find((l) => l.page === lines[i]!.page && l.cells.length && l.cells.every((c) => c.figure));
    if (!row || row.cells.length >= T4_COLS * 3) continue;
    const fromWords = wordColumns(lines.slice(i, lines.indexOf(row)), cells[0]!.x0 - cells[0]!.size);
    // the header's own word columns first; else the blocks split evenly, when the two readings of the
    // labels (flush left, centred) that hold agree
    const byWords =
      (fromWords && place(row.cells, fromWords)) ??
      placeByPieces(row.cells, pieceColumns(lines.slice(i, lines.indexOf(row))));
    const even = [flushLeft(cells as Cell[]), centred(cells as Cell[])]
      .map((b) => b && place(row.cells, b))
      .filter((r): r is (Cell | null)[] => !!r);
    const same = (a: (Cell | null)[], b: (Cell | null)[]) => a.every((c, k) => c === b[k]);
    const chosen = byWords ?? (even.length && even.every((r) => same(r, even[0]!)) ? even[0]! : null);
    if (!chosen) continue;
    row.cells = chosen.map((c, k) => c ?? { text: "", x0: k, x1: k, size: row.size, figure: true });
  }
}

/**
 * The fifteen columns from the header's words: where each word starts (the bottom header words — 维持,
 * 纠正, 其他, 尚未审结, 总计 — start their columns). Only when exactly fifteen distinct starts are found;
 * each column is then a block of one, from its start to the next.
 */
function wordColumns(header: Line[], left: number): { start: number; width: number }[] | null {
  const xs = header
    .flatMap((l) => l.cells.flatMap((c) => c.words?.map((w) => w.x0) ?? [c.x0]))
    .filter((x) => x >= left)
    .sort((a, b) => a - b);
  const em = Math.min(...header.map((l) => l.size));
  const starts: number[] = [];
  for (const x of xs) if (!starts.length || x - starts[starts.length - 1]! > 0.5 * em) starts.push(x);
  if (starts.length !== T4_COLS * 3) return null;
  return starts.map((x, k) => ({ start: x, width: (starts[k + 1] ?? x + 4 * em) - x }));
}

/** The words over table 4's fifteen columns (both formats print them; a narrow column wraps them over lines). */
const T4_WORDS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] as const;
const T4_CHARS = new Set(T4_WORDS.join(""));
/** every line a column word can be wrapped into: its runs of one or more characters */
const T4_PIECES = new Set(
  T4_WORDS.flatMap((w) => [...w].flatMap((_, a) => [...w].map((_, b) => w.slice(a, b + 1)).filter(Boolean))),
);

/**
 * A header word made of table 4's column words only, cut into the fewest pieces each of which is a line
 * of one column word (结果结果其他尚未 → 结果 | 结果 | 其他 | 尚未: cells set close together, read as one
 * word, as a recogniser's box over several narrow cells does). Null when it cannot be cut so.
 */
function cutPieces(t: string): string[] | null {
  if (![...t].every((ch) => T4_CHARS.has(ch))) return null;
  const best: (string[] | null)[] = [[]];
  for (let e = 1; e <= t.length; e++) {
    best[e] = null;
    for (let b = Math.max(0, e - 4); b < e; b++) {
      const head = best[b];
      if (head && T4_PIECES.has(t.slice(b, e)) && (!best[e] || head.length + 1 < best[e]!.length))
        best[e] = [...head, t.slice(b, e)];
    }
  }
  return best[t.length] ?? null;
}

/**
 * Table 4's fifteen columns from where the pieces of its column words stand: each piece's place inside
 * its word in proportion to its characters (CJK characters are of one width), pieces that stand over one
 * another (the lines of a wrapped word) one column. Null unless exactly fifteen columns are found. This
 * serves where the header's words do not each start a word of their own: a recogniser's box over several
 * narrow cells, words set close together in a text layer.
 */
function pieceColumns(header: Line[]): Col[] | null {
  const pieces: Col[] = [];
  for (const l of header)
    for (const c of l.cells)
      for (const w of c.words?.length ? c.words : [c]) {
        const t = w.text.replace(/\s+/g, "");
        const cut = t && cutPieces(t);
        if (!cut) continue;
        const unit = (w.x1 - w.x0) / t.length;
        let at = 0;
        for (const p of cut) {
          pieces.push({ x0: w.x0 + at * unit, x1: w.x0 + (at + p.length) * unit });
          at += p.length;
        }
      }
  // pieces over one another: they share at least half of the narrower one's extent
  const cols: Col[] = [];
  for (const p of pieces.sort((a, b) => a.x0 - b.x0)) {
    const k = cols.find((c) => Math.min(c.x1, p.x1) - Math.max(c.x0, p.x0) >= 0.5 * Math.min(c.x1 - c.x0, p.x1 - p.x0));
    if (k) {
      k.x0 = Math.min(k.x0, p.x0);
      k.x1 = Math.max(k.x1, p.x1);
    } else cols.push({ ...p });
  }
  cols.sort((a, b) => a.x0 - b.x0);
  // (neighbours may overlap a little: a piece's place is estimated from its word's width)
  const apart = (a: Col, b: Col) =>
    Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) < 0.5 * Math.min(a.x1 - a.x0, b.x1 - b.x0);
  if (cols.length !== T4_COLS * 3 || cols.some((c, k) => k > 0 && !apart(c, cols[k - 1]!))) return null;
  return cols;
}

/**
 * Figures → the fifteen columns from their words (pieceColumns): each figure goes to the column whose
 * start, middle or end (as the figures are set flush left, centred or flush right) is nearest its own.
 * A way of setting is kept when every figure has a column of its own and each block adds up; the
 * placement is taken when the ways kept agree, else none is.
 */
function placeByPieces(figs: Cell[], cols: Col[] | null): (Cell | null)[] | null {
  if (!cols) return null;
  const anchors: ((c: Col) => number)[] = [(c) => c.x0, midOf, (c) => c.x1];
  const kept = anchors
    .map((at) => {
      const slots: (Cell | null)[] = new Array(T4_COLS * 3).fill(null);
      for (const f of figs) {
        const k = cols.map((c, j) => [Math.abs(at(c) - at(f)), j] as const).sort((a, b) => a[0] - b[0])[0]![1];
        if (slots[k]) return null;
        slots[k] = f;
      }
      return blocksAddUp(slots) ? slots : null;
    })
    .filter((r): r is (Cell | null)[] => !!r);
  return kept.length && kept.every((r) => r.every((c, k) => c === kept[0]![k])) ? kept[0]! : null;
}

/** block starts and widths when the labels stand flush left over their blocks */
function flushLeft([a, b, c]: Cell[]): { start: number; width: number }[] | null {
  const w1 = (b!.x0 - a!.x0) / T4_COLS;
  const w2 = (c!.x0 - b!.x0) / T4_COLS;
  if (w1 <= 0 || w2 <= 0) return null;
  return [
    { start: a!.x0, width: w1 },
    { start: b!.x0, width: w2 },
    { start: c!.x0, width: w2 },
  ];
}

/** the same when the labels are centred over their blocks (the two 行政诉讼 blocks of one width) */
function centred([a, b, c]: Cell[]): { start: number; width: number }[] | null {
  const mid = (k: Cell) => (k.x0 + k.x1) / 2;
  const w2 = (mid(c!) - mid(b!)) / T4_COLS;
  const start2 = mid(b!) - 2.5 * w2;
  const w1 = (start2 - mid(a!)) / 2.5;
  if (w1 <= 0 || w2 <= 0) return null;
  return [
    { start: start2 - T4_COLS * w1, width: w1 },
    { start: start2, width: w2 },
    { start: start2 + T4_COLS * w2, width: w2 },
  ];
}

/** figures → the fifteen slots, or null when a figure has no column of its own or a block does not add up */
function place(figs: Cell[], blocks: { start: number; width: number }[]): (Cell | null)[] | null {
  const per = (T4_COLS * 3) / blocks.length;
  const slots: (Cell | null)[] = new Array(T4_COLS * 3).fill(null);
  for (const f of figs) {
    const x = (f.x0 + f.x1) / 2;
    const b = blocks.findIndex(
      (k, n) => x >= k.start && (n === blocks.length - 1 ? x < k.start + per * k.width : x < blocks[n + 1]!.start),
    );
    if (b < 0) return null;
    const col = Math.floor((x - blocks[b]!.start) / blocks[b]!.width);
    if (col < 0 || col >= per || slots[b * per + col]) return null;
    slots[b * per + col] = f;
  }
  return blocksAddUp(slots) ? slots : null;
}

/** each block of the fifteen slots adds up (维持 + 纠正 + 其他 + 尚未审结 = 总计; a blank slot is 0) */
function blocksAddUp(slots: (Cell | null)[]): boolean {
  const num = (c: Cell | null) => (c && /^\d+$/.test(c.text) ? Number(c.text) : c && c.text !== "" ? NaN : 0);
  for (let b = 0; b < 3; b++) {
    const v = slots.slice(b * T4_COLS, (b + 1) * T4_COLS).map(num);
    if (v.some(Number.isNaN) || v[0]! + v[1]! + v[2]! + v[3]! !== v[4]!) return false;
  }
  return true;
}
