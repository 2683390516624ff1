/**
 * Pure solvers for run-together table cells (REPORT_FORMAT §5): `801000081` after 本年新收 is
 * 80,1,0,0,0,0,81. They never guess. A cell gets a value only when every split that survives the
 * rules gives it that value (status `derived`, raw = the whole run); otherwise it is `undecidable`
 * (value null, with the values it takes in the surviving splits as `candidates`).
 *
 * Rules used:
 * - table 3: the row sum (six columns = 总计) per row; then jointly over the table T3_BALANCE and
 *   T3_RESULT_SUM per column, and the narrative's stated counts. When the joint rules leave no
 *   solution (printed tables are sometimes inconsistent) or the search hits its cap, every row is
 *   split on its own (row sum only).
 * - table 4: T4_SUM per block, and the narrative's counts.
 * - table 2: no rule; only the narrative's counts.
 * A narrative count that contradicts every split is dropped (and reported as NARRATIVE_MISMATCH);
 * the table is never bent to fit the narrative. The solvers report NARRATIVE_MISMATCH for every count
 * they were given and found contradicted (`hints.contradicted`), so a caller checking the narrative
 * against the final values should skip those.
 */
import type { FormatVersion } from "../../codebook/index.js";
import { rulesFor } from "../../codebook/rules.js";
import { diag, type Diagnostic, type Where } from "../diagnostics.js";
import type { NarrativeCount } from "../narrative-counts.js";
import type { Cell } from "../types.js";
import { T3_COLUMNS, T4_BLOCKS, T4_COLUMNS, t3Rows, t3Var, t4Var } from "./layout.js";
import { BudgetExceeded, RowCsp, type Budget, type LinearConstraint, type Term } from "./split-csp.js";
import { enumerateSplits, type CellRule } from "./split-enum.js";

export {
  enumerateSplits,
  splitRun,
  parseCell,
  runSegments,
  type CellRule,
  type SplitEnumeration,
  type SplitOptions,
} from "./split-enum.js";

export interface SplitLimits {
  /** most splits listed per row before the row counts as "too many" (default 2000) */
  rowSplits?: number;
  /** most cell readings per row enumeration (default 50 000; real rows need well under 10 000) */
  rowSteps?: number;
  /** work budget of the joint search over a table (default 1 000 000 candidate checks) */
  searchWork?: number;
  /** a row with no rule-consistent split lists its plain splits as candidates when there are at most this many (default 12) */
  few?: number;
  /** most candidate splits listed in one SPLIT_UNDECIDABLE diagnostic (default 20) */
  listed?: number;
}

export interface T3RowInput {
  /** the row's seven figures, already read from separate cells (null = not read) */
  values?: readonly (number | null)[];
  /** or: the runs of digits printed after the row label (boundaries between runs are cell boundaries) */
  runs?: readonly string[];
}

export interface Table3Input {
  format: FormatVersion;
  /** by row key of `t3Rows(format)`; a row absent here was not found (rules touching it are not used) */
  rows: Readonly<Record<string, T3RowInput | undefined>>;
  /** narrative counts (any table's: those naming no table-3 variable are ignored) */
  hints?: readonly NarrativeCount[];
  limits?: SplitLimits;
}

export interface HintUse {
  /** consistent with the table and used as a constraint */
  applied: NarrativeCount[];
  /** no split satisfies it: dropped, reported as NARRATIVE_MISMATCH */
  contradicted: NarrativeCount[];
  /** names cells this solver cannot constrain (a row not found or not split, a blank cell), or conflicts with other hints */
  unused: NarrativeCount[];
}

export interface SplitResult {
  /** the variables of the cells that were given as runs: the value, or null when undecidable */
  values: Record<string, number | null>;
  /** the same cells: raw = the whole run (runs joined by a space), status derived | undecidable */
  cells: Record<string, Cell>;
  /** SPLIT_DERIVED (info), SPLIT_UNDECIDABLE (warning, one per row), SPLIT_INCONSISTENT / SPLIT_SEARCH_CAPPED (table 3 fallbacks), NARRATIVE_MISMATCH (contradicted hints) */
  issues: Diagnostic[];
  /** table 3 only: why rows were split one by one instead of jointly */
  fallback: null | "inconsistent" | "capped";
  hints: HintUse;
}

const DEFAULTS: Required<SplitLimits> = {
  rowSplits: 2000,
  rowSteps: 50_000,
  searchWork: 1_000_000,
  few: 12,
  listed: 20,
};

