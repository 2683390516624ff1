/**
 * The official consistency rules of tables 3 and 4 (REPORT_FORMAT §3). A broken rule is reported with
 * where it breaks; the printed figures are never changed.
 */
import type { FormatVersion } from "../codebook/index.js";
import { diag, type Diagnostic } from "../parser/diagnostics.js";
import { T3_COLUMNS, T4_BLOCKS, t3Rows, t3Var, t4Var } from "../parser/tables/layout.js";

type Values = Record<string, number | null | undefined>;

const sum = (xs: (number | null | undefined)[]): number | null =>
  xs.some((x) => x === null || x === undefined) ? null : xs.reduce<number>((a, b) => a + (b as number), 0);
const eq = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/**
 * One rule as a linear equation: the sum of `lhs` equals the sum of `rhs` (a missing cell on either side
 * leaves the rule unchecked). The one definition of the rules: the checks below and the OCR digit
 * resolver (src/parser/ocr/unsure.ts) both read them from here.
 */
export interface Rule {
  code: "T3_ROW_SUM" | "T3_BALANCE" | "T3_RESULT_SUM" | "T4_SUM";
  where: { table: 3 | 4; row?: string; column?: string; block?: string };
  lhs: string[];
  rhs: string[];
  message: (lhs: number, rhs: number) => string;
}

export function table3Rules(format: FormatVersion): Rule[] {
  const out: Rule[] = [];
  const rows = t3Rows(format);
  for (const r of rows) {
    out.push({
      code: "T3_ROW_SUM", where: { table: 3, row: r.key },
      lhs: T3_COLUMNS.slice(0, 6).map((c) => t3Var(r.key, c)), rhs: [t3Var(r.key, "total")],
      message: (parts, total) => `table 3 row ${r.key}: the applicant columns add up to ${parts}, 总计 is ${total}`,
    });
  }
  // (六) counts once: the 2021 sub-rows through t3_other_* (their sum, or the row as printed when given whole)
  const outcomeRows = [...rows.filter((r) => r.group !== null && r.group !== "other").map((r) => r.key), "other"];
  for (const col of T3_COLUMNS) {
    out.push({
      code: "T3_BALANCE", where: { table: 3, column: col },
      lhs: [t3Var("new", col), t3Var("carried_in", col)], rhs: [t3Var("result_total", col), t3Var("carried_out", col)],
      message: (lhs, rhs) => `table 3 column ${col}: 一 + 二 = ${lhs} but (七)总计 + 四 = ${rhs}`,
    });
    out.push({
      code: "T3_RESULT_SUM", where: { table: 3, column: col },
      lhs: outcomeRows.map((row) => t3Var(row, col)), rhs: [t3Var("result_total", col)],
      message: (outcomes, total) => `table 3 column ${col}: the outcome rows add up to ${outcomes}, (七)总计 is ${total}`,
    });
  }
  return out;
}

export function table4Rules(): Rule[] {
  return T4_BLOCKS.map((b) => ({
    code: "T4_SUM" as const, where: { table: 4 as const, block: b },
    lhs: ["upheld", "corrected", "other", "pending"].map((c) => t4Var(b, c)), rhs: [t4Var(b, "total")],
    message: (parts: number, total: number) => `table 4 ${b}: 维持 + 纠正 + 其他 + 尚未审结 = ${parts}, 总计 is ${total}`,
  }));
}

/** The sides of a rule, or null when a cell is missing (the rule cannot be checked). */
export function ruleSides(rule: Rule, values: Values): [number, number] | null {
  const l = sum(rule.lhs.map((k) => values[k])), r = sum(rule.rhs.map((k) => values[k]));
  return l === null || r === null ? null : [l, r];
}

function check(rules: Rule[], values: Values): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of rules) {
    const s = ruleSides(rule, values);
    if (s && !eq(s[0], s[1])) out.push(diag(rule.code, "error", rule.message(s[0], s[1]), rule.where));
  }
  return out;
}

export function checkTable3(values: Values, format: FormatVersion): Diagnostic[] {
  return check(table3Rules(format), values);
}

export function checkTable4(values: Values): Diagnostic[] {
  return check(table4Rules(), values);
}
