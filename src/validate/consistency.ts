/**
 * The official consistency rules of tables 3 and 4 (REPORT_FORMAT §3), declared once in
 * codebook/rules.ts. A broken rule is reported with where it breaks; the printed figures are never changed.
 */
import type { FormatVersion } from "../codebook/index.js";
import type { Diagnostic } from "../parser/diagnostics.js";
import { ruleIssues } from "../parser/rule-issues.js";

type Values = Record<string, number | null | undefined>;

export function checkTable3(values: Values, format: FormatVersion): Diagnostic[] {
  return ruleIssues(values, format, 3);
}

/** Table 4's rules are the same in both format versions. */
export function checkTable4(values: Values): Diagnostic[] {
  return ruleIssues(values, "2021", 4);
}