/** one row of the problem, however it was obtained */
interface RowState {
  key: string;
  /** variable name per column */
  vars: string[];
  /** raw text for split rows, null for rows given as values */
  raw: string | null;
  /**
   * known: values given; split: rule-consistent splits (complete list); forced: no rule-consistent split but
   * exactly one plain split (the figures as printed, rule broken); loose: no rule-consistent split and
   * several (or too many) plain splits; overflow: too many rule-consistent splits to list; none: the run cannot
   * be cut into that many cells at all
   */
  kind: "known" | "split" | "forced" | "loose" | "overflow" | "none";
  /** the candidates (known: one, possibly with nulls) */
  domain: (number | null)[][];
  /** loose rows: the plain splits when few and complete */
  loose?: number[][];
  /** more than one plain split exists (so a unique result was decided by a rule) */
  ambiguous: boolean;
  /** what the rule-consistent splits were called in messages */
  rule: string;
}

const fmt = (split: readonly (number | null)[]) => split.map((v) => (v === null ? "·" : String(v))).join(",");

function rowFromRuns(
  key: string,
  vars: string[],
  runs: readonly string[],
  opts: { sumGroups?: number; cells?: readonly (CellRule | undefined)[]; rule: string },
  lim: Required<SplitLimits>,
): RowState {
  const raw = runs
    .map((r) => r.trim())
    .filter(Boolean)
    .join(" ");
  const parts = vars.length;
  const base = { key, vars, raw, rule: opts.rule };
  const plainProbe = enumerateSplits(runs, parts, {
    cells: opts.cells,
    maxSplits: Math.max(2, lim.few + 1),
    maxSteps: lim.rowSteps,
  });
  const ambiguous = plainProbe.splits.length > 1 || plainProbe.truncated;
  if (!opts.sumGroups) {
    const all =
      plainProbe.splits.length <= lim.few && !plainProbe.truncated
        ? plainProbe
        : enumerateSplits(runs, parts, { cells: opts.cells, maxSplits: lim.rowSplits, maxSteps: lim.rowSteps });
    if (all.truncated) return { ...base, kind: "overflow", domain: [], ambiguous };
    if (all.splits.length === 0) return { ...base, kind: "none", domain: [], ambiguous };
    return { ...base, kind: "split", domain: all.splits, ambiguous };
  }
  const ruled = enumerateSplits(runs, parts, {
    cells: opts.cells,
    sumGroups: opts.sumGroups,
    maxSplits: lim.rowSplits,
    maxSteps: lim.rowSteps,
  });
  if (ruled.truncated) return { ...base, kind: "overflow", domain: [], ambiguous };
  if (ruled.splits.length > 0) return { ...base, kind: "split", domain: ruled.splits, ambiguous };
  if (plainProbe.splits.length === 0 && !plainProbe.truncated) return { ...base, kind: "none", domain: [], ambiguous };
  if (plainProbe.splits.length === 1 && !plainProbe.truncated)
    return { ...base, kind: "forced", domain: plainProbe.splits, ambiguous };
  const loose = !plainProbe.truncated && plainProbe.splits.length <= lim.few ? plainProbe.splits : undefined;
  return { ...base, kind: "loose", domain: [], loose, ambiguous };
}

/** rows taking part in the search: their domain is a complete list of the possibilities */
const inSearch = (r: RowState) => r.kind === "known" || r.kind === "split" || r.kind === "forced";

/** a variable → the cells it names (several for a derived sum such as t3_other_* in 2021) */
type VarIndex = Map<string, { row: number; col: number }[]>;

function hintConstraint(
  h: NarrativeCount,
  index: VarIndex,
  rows: RowState[],
  prefix: string,
): LinearConstraint | "foreign" | "unusable" {
  const mine = h.vars.filter((v) => v.startsWith(prefix));
  if (mine.length === 0) return "foreign";
  if (mine.length !== h.vars.length) return "unusable";
  const terms: Term[] = [];
  for (const v of h.vars) {
    const cells = index.get(v);
    if (!cells) return "unusable";
    for (const c of cells) {
      const r = rows[c.row];
      if (!r || !inSearch(r) || r.domain.some((cand) => typeof cand[c.col] !== "number")) return "unusable";
      terms.push({ row: c.row, col: c.col, coef: 1 });
    }
  }
  return { terms, rhs: h.value, label: `narrative: ${h.text}` };
}

interface Decision {
  /** per row, the surviving candidates (indices into domain) */
  keep: number[][];
  /** per row, the candidates surviving the table rules alone (before hints) */
  keepTable: number[][];
  fallback: null | "inconsistent" | "capped";
  hints: HintUse;
}

