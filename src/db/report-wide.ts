/**
 * The analysis view `report_wide`: one row per report, one column per codebook variable, pivoted from
 * `figure`. The column list comes from the codebook when the SQL is built, so it is never hand-copied.
 * A view, not a table: `figure` stays the only source of truth. When the codebook gains variables, a
 * new migration re-runs `createReportWideView` (CREATE OR REPLACE cannot drop or reorder columns, so it
 * drops and recreates).
 */
import type { QueryRunner } from "typeorm";
import { VARIABLES, type Variable } from "../codebook/index.js";

/** Postgres identifiers are at most 63 bytes; codebook names are plain snake_case. */
const COLUMN_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** Report-level columns that come first in the view, before the variables. */
export const REPORT_WIDE_LEADING_COLUMNS = [
  "report_id",
  "agency_id",
  "agency",
  "province",
  "city",
  "county",
  "level",
  "kind",
  "year",
  "format",
  "is_current",
  "synthetic",
] as const;

export function reportWideViewSql(variables: readonly Variable[] = VARIABLES): string {
  const leading = new Set<string>(REPORT_WIDE_LEADING_COLUMNS);
  const columns = variables.map((v) => {
    if (!COLUMN_NAME.test(v.name) || leading.has(v.name)) {
      throw new Error(`codebook variable "${v.name}" cannot be a column of report_wide`);
    }
    // the name is checked above, so it is safe both as identifier and as literal
    return `  max(f.value) FILTER (WHERE f.variable = '${v.name}') AS "${v.name}"`;
  });
  return `CREATE VIEW report_wide AS
SELECT
  r.id AS report_id, r.agency_id, a.canonical_name AS agency, a.province, a.city, a.county, a.level, a.kind,
  r.year, r.format, r.is_current, r.synthetic,
${columns.join(",\n")}
FROM report r
JOIN agency a ON a.id = r.agency_id
LEFT JOIN figure f ON f.report_id = r.id
GROUP BY r.id, a.id`;
}

export async function createReportWideView(queryRunner: QueryRunner, variables?: readonly Variable[]): Promise<void> {
  await queryRunner.query("DROP VIEW IF EXISTS report_wide");
  await queryRunner.query(reportWideViewSql(variables));
  await queryRunner.query(
    "COMMENT ON VIEW report_wide IS 'one row per report, one column per codebook variable (from figure)'",
  );
}
