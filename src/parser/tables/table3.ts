/**
 * Table 3 (收到和处理政府信息公开申请情况). Figures are gathered in groups (a table row, or consecutive
 * one-figure lines); each group of seven goes to a row. Rows come in a fixed printed order, so a group
 * goes to the next expected row unless the labels before it name a later row — this survives labels
 * wrapped around their figures, labels printed after their figures (PDF/OCR damage), missing labels
 * and stray page numbers.
 */
import type { FormatVersion } from "../../codebook/index.js";
import { diag } from "../diagnostics.js";
import { normLabel } from "../../text/normalize.js";
import type { Token } from "../tokens.js";
import { T3_COLUMNS, t3Rows, t3Var, type T3Row } from "./layout.js";
import type { Sheet } from "./sheet.js";

export interface Group {
  labels: Token[];
  values: Token[];
}

/** Groups of figures with the labels printed since the previous group. */
export function groupTokens(tokens: Token[]): Group[] {
  const perLine = new Map<number, number>();
  for (const t of tokens) perLine.set(t.line, (perLine.get(t.line) ?? 0) + 1);
  // a table printed one cell per line (PDF of a text file, a cell per paragraph): lines of one figure
  // each, one after another, read like figures in running text
  const single = (t: Token) => perLine.get(t.line) === 1;
  const groups: Group[] = [];
  let labels: Token[] = [];
  let cur: Group | null = null;
  for (const t of tokens) {
    if (t.type === "label") {
      if (cur) {
        groups.push(cur);
        cur = null;
      }
      labels.push(t);
      continue;
    }
    const last = cur?.values[cur.values.length - 1];
    const sameRow =
      last &&
      (last.table || t.table ? last.line === t.line || (single(last) && single(t) && t.line === last.line + 1) : true);
    if (cur && !sameRow) {
      groups.push(cur);
      cur = null;
    }
    if (!cur) {
      cur = { labels, values: [] };
      labels = [];
    }
    cur.values.push(t);
  }
  if (cur) groups.push(cur);
  return groups;
}

function rowsNamed(labels: Token[], rows: T3Row[], from: number): number[] {
  const joined = normLabel(labels.map((l) => l.text).join(""));
  const hits: number[] = [];
  for (let i = from; i < rows.length; i++) if (rows[i].words.some((w) => joined.includes(w))) hits.push(i);
  return hits;
}

export interface RunRow {
  key: string;
  /** the digit runs printed for the row, in order (boundaries between runs are cell boundaries) */
  runs: string[];
  tokens: Token[];
}

export interface Table3Read {
  runRows: RunRow[];
  found: boolean;
}

export function readTable3(tokens: Token[], format: FormatVersion, sheet: Sheet): Table3Read {
  const rows = t3Rows(format);
  const groups = groupTokens(tokens);
  const runRows: RunRow[] = [];
  let next = 0;
  let carried: Token[] = [];
  const ncol = T3_COLUMNS.length;
  for (const g of groups) {
    if (next >= rows.length) break;
    const labels = [...carried, ...g.labels];
    let values = g.values;
    while (values.length > ncol && values.length % ncol !== 0 && values[values.length - 1].type === "blank")
      values = values.slice(0, -1);
    // after a dropped group (too few figures), the labels right before these figures say whose they are:
    // the row the carried labels name first is the one whose figures were dropped
    const own = carried.length ? rowsNamed(g.labels, rows, next) : [];
    const named = own.length ? own : rowsNamed(labels, rows, next);
    if (combinedOther(format, rows[next]?.key, labels, values)) {
      // 2021 report printing (六)其他处理 as one row (the 2019 shape): the sum row itself, parts not given
      setRow(sheet, "other", values.slice(0, ncol));
      next = rows.findIndex((r) => r.key === "result_total");
      carried = [];
      continue;
    }
    // empty cells alone (a header's padding) make a row only when a row label stands right before them
    if (values.every((v) => v.type === "blank") && !named.length) {
      carried = labels;
      continue;
    }
    const at = named.length === 0 || named.includes(next) ? next : named[0];
    const runs = gluedRuns(values);
    if (values.length % ncol === 0 && !runs.some((r) => r.length > 1 && DASHES.test(r))) {
      for (let k = 0; k < values.length / ncol && at + k < rows.length; k++) {
        setRow(sheet, rows[at + k].key, values.slice(k * ncol, (k + 1) * ncol));
      }
      next = at + values.length / ncol;
      carried = [];
      continue;
    }
    // digit runs, and blank marks glued between them (each mark a cell, `——` perhaps one): the solver splits them
    const digits = values.every(
      (v) => (v.type === "value" && /^\d+$/.test(v.text)) || (v.type === "blank" && !v.table && v.text !== ""),
    );
    const nchars = runs.reduce((n, r) => n + r.length, 0);
    if (digits && values.some((v) => v.type === "value") && nchars >= ncol && runs.length <= ncol) {
      runRows.push({ key: rows[at].key, runs, tokens: values });
      next = at + 1;
      carried = [];
      continue;
    }
    const rowsRead = separatedRows(values, ncol);
    if (rowsRead && at + rowsRead.length <= rows.length) {
      // several rows' figures with empty cells between them (table lines joined into one paragraph)
      rowsRead.forEach((r, k) => setRow(sheet, rows[at + k].key, r));
      next = at + rowsRead.length;
      carried = [];
      continue;
    }
    if (values.length > ncol) {
      // More figures than a row holds and not a whole number of rows: keep the first row, report the rest.
      setRow(sheet, rows[at].key, values.slice(0, ncol));
      sheet.issues.push(
        diag(
          "CELL_UNREADABLE",
          "warning",
          `table 3: ${values.length - ncol} figure(s) after row ${rows[at].key} belong to no row: ${values
            .slice(ncol)
            .map((v) => v.text)
            .join(" ")}`,
          { table: 3, row: rows[at].key },
        ),
      );
      next = at + 1;
      carried = [];
      continue;
    }
    // Too few figures to be a row (a stray page number): ignore it, keep its labels for the next group.
    carried = labels;
  }
  const found = groups.length > 0;
  return { runRows, found };
}

