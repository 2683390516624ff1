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

export function checkTable3(values: Values, format: FormatVersion): Diagnostic[] {
  const out: Diagnostic[] = [];
  const rows = t3Rows(format);
  for (const r of rows) {
    const parts = sum(T3_COLUMNS.slice(0, 6).map((c) => values[t3Var(r.key, c)]));
    const total = values[t3Var(r.key, "total")];
    if (parts !== null && total != null && !eq(parts, total)) {
      out.push(diag("T3_ROW_SUM", "error", `table 3 row ${r.key}: the applicant columns add up to ${parts}, 总计 is ${total}`, { table: 3, row: r.key }));
    }
  }
  // (六) counts once: the 2021 sub-rows through t3_other_* (their sum, or the row as printed when given whole)
  const outcomeRows = [...rows.filter((r) => r.group !== null && r.group !== "other").map((r) => r.key), "other"];
  for (const col of T3_COLUMNS) {
    const v = (row: string) => values[t3Var(row, col)];
    const lhs = sum([v("new"), v("carried_in")]);
    const rhs = sum([v("result_total"), v("carried_out")]);
    if (lhs !== null && rhs !== null && !eq(lhs, rhs)) {
      out.push(diag("T3_BALANCE", "error", `table 3 column ${col}: 一 + 二 = ${lhs} but (七)总计 + 四 = ${rhs}`, { table: 3, column: col }));
    }
    const outcomes = sum(outcomeRows.map(v));
    const total = v("result_total");
    if (outcomes !== null && total != null && !eq(outcomes, total)) {
      out.push(diag("T3_RESULT_SUM", "error", `table 3 column ${col}: the outcome rows add up to ${outcomes}, (七)总计 is ${total}`, { table: 3, column: col }));
    }
  }
  return out;
}

export function checkTable4(values: Values): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const b of T4_BLOCKS) {
    const parts = sum(["upheld", "corrected", "other", "pending"].map((c) => values[t4Var(b, c)]));
    const total = values[t4Var(b, "total")];
    if (parts !== null && total != null && !eq(parts, total)) {
      out.push(diag("T4_SUM", "error", `table 4 ${b}: 维持 + 纠正 + 其他 + 尚未审结 = ${parts}, 总计 is ${total}`, { table: 4, block: b }));
    }
  }
  return out;
}