/**
 * Decide jointly: table constraints first; then each hint alone (contradicted ones dropped); then all
 * consistent hints together (if they conflict with each other, none is used); then, per row, the
 * candidates that appear in some solution. Falls back to per-row decisions when there is no solution or
 * the budget runs out.
 */
function decide(
  rows: RowState[],
  table: LinearConstraint[],
  hints: readonly NarrativeCount[],
  index: VarIndex,
  prefix: string,
  lim: Required<SplitLimits>,
): Decision {
  const use: HintUse = { applied: [], contradicted: [], unused: [] };
  const domains = rows.map((r) => (inSearch(r) ? r.domain : [])) as (number | null)[][][];
  const usable = table.filter((c) => RowCsp.usable(domains, c));
  const hintCons: { h: NarrativeCount; c: LinearConstraint }[] = [];
  for (const h of hints) {
    const c = hintConstraint(h, index, rows, prefix);
    if (c === "foreign") continue;
    if (c === "unusable") use.unused.push(h);
    else hintCons.push({ h, c });
  }
  // rows outside the search get a dummy domain so that indices stay aligned; no constraint names them
  const searchDomains = domains.map((d) => (d.length ? d : [[]]));
  const budget: Budget = { used: 0, max: lim.searchWork };
  try {
    const base = new RowCsp(searchDomains, usable, budget);
    const keepTable = base.supports();
    if (!keepTable) return { ...perRow(rows, hintCons, use), fallback: "inconsistent" };
    const ok: typeof hintCons = [];
    for (const hc of hintCons) {
      const csp = new RowCsp(searchDomains, [...usable, hc.c], budget);
      const start = csp.propagate(csp.fullDomains());
      if (start && csp.solve(start)) ok.push(hc);
      else use.contradicted.push(hc.h);
    }
    let final = keepTable;
    if (ok.length) {
      const csp = new RowCsp(searchDomains, [...usable, ...ok.map((x) => x.c)], budget);
      const sup = csp.supports();
      if (sup) {
        final = sup;
        use.applied.push(...ok.map((x) => x.h));
      } else use.unused.push(...ok.map((x) => x.h));
    }
    return { keep: final, keepTable, fallback: null, hints: use };
  } catch (e) {
    if (!(e instanceof BudgetExceeded)) throw e;
    return {
      ...perRow(rows, hintCons, { applied: [], contradicted: [], unused: [...use.unused] }),
      fallback: "capped",
    };
  }
}

/** each row on its own; a hint is used only when it leaves a single row open (the others' cells fixed) */
function perRow(
  rows: RowState[],
  hintCons: { h: NarrativeCount; c: LinearConstraint }[],
  use: HintUse,
): Omit<Decision, "fallback"> {
  const keep = rows.map((r) => r.domain.map((_, k) => k));
  const keepTable = keep.map((k) => k.slice());
  for (const { h, c } of hintCons) {
    const open = [...new Set(c.terms.map((t) => t.row))].filter((r) => keep[r].length > 1);
    if (open.length > 1) {
      use.unused.push(h);
      continue;
    }
    const value = (r: number, k: number) =>
      c.terms.filter((t) => t.row === r).reduce((s, t) => s + t.coef * (rows[r].domain[k][t.col] as number), 0);
    const fixed = c.terms
      .filter((t) => !open.includes(t.row))
      .reduce((s, t) => s + t.coef * (rows[t.row].domain[keep[t.row][0]][t.col] as number), 0);
    if (open.length === 0) {
      (Math.abs(fixed - c.rhs) < 1e-9 ? use.applied : use.contradicted).push(h);
      continue;
    }
    const r = open[0];
    const kept = keep[r].filter((k) => Math.abs(fixed + value(r, k) - c.rhs) < 1e-9);
    if (kept.length === 0) use.contradicted.push(h);
    else {
      keep[r] = kept;
      use.applied.push(h);
    }
  }
  return { keep, keepTable, hints: use };
}

