/**
 * PDF text layer → lines of cells, one page at a time. Pure geometry: no pdfjs here, so the rules can be
 * read (and tested) on plain numbers. Coordinates are top-down page units (y grows downward), as in a
 * pdfjs viewport at scale 1; `y` of a run is its baseline.
 */

/** One positioned text run that reads left to right on a baseline. */
export interface Run {
  text: string;
  x: number;
  y: number;
  /** advance width */
  w: number;
  /** font size (the em) in page units */
  size: number;
}

/** A run that does not read left to right: vertical writing mode or rotated text. */
export interface TurnedRun {
  text: string;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  size: number;
  /** reading direction on the page: "down" (vertical writing, 90° clockwise) or "up" (90° anticlockwise) */
  dir: "down" | "up";
}

export interface PageText {
  page: number;
  width: number;
  height: number;
  runs: Run[];
  /** whitespace-only runs: they only tell that the text has a space there (pdfjs gives them odd widths) */
  spaces: Run[];
  turned: TurnedRun[];
}

export interface Cell {
  text: string;
  x0: number;
  x1: number;
  size: number;
  /** a printed figure, or a mark that stands for zero in a table cell (—, /, 无) */
  figure: boolean;
  /** the words joined into this cell (runs a gap apart), with their extents: header words set close together */
  words?: Word[];
}

export interface Word {
  text: string;
  x0: number;
  x1: number;
}

export interface Line {
  page: number;
  /** baseline */
  y: number;
  /** largest font size on the line */
  size: number;
  cells: Cell[];
  /** set by the row builder: the line belongs to a table */
  table?: boolean;
  /** set by the row builder: the baseline of figures printed off this label's baseline and joined to it */
  figY?: number;
  /** set by the row builder: the cells' columns were guessed, not proven by the header (Row.guessed) */
  guessed?: boolean;
  /** set by the row builder: every figure snapped to the header's column words (pdf-columns.ts) */
  snapped?: boolean;
  /** a bare number alone at the page edge: a page number when the pages' numbers run with the pages (pdf-rows.ts) */
  folio?: number;
}

/** A label that spans several table rows: rotated or vertical text, or characters stacked one per line. */
export interface Spanner {
  page: number;
  text: string;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  size: number;
}

const FIGURE = /^[+\-−－]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?\s*(?:%|％|万元|萬元|元)?$/;
const ZERO_MARK = /^(?:[—–\-－/／\\]+|无|無)$/;
/** Han characters and CJK/full-width punctuation: no space is kept between two of them */
const CJK = "\\u2E80-\\u9FFF\\uF900-\\uFAFF\\uFE30-\\uFE4F\\uFF00-\\uFFEF\\u3000-\\u303F“”‘’·…—";
const CJK_GAP = new RegExp(`(?<=[${CJK}]) +(?=[${CJK}])`, "g");
const HAN_ONLY = /^[\u3400-\u9FFF\uF900-\uFAFF、，。：；（）()]{1,2}$/;

export const isFigure = (s: string): boolean => FIGURE.test(s) || ZERO_MARK.test(s);

/**
 * A character that no figure or zero mark contains and that cleanText keeps as it is (not white space,
 * not a Kangxi radical or compatibility ideograph): text holding one is no figure, however it goes on.
 * Lets lineCells skip re-cleaning a long label at every run it grows by.
 */
const NOT_FIGURE = /[^\s\u0000-\u001f\u2F00-\u2FD5\uF900-\uFAD90-9０-９,，.．+\-−－%％万元萬—–/／\\无無]/;

/**
 * Whitespace collapsed, none between Chinese characters ("总 计" → "总计"; "2023 年" stays). Kangxi
 * radicals and CJK compatibility ideographs become the ordinary characters they look like: some
 * converters map glyphs to them (⼀、总体情况 with U+2F00), and no label would match.
 */
export function cleanText(s: string): string {
  return s
    .replace(/[\u2F00-\u2FD5\uF900-\uFAD9]/g, (c) => c.normalize("NFKC"))
    .replace(/[\u0000-\u001f\u00a0\u3000\s]+/g, " ")
    .replace(CJK_GAP, "")
    .trim();
}

/** Same baseline: within a third of the smaller font size (labels and figures often differ in size). */
const sameBaseline = (a: number, b: number, size: number) => Math.abs(a - b) <= 0.35 * size;

