/**
 * HTML page → rows of cells in reading order. Parsed with parse5, a browser-grade parser (html-tree.ts:
 * unclosed <p>/<td>, implied <tbody> and stray text in tables come out as a browser shows them).
 *
 * - A table row is one Row with each physical <td>/<th> once: rowspan/colspan cells are not repeated,
 *   because the report reader consumes a token stream and a repeated figure would shift every figure
 *   after it. Empty cells stay "" (a blank 总计 matters).
 * - Everything else is one row per block element / <br>-separated line, in document order.
 * - Layout tables (a cell holding a nested table, or several paragraphs of text) are not data: such a
 *   cell is read as a block container, so the report inside an old table-layout page reads normally.
 * - Page chrome (script/style/nav/footer elements, breadcrumb/share/print/metadata lines) is dropped;
 *   the publication date and title are returned as metadata.
 */
import type { Extraction, Row } from "../types.js";
import { isChromeLine, lineDate, parseDate } from "./chrome.js";
import { parseHtml, type HNode } from "./html-tree.js";

const SKIP = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "head",
  "title",
  "meta",
  "link",
  "nav",
  "iframe",
  "object",
  "embed",
  "select",
  "option",
  "button",
  "input",
  "textarea",
  "svg",
  "canvas",
  "map",
  "audio",
  "video",
  "img",
]);
const BLOCK = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "body",
  "center",
  "dd",
  "details",
  "dialog",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "html",
  "li",
  "main",
  "ol",
  "p",
  "pre",
  "section",
  "summary",
  "ul",
  "caption",
  "tr",
  "td",
  "th",
  "tbody",
  "thead",
  "tfoot",
]);

const isTag = (n: HNode) => n.type === "tag" || n.type === "script" || n.type === "style";
const tag = (n: HNode) => (n.name ?? "").toLowerCase();

function hidden(n: HNode): boolean {
  const a = n.attribs;
  if (!a) return false;
  return "hidden" in a || /display\s*:\s*none|visibility\s*:\s*hidden/i.test(a.style ?? "");
}

/** <header>/<footer> of the page are chrome; inside an <article>/<main> they hold the report's own title. */
function pageLevel(n: HNode): boolean {
  for (let p = n.parent; p; p = p.parent) if (p.name === "article" || p.name === "main") return false;
  return true;
}

/**
 * Pages without <nav>/<footer> elements mark the same boxes by class or id. Only whole tokens that name
 * nothing but chrome count ("nav", not "nav-content"); "header"/"top" are left alone, they often hold
 * the report's title and date.
 */
const CHROME_CLASS = /^(?:nav|navbar|menu|breadcrumbs?|crumbs?|bread|share|bdsharebuttonbox|footer)$/i;

function chromeBox(n: HNode): boolean {
  const a = n.attribs;
  if (!a || (!a.class && !a.id)) return false;
  return `${a.class ?? ""} ${a.id ?? ""}`.split(/\s+/).some((c) => CHROME_CLASS.test(c)) && pageLevel(n);
}

function skipped(n: HNode): boolean {
  const t = tag(n);
  return SKIP.has(t) || hidden(n) || ((t === "header" || t === "footer") && pageLevel(n)) || chromeBox(n);
}

// ---- text normalisation ----------------------------------------------------------------------------