/** turn decisions into values, cells and diagnostics */
function report(
  rows: RowState[],
  dec: Decision,
  table: 2 | 3 | 4,
  columnRules: boolean,
  where: (r: RowState) => Where,
  what: (r: RowState) => string,
  lim: Required<SplitLimits>,
): Pick<SplitResult, "values" | "cells" | "issues"> {
  const values: Record<string, number | null> = {};
  const cells: Record<string, Cell> = {};
  const issues: Diagnostic[] = [];
  rows.forEach((r, i) => {
    if (r.kind === "known") return;
    let splits: number[][];
    if (r.kind === "split" || r.kind === "forced") splits = dec.keep[i].map((k) => r.domain[k] as number[]);
    else splits = [];
    const listed = r.kind === "loose" && r.loose ? r.loose : splits;
    r.vars.forEach((v, c) => {
      const distinct = [...new Set(listed.map((s) => s[c]))].sort((a, b) => a - b);
      if (splits.length > 0 && distinct.length === 1) {
        values[v] = distinct[0];
        cells[v] = { raw: r.raw, status: "derived" };
      } else {
        values[v] = null;
        cells[v] = distinct.length
          ? { raw: r.raw, status: "undecidable", candidates: distinct }
          : { raw: r.raw, status: "undecidable" };
      }
    });
    const label = what(r);
    const w = { table, ...where(r) } as Where;
    const list = (ss: number[][]) =>
      ss.slice(0, lim.listed).map(fmt).join(" | ") + (ss.length > lim.listed ? ` | … (${ss.length} in all)` : "");
    if (r.kind === "overflow") {
      issues.push(
        diag(
          "SPLIT_UNDECIDABLE",
          "warning",
          `${label}: "${r.raw}" can be split in too many ways to list; the cells are left empty`,
          w,
        ),
      );
    } else if (r.kind === "none") {
      issues.push(
        diag(
          "SPLIT_UNDECIDABLE",
          "warning",
          `${label}: "${r.raw}" cannot be cut into ${r.vars.length} cells; the cells are left empty`,
          w,
        ),
      );
    } else if (r.kind === "loose") {
      const tail = r.loose ? `; its splits: ${list(r.loose)}` : "; it has too many splits to list";
      issues.push(
        diag(
          "SPLIT_UNDECIDABLE",
          "warning",
          `${label}: no split of "${r.raw}" satisfies ${r.rule}${tail}; the cells are left empty`,
          w,
          r.loose ? { candidates: r.loose.slice(0, lim.listed) } : {},
        ),
      );
    } else if (splits.length > 1) {
      issues.push(
        diag(
          "SPLIT_UNDECIDABLE",
          "warning",
          `${label}: "${r.raw}" has ${splits.length} splits consistent with the rules: ${list(splits)}; the undecided cells are left empty`,
          w,
          { candidates: splits.slice(0, lim.listed) },
        ),
      );
    } else if (splits.length === 1 && r.ambiguous) {
      const used = [r.rule || null];
      if (r.domain.length > 1 && columnRules && !dec.fallback) used.push("the column rules");
      if (r.domain.length > 1 && dec.keepTable[i].length > 1) used.push("the narrative's counts");
      const how = used.filter(Boolean).join(", ");
      const by = r.kind === "forced" ? `the only possible cut (the row breaks ${r.rule})` : how;
      issues.push(diag("SPLIT_DERIVED", "info", `${label}: "${r.raw}" split as ${fmt(splits[0])} by ${by}`, w));
    }
  });
  return { values, cells, issues };
}

function hintIssues(use: HintUse, table: 2 | 3 | 4): Diagnostic[] {
  return use.contradicted.map((h) =>
    diag(
      "NARRATIVE_MISMATCH",
      "warning",
      `the narrative's "${h.text}" (${h.vars.join(" + ")} = ${h.value}) fits no split of table ${table}; the count was not used`,
      { table, variable: h.vars.length === 1 ? h.vars[0] : undefined },
    ),
  );
}

const limitsOf = (l?: SplitLimits): Required<SplitLimits> => ({ ...DEFAULTS, ...(l ?? {}) });