/** Split runs into lines: sorted by baseline, a run joins the line whose first baseline is close. */
function groupLines(runs: Run[]): Run[][] {
  const sorted = [...runs].sort((a, b) => a.y - b.y || a.x - b.x);
  const lines: Run[][] = [];
  let cur: Run[] = [];
  let minSize = Infinity;
  for (const r of sorted) {
    if (cur.length && !sameBaseline(cur[0]!.y, r.y, Math.min(minSize, r.size))) {
      lines.push(cur);
      cur = [];
      minSize = Infinity;
    }
    cur.push(r);
    minSize = Math.min(minSize, r.size);
  }
  if (cur.length) lines.push(cur);
  return lines.map((l) => dropOverprint(l.sort((a, b) => a.x - b.x)));
}

/** The same text printed twice a fraction of a point apart is faux bold (WPS, Word): read it once. */
function dropOverprint(runs: Run[]): Run[] {
  const kept: Run[] = [];
  for (const r of runs) {
    let dup = false;
    // runs are sorted by x: only the last few kept ones can be that close
    for (let j = kept.length - 1; j >= 0 && kept[j]!.x > r.x - 0.3 * r.size && !dup; j--) {
      dup = kept[j]!.text === r.text && Math.abs(kept[j]!.y - r.y) < 0.3 * r.size;
    }
    if (!dup) kept.push(r);
  }
  return kept;
}

/**
 * Runs of one line → cells. CJK text often comes one character per run, so runs join when the gap is
 * small; a wide gap starts a new cell. Two figures never join unless they touch (a number split into
 * runs, "7730" + ".28"), so neighbouring table columns stay apart even when they are close.
 */
function lineCells(runs: Run[], spaces: Run[], bounds: number[] = []): Cell[] {
  const cells: Cell[] = [];
  let cur: {
    parts: string[];
    x0: number;
    x1: number;
    size: number;
    lastSize: number;
    words: Word[];
    /** holds a NOT_FIGURE character: no figure, whatever is added */
    text: boolean;
  } | null = null;
  const flush = () => {
    if (!cur) return;
    const text = cleanText(cur.parts.join(""));
    if (text)
      cells.push({
        text,
        x0: cur.x0,
        x1: cur.x1,
        size: cur.size,
        figure: isFigure(text),
        words: cur.words.map((w) => ({ ...w, text: cleanText(w.text) })),
      });
    cur = null;
  };
  for (const r of runs) {
    const t = r.text;
    if (cur) {
      const gap = r.x - cur.x1;
      const em = Math.min(cur.lastSize, r.size);
      const curFigure = !cur.text && isFigure(cleanText(cur.parts.join("")));
      const tFigure = isFigure(t.trim());
      const bothFigures = curFigure && tFigure;
      const mixed = curFigure !== tFigure;
      const limit = bothFigures ? 0.3 * em : mixed ? 1.0 * em : 1.2 * em;
      const column = gap > 0.3 * em && bounds.some((b) => b > cur!.x1 && b < r.x);
      if (gap > limit || column) flush();
      else {
        const spaced = gap > 0.25 * em || spaces.some((s) => s.x >= cur!.x1 - 1 && s.x <= r.x + 1);
        if (spaced) cur.parts.push(" ");
        const last = cur.words[cur.words.length - 1]!;
        if (gap > 0.25 * em) cur.words.push({ text: t, x0: r.x, x1: r.x + r.w });
        else {
          last.text += t;
          last.x1 = Math.max(last.x1, r.x + r.w);
        }
        cur.parts.push(t);
        cur.text ||= NOT_FIGURE.test(t);
        cur.x1 = Math.max(cur.x1, r.x + r.w);
        cur.size = Math.max(cur.size, r.size);
        cur.lastSize = r.size;
        continue;
      }
    }
    cur = {
      parts: [t],
      x0: r.x,
      x1: r.x + r.w,
      size: r.size,
      lastSize: r.size,
      words: [{ text: t, x0: r.x, x1: r.x + r.w }],
      text: NOT_FIGURE.test(t),
    };
  }
  flush();
  return cells;
}