const CJK = /[\u2e80-\u303f\u3400-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/;
const ALNUM = /[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/;

/** What normalise() acts on: a string without any comes back as it is. */
const NORMALISED_AWAY = /[\s\u00a0\u3000\u200b-\u200d\u2060\ufeff\u00ad]/;

/**
 * Collapse whitespace (incl. &nbsp; and the ideographic space) to one space, except that a run between
 * two CJK characters disappears when it holds a line break (source formatting, as browsers do) or, in a
 * table cell, always (`社会公益 组织` is one label).
 */
function normalise(raw: string, cell: boolean): string {
  if (!NORMALISED_AWAY.test(raw)) return raw;
  const s = raw.replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, "");
  return s
    .replace(/[\s\u00a0\u3000]+/g, (ws, at: number) => {
      const before = s[at - 1] ?? "",
        after = s[at + ws.length] ?? "";
      if (CJK.test(before) && CJK.test(after) && (cell || /[\r\n]/.test(ws))) return "";
      return " ";
    })
    .trim();
}

/** Join the lines of one cell: no space inside Chinese words, but 12 / 34 must not become 1234. */
function joinCellLines(lines: string[]): string {
  let out = "";
  for (const l of lines) {
    if (!l) continue;
    out += out && ALNUM.test(out[out.length - 1]) && ALNUM.test(l[0]) ? " " + l : l;
  }
  return out;
}

// ---- the walk ------------------------------------------------------------------------------------

interface CellScan {
  lines: string[];
  hasTable: boolean;
}

/** The text of a cell as lines (split at <br> and block elements), and whether it holds a table. */
function scanCell(cell: HNode): CellScan {
  const lines: string[] = [];
  let cur = "";
  let hasTable = false;
  const BREAK = null;
  const stack: Array<HNode | null> = [...(cell.children ?? [])].reverse();
  while (stack.length) {
    const n = stack.pop()!;
    if (n === BREAK) {
      lines.push(cur);
      cur = "";
      continue;
    }
    if (n.type === "text") {
      cur += n.data ?? "";
      continue;
    }
    if (!isTag(n) || skipped(n)) continue;
    const t = tag(n);
    if (t === "table") hasTable = true;
    if (t === "br" || t === "table" || BLOCK.has(t)) {
      lines.push(cur);
      cur = "";
    }
    if (BLOCK.has(t)) stack.push(BREAK); // popped after the block's children: its end breaks the line too
    for (let i = (n.children?.length ?? 0) - 1; i >= 0; i--) stack.push(n.children![i]);
  }
  lines.push(cur);
  return { lines: lines.map((l) => normalise(l, true)).filter(Boolean), hasTable };
}

class Collector {
  rows: Row[] = [];
  strongDate: string | null = null;
  weakDate: string | null = null;
  private cur = "";

  text(s: string) {
    this.cur += s;
  }

  flush() {
    const line = normalise(this.cur, false);
    this.cur = "";
    if (!line) return;
    const chrome = isChromeLine(line);
    this.noteDate(line, chrome);
    if (!chrome) this.rows.push({ cells: [line] });
  }

  tableRow(cells: string[]) {
    if (!cells.length || (cells.length === 1 && !cells[0])) return;
    const filled = cells.filter(Boolean);
    const chrome = filled.length > 0 && filled.every(isChromeLine);
    for (const c of filled) this.noteDate(c, chrome || isChromeLine(c));
    // a metadata table: 发布日期 | 2020-01-31
    for (let i = 0; i + 1 < cells.length; i++) {
      if (/^(?:发布|公开)(?:日期|时间)\s*[:：]?$/.test(cells[i])) {
        const d = parseDate(cells[i + 1]);
        if (d) this.strongDate ??= d;
      }
    }
    if (!chrome) this.rows.push({ cells, table: true });
  }

  private noteDate(line: string, chrome: boolean) {
    const d = lineDate(line, chrome);
    if (!d) return;
    if (d.strong) this.strongDate ??= d.date;
    else this.weakDate ??= d.date;
  }
}

function walk(nodes: HNode[], out: Collector): void {
  // iterative: a malformed page can nest thousands of unclosed elements
  const stack: Array<{ n: HNode; exit?: boolean }> = [];
  for (let i = nodes.length - 1; i >= 0; i--) stack.push({ n: nodes[i] });
  while (stack.length) {
    const { n, exit } = stack.pop()!;
    if (exit) {
      out.flush();
      continue;
    }
    if (n.type === "text") {
      out.text(n.data ?? "");
      continue;
    }
    if (!isTag(n) || skipped(n)) continue;
    const t = tag(n);
    if (t === "br" || t === "hr") {
      out.flush();
      continue;
    }
    if (t === "table") {
      out.flush();
      table(n, out);
      continue;
    }
    if (t === "pre") {
      out.flush();
      for (const l of scanText(n).split(/\r?\n/)) {
        out.text(l);
        out.flush();
      }
      continue;
    }
    if (BLOCK.has(t)) {
      out.flush();
      stack.push({ n, exit: true });
    }
    for (let i = (n.children?.length ?? 0) - 1; i >= 0; i--) stack.push({ n: n.children![i] });
  }
  out.flush();
}

function scanText(n: HNode): string {
  if (n.type === "text") return n.data ?? "";
  if (!isTag(n) || skipped(n)) return "";
  if (tag(n) === "br") return "\n";
  return (n.children ?? []).map(scanText).join("");
}

/** The <tr> of this table (not of tables nested in it), in document order; captions read as text. */
function tableRows(t: HNode, out: Collector): HNode[] {
  const rows: HNode[] = [];
  for (const c of t.children ?? []) {
    if (!isTag(c) || skipped(c)) continue;
    const name = tag(c);
    if (name === "tr") rows.push(c);
    else if (name === "thead" || name === "tbody" || name === "tfoot") {
      for (const r of c.children ?? []) if (isTag(r) && tag(r) === "tr" && !skipped(r)) rows.push(r);
    } else if (name === "caption") {
      walk(c.children ?? [], out);
    }
  }
  return rows;
}

function table(t: HNode, out: Collector): void {
  for (const tr of tableRows(t, out)) {
    let cells: string[] = [];
    for (const c of tr.children ?? []) {
      if (!isTag(c) || skipped(c) || (tag(c) !== "td" && tag(c) !== "th")) continue;
      const scan = scanCell(c);
      const length = scan.lines.reduce((a, l) => a + l.length, 0);
      if (scan.hasTable || (scan.lines.length >= 2 && length > 150)) {
        // a layout cell: what came before it in the row is a row of its own, its content reads as blocks
        out.tableRow(cells);
        cells = [];
        walk(c.children ?? [], out);
        continue;
      }
      cells.push(joinCellLines(scan.lines));
    }
    out.tableRow(cells);
  }
}

// ---- metadata ------------------------------------------------------------------------------------

const PUBDATE_META =
  /^(?:pub_?date|publish_?date|publish_?time|pubtime|firstpublishedtime|article:published_time|dc\.date(?:\.issued|\.created)?|dcterms\.(?:issued|created)|releasedate|datepublished|date)$/i;

/** A page <title> often ends in the site name ("…年度报告_上海市人民政府"): keep the part that is the report. */
function cleanTitle(raw: string): string | null {
  const t = normalise(raw, false);
  if (!t) return null;
  const parts = t.split(/\s*[_|｜]\s*|\s+[-－—]+\s+/).filter(Boolean);
  const report = parts.filter((p) => p.includes("报告") || p.includes("報告"));
  return report.length === 1 ? report[0] : t;
}

/** The text of a node and its descendants, as cheerio's .text() gives it (script/style text included, comments not). */
function textContent(n: HNode): string {
  if (n.type === "text") return n.data ?? "";
  if (n.type === "comment" || !n.children) return "";
  let s = "";
  for (const c of n.children) s += textContent(c);
  return s;
}

/**
 * Every <meta>, the first <title> and the first <h1>, in document order: one walk over the tree rather
 * than three selector queries (each a full traversal with its own allocations — most of an HTML page's
 * extraction time besides parse5 itself).
 */
function headElements(root: HNode): { metas: HNode[]; title: HNode | null; h1: HNode | null } {
  const found = { metas: [] as HNode[], title: null as HNode | null, h1: null as HNode | null };
  const stack: HNode[] = [...(root.children ?? [])].reverse();
  while (stack.length) {
    const n = stack.pop()!;
    if (!isTag(n)) continue;
    const t = tag(n);
    if (t === "meta") found.metas.push(n);
    else if (t === "title") found.title ??= n;
    else if (t === "h1") found.h1 ??= n;
    for (let i = (n.children?.length ?? 0) - 1; i >= 0; i--) stack.push(n.children![i]);
  }
  return found;
}

export function extractHtml(html: string): Extraction {
  const root = parseHtml(html);
  const out = new Collector();
  walk(root.children ?? [], out);

  let metaDate: string | null = null;
  let metaTitle: string | null = null;
  const head = headElements(root);
  for (const el of head.metas) {
    const a = el.attribs ?? {};
    const key = a.name ?? a.property ?? a.itemprop ?? "";
    const content = a.content ?? "";
    if (!metaDate && PUBDATE_META.test(key)) metaDate = parseDate(content);
    if (!metaTitle && /^articletitle$/i.test(key)) metaTitle = normalise(content, false) || null;
  }
  const text = (n: HNode | null) => (n ? textContent(n) : "");
  const title = cleanTitle(text(head.title)) ?? metaTitle ?? (normalise(text(head.h1), false) || null);

  return {
    kind: "html",
    rows: out.rows,
    published: metaDate ?? out.strongDate ?? out.weakDate ?? null,
    title,
    issues: [],
  };
}