const DASHES = /^[—–─]+$/;

/**
 * Figures of several rows with an empty cell between each row's seven (`… 0 | | 4 0 …`: pipe lines joined
 * with a space, where the line break and an empty cell look the same). Read so only when the arithmetic
 * vouches for it: every row a whole row of figures whose applicant columns add up to its 总计.
 */
function separatedRows(values: Token[], ncol: number): Token[][] | null {
  const out: Token[][] = [];
  let i = 0;
  while (i < values.length) {
    const row = values.slice(i, i + ncol);
    if (row.length < ncol || row.some((v) => v.type !== "value" || v.figure?.kind !== "number")) return null;
    out.push(row);
    i += ncol;
    if (i < values.length) {
      if (values[i].type !== "blank" || values[i].text !== "") return null;
      i++;
    }
  }
  if (out.length < 2) return null;
  const num = (v: Token) => (v.figure as { value: number }).value;
  const sums = out.every(
    (r) => Math.abs(r.slice(0, ncol - 1).reduce((a, v) => a + num(v), 0) - num(r[ncol - 1])) < 1e-9,
  );
  return sums ? out : null;
}

/**
 * The row's figures as runs for the split solver: digit runs as printed; each glued `/` a run of its own
 * (one blank cell); adjacent glued dashes kept together as one run, since `——` is printed both for one
 * blank cell and, glued, for two — the solver tries both readings and the row sums decide.
 */
export function gluedRuns(values: Token[]): string[] {
  const runs: string[] = [];
  let prev: Token | null = null;
  for (const v of values) {
    // a blank token of several characters (`——` alone in its cell) is one cell
    const text = v.type === "blank" ? (v.text.length === 1 && DASHES.test(v.text) ? "—" : "/") : v.text;
    if (
      prev &&
      v.type === "blank" &&
      prev.type === "blank" &&
      !v.table &&
      text === "—" &&
      DASHES.test(runs[runs.length - 1]) &&
      prev.end === v.start
    )
      runs[runs.length - 1] += text;
    else runs.push(text);
    prev = v;
  }
  return runs;
}

/** Seven printed cells of one row → variables; a blank 总计 with non-zero parts is their sum (derived). */
export function setRow(sheet: Sheet, row: string, values: Token[]): void {
  T3_COLUMNS.forEach((col, i) => sheet.setFromToken(t3Var(row, col), values[i]));
  const totalVar = t3Var(row, "total");
  if (values[6].type === "blank") {
    const parts = T3_COLUMNS.slice(0, 6).map((c) => sheet.values[t3Var(row, c)] ?? 0);
    const sum = parts.reduce((a, b) => a + b, 0);
    if (sum !== 0) {
      sheet.set(totalVar, sum, { raw: sheet.cells[totalVar].raw, status: "derived" });
      sheet.issues.push(
        diag("TOTAL_DERIVED", "warning", `table 3 row ${row}: 总计 is blank, taken as the sum of its parts (${sum})`, {
          table: 3,
          row,
          variable: totalVar,
        }),
      );
    }
  }
}

function combinedOther(format: FormatVersion, nextKey: string | undefined, labels: Token[], values: Token[]): boolean {
  if (format !== "2021" || nextKey !== "other_no_correction" || values.length !== T3_COLUMNS.length) return false;
  // a group label's row prints nothing in any cell (its sub-rows follow): not the one-row (六)
  if (values.every((v) => v.type === "blank" && v.text === "")) return false;
  const joined = normLabel(labels.map((l) => l.text).join(""));
  return joined.includes("其他处理") && !/不补正|缴纳费用|收费通知|\d\.其他/.test(joined);
}

/**
 * 2021 format: t3_other_* is the sum of the three (六) sub-rows (derived, not printed). When the report
 * printed (六) as one row instead, that row is kept; its parts are known only when it is all zeros
 * (counts are never negative), else they stay missing.
 */
export function deriveOther2021(sheet: Sheet): void {
  if (T3_COLUMNS.every((c) => sheet.has(t3Var("other", c)))) {
    for (const row of ["other_no_correction", "other_no_fee", "other_other"]) {
      for (const col of T3_COLUMNS) {
        const zero = sheet.values[t3Var("other", col)] === 0;
        sheet.set(t3Var(row, col), zero ? 0 : null, { raw: null, status: zero ? "derived" : "missing" });
      }
    }
    sheet.issues.push(
      diag(
        "CELL_MISSING",
        "info",
        "table 3: (六)其他处理 is printed as one row; its three 2021 sub-rows are not given (all zero when the row is zero)",
        { table: 3, row: "other" },
      ),
    );
    return;
  }
  for (const col of T3_COLUMNS) {
    const parts = ["other_no_correction", "other_no_fee", "other_other"].map((r) => sheet.values[t3Var(r, col)]);
    const v = parts.some((p) => p === null || p === undefined) ? null : parts.reduce((a, b) => a! + b!, 0)!;
    sheet.set(t3Var("other", col), v, { raw: null, status: v === null ? "missing" : "derived" });
  }
}