/**
 * Characters stacked one (or two) per line in a narrow column at the left of their lines, such as a
 * group label printed 三/、/本/年 down the side of table 3. Left in place they would land in the middle
 * of figure rows as stray one-character cells; taken out, they become one spanning label.
 * `lines` are runs grouped by baseline, each sorted by x; the taken runs are removed from them.
 */
function takeStacked(page: number, lines: Run[][]): Spanner[] {
  const cands = lines.flatMap((l) => {
    const [r, next] = l;
    if (!r || !HAN_ONLY.test(r.text.trim())) return [];
    return !next || next.x - (r.x + r.w) > 1.5 * r.size ? [r] : [];
  });
  const taken = new Set<Run>();
  const spanners: Spanner[] = [];
  for (const seed of cands) {
    if (taken.has(seed)) continue;
    const col = cands
      .filter((c) => !taken.has(c) && Math.abs(c.x - seed.x) <= 0.5 * seed.size)
      .sort((a, b) => a.y - b.y);
    // the chain around the seed whose steps are at most 2.5 em
    let chain: Run[] = [];
    for (const c of col) {
      const last = chain[chain.length - 1];
      if (last && c.y - last.y > 2.5 * Math.max(c.size, last.size)) {
        if (chain.includes(seed)) break;
        chain = [];
      }
      chain.push(c);
    }
    if (chain.length < 3 || !chain.includes(seed)) continue;
    chain.forEach((c) => taken.add(c));
    const last = chain[chain.length - 1]!;
    spanners.push({
      page,
      text: cleanText(chain.map((c) => c.text).join("")),
      x0: Math.min(...chain.map((c) => c.x)),
      x1: Math.max(...chain.map((c) => c.x + c.w)),
      top: chain[0]!.y - chain[0]!.size,
      bottom: last.y,
      size: chain[0]!.size,
    });
  }
  if (taken.size) lines.forEach((l, i) => (lines[i] = l.filter((r) => !taken.has(r))));
  return spanners;
}

/** Vertical or rotated runs that touch (same column, or neighbouring columns of one label) → one label each. */
function turnedSpanners(page: number, turned: TurnedRun[]): Spanner[] {
  const groups: TurnedRun[][] = [];
  for (const t of turned) {
    const near = (g: TurnedRun[]) =>
      g.some((o) => {
        const em = Math.max(o.size, t.size);
        return t.x0 - o.x1 <= em && o.x0 - t.x1 <= em && t.top - o.bottom <= 1.5 * em && o.top - t.bottom <= 1.5 * em;
      });
    const hit = groups.filter(near);
    const merged = hit.flat().concat(t);
    for (const h of hit) groups.splice(groups.indexOf(h), 1);
    groups.push(merged);
  }
  return groups
    .map((g) => {
      const up = g.filter((t) => t.dir === "up").length > g.length / 2;
      // columns: vertical writing and clockwise text read right to left, anticlockwise text left to right
      const sorted = [...g].sort((a, b) => {
        const col = Math.abs(a.x0 - b.x0) > 0.5 * Math.min(a.size, b.size) ? (up ? a.x0 - b.x0 : b.x0 - a.x0) : 0;
        return col || (up ? b.bottom - a.bottom : a.top - b.top);
      });
      return {
        page,
        text: cleanText(sorted.map((t) => t.text).join("")),
        x0: Math.min(...g.map((t) => t.x0)),
        x1: Math.max(...g.map((t) => t.x1)),
        top: Math.min(...g.map((t) => t.top)),
        bottom: Math.max(...g.map((t) => t.bottom)),
        size: Math.max(...g.map((t) => t.size)),
      };
    })
    .filter((s) => s.text);
}

const PRINT_CHROME = [
  /^(?:https?:\/\/|file:\/\/|www\.)\S+$/i,
  /^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s*(?:上午|下午)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AP]M)?$/i,
  /^\d{1,4}\s*\/\s*\d{1,4}$/,
];

const STRONG_FOLIO = [
  /^[-—–－_~·•]+\d{1,4}[-—–－_~·•]+$/, // -3-, — 3 —
  /^(?:共\d+页)?第\d+页(?:共\d+页)?$/, // 第3页, 第3页共5页
  /^\d{1,4}\/\d{1,4}$/, // 3/5
  /^page\d+(?:of\d+)?$/i,
];

