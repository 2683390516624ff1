/**
 * `report.status`: how usable a stored report's figures are, decided once at ingest (or reparse) from
 * the parse result alone. Cross-year diagnostics, which arrive when a neighbouring year is ingested,
 * do not change it.
 *
 * - `ok`           every figure of the report's format was read; no error-severity diagnostic.
 * - `inconsistent` every figure was read, but the printed figures break a consistency rule (T3_ROW_SUM,
 *                  T3_BALANCE, T3_RESULT_SUM, T4_SUM are errors): the printed figures are kept as printed.
 * - `incomplete`   the format could not be told, or some figure is missing (a table or cell not found,
 *                  a run of digits that could not be split): those figures are null.
 */
import type { ParseResult } from "../parser/types.js";

export const REPORT_STATUSES = ["ok", "inconsistent", "incomplete"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export function reportStatus(parsed: Pick<ParseResult, "meta" | "values" | "issues">): ReportStatus {
  const values = Object.values(parsed.values);
  if (!parsed.meta.format || values.length === 0 || values.some((v) => v === null)) return "incomplete";
  if (parsed.issues.some((i) => i.severity === "error")) return "inconsistent";
  return "ok";
}

/**
 * Why a readable report cannot be stored, or null. Without an agency and a year there is no identity
 * to file it under (and no way to tell a new revision from another body's report).
 */
export function identityProblem(parsed: Pick<ParseResult, "meta">): string | null {
  const missing = [!parsed.meta.agency?.trim() && "agency", parsed.meta.year === null && "year"].filter(Boolean);
  return missing.length ? `the ${missing.join(" and ")} of the report could not be found` : null;
}
