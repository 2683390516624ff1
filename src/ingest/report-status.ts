/**
 * Decides a parse's `report.status` (the vocabulary and what each word means: entities/report-status.ts)
 * and whether a parse can be filed at all.
 */
import type { ParseResult } from "../parser/types.js";
import type { ReportStatus } from "../entities/report-status.js";

export { REPORT_STATUSES, type ReportStatus } from "../entities/report-status.js";
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