/**
 * Page numbers alone on a line at the top or bottom edge (they would otherwise sit inside tables cut
 * across pages). A bare number is only marked here (`folio`) when it is the outermost line and stands
 * clear of the text: a table printed one cell per line also ends a page with a lone figure, so whether it
 * is a page number is decided over all pages (pdf-rows.ts).
 */
function dropFolios(lines: Line[], height: number): Line[] {
  const edge = 0.12 * height;
  return lines.filter((l, i) => {
    if (l.y > edge && l.y < height - edge) return true;
    // a browser's or printer's running header/footer: print date-time, the page's address, "2/3"
    if (l.cells.every((c) => PRINT_CHROME.some((re) => re.test(c.text.trim())))) return false;
    // a print header: the print date-time with the page's title beside it
    if (l.cells.length <= 3 && PRINT_CHROME[1]!.test(l.cells[0]!.text.trim())) return false;
    if (l.cells.length !== 1) return true;
    const s = l.cells[0]!.text.replace(/\s+/g, "");
    if (STRONG_FOLIO.some((re) => re.test(s))) return false;
    if (!/^\d{1,4}$/.test(s)) return true;
    const top = l.y <= edge;
    const outermost = top ? i === 0 : i === lines.length - 1;
    const neighbour = top ? lines[i + 1] : lines[i - 1];
    const clear = !neighbour || Math.abs(neighbour.y - l.y) > 2 * Math.max(l.size, neighbour.size);
    if (outermost && clear) l.folio = Number(s);
    return true;
  });
}

/**
 * Column boundaries of the figure row nearest below: midpoints between its figure cells. Header cells
 * of a table (社会/公益/组织, 法律/服务/机构) can stand closer together than a word gap; the figures
 * under them show where the columns are.
 */
function columnBounds(lines: { cells: Cell[]; size: number; y: number }[], i: number): number[] {
  const l = lines[i]!;
  for (let j = i + 1; j < lines.length; j++) {
    const figs = lines[j]!.cells.filter((c) => c.figure);
    if (figs.length < 3) continue;
    if (l.size > Math.max(...figs.map((c) => c.size)) * 1.05) return [];
    // midpoints between centres: figures are mostly centred in their columns
    return figs.slice(1).map((c, k) => (figs[k]!.x0 + figs[k]!.x1 + c.x0 + c.x1) / 4);
  }
  return [];
}

/** Index of the first run (sorted by baseline) whose baseline is at or below `y`. */
function firstAtOrAfter(sorted: Run[], y: number): number {
  let lo = 0,
    hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.y < y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One page: lines (top to bottom) of cells, page numbers dropped, spanning labels set aside. */
export function pageLines(p: PageText): { lines: Line[]; spanners: Spanner[] } {
  const grouped = groupLines(p.runs).filter((l) => l.length);
  const stacked = takeStacked(p.page, grouped);
  // whitespace marks by baseline, so each line looks only at those near it (lineCells asks only whether one lies in a gap)
  const marks = [...p.spaces].sort((a, b) => a.y - b.y);
  const reach = 0.35 * marks.reduce((m, s) => Math.max(m, s.size), 0) + 1; // + 1: a margin for rounding
  const built = grouped
    .filter((runs) => runs.length)
    .map((runs) => {
      const y0 = runs[0]!.y;
      const spaces: Run[] = [];
      for (let k = firstAtOrAfter(marks, y0 - reach); k < marks.length && marks[k]!.y <= y0 + reach; k++)
        if (sameBaseline(marks[k]!.y, y0, marks[k]!.size)) spaces.push(marks[k]!);
      return { runs, spaces, y: y0, size: Math.max(...runs.map((r) => r.size)), cells: lineCells(runs, spaces) };
    });
  built.forEach((b, i) => {
    if (b.runs.length < 2 || b.cells.some((c) => c.figure)) return;
    const bounds = columnBounds(built, i);
    if (bounds.length) b.cells = lineCells(b.runs, b.spaces, bounds);
  });
  const lines: Line[] = built
    .filter((b) => b.cells.length)
    .map((b) => ({ page: p.page, y: b.y, size: b.size, cells: b.cells }));
  return { lines: dropFolios(lines, p.height), spanners: [...turnedSpanners(p.page, p.turned), ...stacked] };
}