/** Table 3: every row given as values or as runs; see the module comment for the rules. */
export function solveTable3(input: Table3Input): SplitResult {
  const lim = limitsOf(input.limits);
  const layout = t3Rows(input.format);
  const cols = T3_COLUMNS;
  const rows: RowState[] = [];
  const rowIndex = new Map<string, number>();
  for (const def of layout) {
    const given = input.rows[def.key];
    if (!given) continue;
    const vars = cols.map((c) => t3Var(def.key, c));
    if (given.values) {
      const vals = cols.map((_, c) => given.values?.[c] ?? null);
      rowIndex.set(def.key, rows.length);
      rows.push({ key: def.key, vars, raw: null, kind: "known", domain: [vals], ambiguous: false, rule: "" });
    } else if (given.runs && given.runs.some((r) => r.trim())) {
      rowIndex.set(def.key, rows.length);
      rows.push(rowFromRuns(def.key, vars, given.runs, { sumGroups: cols.length, rule: "the row sum" }, lim));
    }
  }
  const index: VarIndex = new Map();
  rows.forEach((r, i) => r.vars.forEach((v, c) => index.set(v, [{ row: i, col: c }])));
  if (input.format === "2021") {
    const subs = ["other_no_correction", "other_no_fee", "other_other"];
    cols.forEach((col, c) => {
      const cells = subs
        .map((k) => rowIndex.get(k))
        .filter((i): i is number => i !== undefined)
        .map((row) => ({ row, col: c }));
      if (cells.length === subs.length) index.set(t3Var("other", col), cells);
    });
  }
  // the column rules (codebook/rules.ts); a rule naming a row that was not found is left out (RowCsp.usable
  // drops rules on blank cells). The row sums shape each row's splits (sumGroups) instead.
  const table: LinearConstraint[] = [];
  for (const rule of rulesFor(input.format)) {
    if (rule.code !== "T3_BALANCE" && rule.code !== "T3_RESULT_SUM") continue;
    const terms: Term[] = [];
    const complete = rule.terms.every((t) => {
      const cells = index.get(t.variable);
      if (!cells || cells.some((c) => !inSearch(rows[c.row]))) return false;
      for (const c of cells) terms.push({ ...c, coef: t.coef });
      return true;
    });
    if (complete) table.push({ terms, rhs: 0, label: `${rule.code} ${rule.where.column}` });
  }
  const dec = decide(rows, table, input.hints ?? [], index, "t3_", lim);
  const out = report(
    rows,
    dec,
    3,
    true,
    (r) => ({ row: r.key }),
    (r) => `table 3 row ${r.key}`,
    lim,
  );
  const split = rows.some((r) => r.kind !== "known");
  if (dec.fallback && split) {
    out.issues.unshift(
      dec.fallback === "inconsistent"
        ? diag(
            "SPLIT_INCONSISTENT",
            "warning",
            "table 3: no split of the run-together rows satisfies T3_BALANCE and T3_RESULT_SUM together; each row was split on its own (row sum only)",
            { table: 3 },
          )
        : diag(
            "SPLIT_SEARCH_CAPPED",
            "warning",
            "table 3: the joint split search hit its work cap; each row was split on its own (row sum only)",
            { table: 3 },
          ),
    );
  }
  out.issues.push(...hintIssues(dec.hints, 3));
  return { ...out, fallback: dec.fallback, hints: dec.hints };
}

/** Table 4: its 15 figures (行政复议, 未经复议直接起诉, 复议后起诉 × 维持, 纠正, 其他, 尚未审结, 总计) from one or more runs. */
export function solveTable4(
  runs: readonly string[],
  hints: readonly NarrativeCount[] = [],
  limits?: SplitLimits,
): SplitResult {
  const lim = limitsOf(limits);
  const vars = T4_BLOCKS.flatMap((b) => T4_COLUMNS.map((c) => t4Var(b, c)));
  const row = rowFromRuns("table4", vars, runs, { sumGroups: T4_COLUMNS.length, rule: "T4_SUM" }, lim);
  const index: VarIndex = new Map(vars.map((v, c) => [v, [{ row: 0, col: c }]]));
  const dec = decide([row], [], hints, index, "t4_", lim);
  const out = report(
    [row],
    dec,
    4,
    false,
    () => ({}),
    () => "table 4",
    lim,
  );
  out.issues.push(...hintIssues(dec.hints, 4));
  return { ...out, fallback: null, hints: dec.hints };
}

/**
 * One table-2 row (its variables in printed order, e.g. `t2Rows(format)[i].vars`) from its runs. No
 * rule links the cells: only a unique cut (as many digits as cells) or the narrative's counts decide.
 * Cells named *_change may be negative, *_amount may have decimals, unless `cells` says otherwise.
 */
export function solveTable2Row(
  runs: readonly string[],
  vars: readonly string[],
  hints: readonly NarrativeCount[] = [],
  opts: { cells?: readonly (CellRule | undefined)[]; limits?: SplitLimits } = {},
): SplitResult {
  const lim = limitsOf(opts.limits);
  const cells = opts.cells ?? vars.map((v) => ({ negative: v.endsWith("_change"), decimals: v.endsWith("_amount") }));
  const row = rowFromRuns(vars.join(","), [...vars], runs, { cells, rule: "" }, lim);
  const index: VarIndex = new Map(vars.map((v, c) => [v, [{ row: 0, col: c }]]));
  const dec = decide([row], [], hints, index, "t2_", lim);
  const out = report(
    [row],
    dec,
    2,
    false,
    () => ({ variable: vars[0] }),
    () => `table 2 row ${vars.join("/")}`,
    lim,
  );
  out.issues.push(...hintIssues(dec.hints, 2));
  return { ...out, fallback: null, hints: dec.hints };
}
