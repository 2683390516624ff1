/**
 * Cross-year diagnostics in the database: recomputed inside the transaction that changes a report, for
 * that report (against the year before) and for the agency's report of the year after (against it), so
 * they are never stale and a killed ingest leaves none half-done. Writers of one agency are serialised
 * by the agency lock (store.ts), so each sees the other's committed years.
 */
import type { FormatVersion } from "../codebook/index.js";
import { crossYearIssues, CROSS_YEAR_VARIABLES, type YearFigures } from "../validate/cross-year.js";
import { insertDiagnostics } from "./report-rows.js";
import type { Sql } from "./sql.js";

interface CurrentReport {
  id: number;
  year: number;
  format: FormatVersion | null;
}

/** Recompute the cross-year diagnostics of the agency's current reports of `years` (each against year − 1). */
export async function refreshCrossYear(sql: Sql, agencyId: number, years: number[]): Promise<void> {
  const wanted = [...new Set(years.flatMap((y) => [y - 1, y]))];
  const reports = await sql<CurrentReport>(
    "xy-reports",
    "SELECT id, year, format FROM report WHERE agency_id = $1 AND is_current AND year = ANY($2::int[])",
    [agencyId, wanted],
  );
  const targets = reports.filter((r) => years.includes(r.year));
  if (!targets.length) return;
  const figures = await sql<{ report_id: number; variable: string; value: string | null }>(
    "xy-figures",
    "SELECT report_id, variable, value FROM figure WHERE report_id = ANY($1::int[]) AND variable = ANY($2::text[])",
    [reports.map((r) => r.id), CROSS_YEAR_VARIABLES],
  );
  const byReport = new Map<number, YearFigures>(
    reports.map((r) => [r.id, { year: r.year, format: r.format, values: {} }]),
  );
  for (const f of figures) byReport.get(f.report_id)!.values[f.variable] = f.value === null ? null : Number(f.value);

  await sql("xy-clear", "DELETE FROM diagnostic WHERE report_id = ANY($1::int[]) AND code LIKE 'XY\\_%'", [
    targets.map((r) => r.id),
  ]);
  for (const t of targets) {
    const prev = reports.find((r) => r.year === t.year - 1);
    if (!prev) continue;
    await insertDiagnostics(sql, t.id, crossYearIssues(byReport.get(prev.id)!, byReport.get(t.id)!));
  }
}
