/**
 * Broken consistency rules (codebook/rules.ts) as diagnostics, with where they break. The printed
 * figures are never changed. validate/consistency.ts serves the same to callers outside the parser.
 */
import type { FormatVersion } from "../codebook/index.js";
import { violations, type Violation } from "../codebook/rules.js";
import { diag, type Diagnostic } from "./diagnostics.js";

type Values = Readonly<Record<string, number | null | undefined>>;

function message(v: Violation): string {
  const { rule, lhs, rhs } = v;
  const w = rule.where;
  switch (rule.code) {
    case "T3_ROW_SUM":
      return `table 3 row ${w.row}: the applicant columns add up to ${lhs}, 总计 is ${rhs}`;
    case "T3_BALANCE":
      return `table 3 column ${w.column}: 一 + 二 = ${lhs} but (七)总计 + 四 = ${rhs}`;
    case "T3_RESULT_SUM":
      return `table 3 column ${w.column}: the outcome rows add up to ${lhs}, (七)总计 is ${rhs}`;
    case "T4_SUM":
      return `table 4 ${w.block}: 维持 + 纠正 + 其他 + 尚未审结 = ${lhs}, 总计 is ${rhs}`;
  }
}

export function ruleIssues(values: Values, format: FormatVersion, table?: 3 | 4): Diagnostic[] {
  return violations(values, format, table).map((v) =>
    diag(v.rule.code, "error", message(v), { table: v.rule.table, ...v.rule.where }),
  );
}
