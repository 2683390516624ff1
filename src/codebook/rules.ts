/**
 * The consistency rules of tables 3 and 4 (REPORT_FORMAT §3), declared once as data: each rule says that
 * a linear combination of codebook variables is zero. The checker (validate/consistency.ts, and the
 * parser's own report of broken rules) evaluates them; the split solver and the table reader use the same
 * rules as constraints when they choose between readings. Nothing else spells the rules out.
 */
import { T3_COLUMNS, T4_BLOCKS, variablesFor, type FormatVersion } from "./index.js";

export type RuleCode = "T3_ROW_SUM" | "T3_BALANCE" | "T3_RESULT_SUM" | "T4_SUM";

export interface RuleTerm {
  variable: string;
  coef: 1 | -1;
}

export interface Rule {
  code: RuleCode;
  table: 3 | 4;
  /** where the rule applies: the row of T3_ROW_SUM, the column of the T3 column rules, the block of T4_SUM */
  where: { row?: string; column?: string; block?: string };
  /** Σ coef × value = 0 */
  terms: RuleTerm[];
  /** the printed total the rule checks (coef −1 term); a total that alone breaks its rules is the odd one out */
  total: string;
}

const t3 = (row: string, col: string) => `t3_${row}_${col}`;
const t4 = (block: string, col: string) => `t4_${block}_${col}`;

/** rows of table 3 that are not outcome rows */
const T3_FRAME = new Set(["new", "carried_in", "result_total", "carried_out"]);
/** 2021: the three sub-rows of (六)其他处理 count once, through their sum t3_other_* */
const OTHER_PARTS = new Set(["other_no_correction", "other_no_fee", "other_other"]);

/** Table 3 row keys of a format, in codebook order (t3_<row>_<column>). */
export function t3RowKeys(format: FormatVersion): string[] {
  const rows: string[] = [];
  for (const v of variablesFor(format, 3)) {
    const row = v.name.slice(3, v.name.lastIndexOf("_"));
    if (!rows.includes(row)) rows.push(row);
  }
  return rows;
}

const cache = new Map<FormatVersion, Rule[]>();

/** Every rule of a format version, table 3 then table 4. */
export function rulesFor(format: FormatVersion): Rule[] {
  let rules = cache.get(format);
  if (rules) return rules;
  rules = [];
  const rows = t3RowKeys(format);
  const parts = T3_COLUMNS.slice(0, -1);
  for (const row of rows) {
    // t3_other_* in 2021 is derived from its sub-rows, whose own row sums are checked
    if (format === "2021" && row === "other") continue;
    rules.push({
      code: "T3_ROW_SUM",
      table: 3,
      where: { row },
      terms: [
        ...parts.map((c) => ({ variable: t3(row, c), coef: 1 as const })),
        { variable: t3(row, "total"), coef: -1 },
      ],
      total: t3(row, "total"),
    });
  }
  const outcomes = rows.filter((r) => !T3_FRAME.has(r) && !OTHER_PARTS.has(r));
  for (const col of T3_COLUMNS) {
    rules.push({
      code: "T3_BALANCE",
      table: 3,
      where: { column: col },
      terms: [
        { variable: t3("new", col), coef: 1 },
        { variable: t3("carried_in", col), coef: 1 },
        { variable: t3("result_total", col), coef: -1 },
        { variable: t3("carried_out", col), coef: -1 },
      ],
      total: t3("result_total", col),
    });
    rules.push({
      code: "T3_RESULT_SUM",
      table: 3,
      where: { column: col },
      terms: [
        ...outcomes.map((r) => ({ variable: t3(r, col), coef: 1 as const })),
        { variable: t3("result_total", col), coef: -1 },
      ],
      total: t3("result_total", col),
    });
  }
  for (const block of T4_BLOCKS) {
    rules.push({
      code: "T4_SUM",
      table: 4,
      where: { block },
      terms: [
        ...["upheld", "corrected", "other", "pending"].map((c) => ({ variable: t4(block, c), coef: 1 as const })),
        { variable: t4(block, "total"), coef: -1 },
      ],
      total: t4(block, "total"),
    });
  }
  cache.set(format, rules);
  return rules;
}

type Values = Readonly<Record<string, number | null | undefined>>;

/** Σ coef × value, or null when a figure of the rule is not known. */
export function residual(rule: Rule, values: Values): number | null {
  let s = 0;
  for (const t of rule.terms) {
    const v = values[t.variable];
    if (v === null || v === undefined) return null;
    s += t.coef * v;
  }
  return s;
}

/** the sum of the rule's terms on one side (coef +1, or −1 with the sign turned) */
export function sideSum(rule: Rule, values: Values, coef: 1 | -1): number {
  return rule.terms.filter((t) => t.coef === coef).reduce((s, t) => s + (values[t.variable] as number), 0);
}

export interface Violation {
  rule: Rule;
  /** the rule's + side and − side */
  lhs: number;
  rhs: number;
}

/** The rules of a format that the figures break (rules with an unknown figure are not judged). */
export function violations(values: Values, format: FormatVersion, table?: 3 | 4): Violation[] {
  const out: Violation[] = [];
  for (const rule of rulesFor(format)) {
    if (table !== undefined && rule.table !== table) continue;
    const r = residual(rule, values);
    if (r !== null && Math.abs(r) > 1e-9)
      out.push({ rule, lhs: sideSum(rule, values, 1), rhs: sideSum(rule, values, -1) });
  }
  return out;
}
