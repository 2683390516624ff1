/**
 * The SQL that renders the export's records in Postgres, for one chunk of reports (a `where` over
 * `report r JOIN agency a`):
 * - `reportLinesSql`: one row per report with its whole reports.csv record (rendered with csv-sql.ts),
 *   plus the counts the data card needs;
 * - `figuresCopySql`, `sectionsCopySql`, `diagnosticsCopySql`: COPY … TO STDOUT (FORMAT csv) statements
 *   for the other tables. COPY quotes by the same rules as csv-sql.ts, in C: the long table is 20
 *   million records for 100k reports, and COPY is the cheapest way to render them.
 *
 * Order is fixed: reports by id; within a report, figures in codebook order (an incremental sort over
 * each report's ~200 figures), sections in report order, diagnostics by id.
 *
 * reports.csv's variable columns come from the same figure values as figures_long's `value` (the same
 * `figureValue` expression), narrowed to the column type, so the wide table is the long one pivoted.
 */
import { escapeLiteral } from "pg";
import { VARIABLES } from "../codebook/index.js";
import { csvBool, csvDate, csvInt, csvText, decimalValue, integerValue, record } from "./csv-sql.js";
import { CONSISTENCY_CODES, INT32_MAX, REPORT_FIELDS, SECTION_KEYS_ORDER, isAmount, table } from "./tables.js";

// names are written into SQL and into the long records unquoted: they must be plain
for (const v of VARIABLES) if (!/^[a-z][a-z0-9_]*$/.test(v.name)) throw new Error(`records-sql: variable name "${v.name}"`);

const textArray = (xs: readonly string[]) => `ARRAY[${xs.map(escapeLiteral).join(", ")}]::text[]`;

/** The codebook in column order, with each variable's column type. */
const CODEBOOK_CTE = `cb AS (SELECT * FROM unnest(${textArray(VARIABLES.map((v) => v.name))}, ` +
  `${textArray(VARIABLES.map((v) => (isAmount(v) ? "amount" : "integer")))}) WITH ORDINALITY AS cb(variable, type, ord))`;

/**
 * A figure's value as text: canonical decimal (≤ 6 decimals, no trailing zeros), NULL beyond 12 integer
 * digits. A whole number (scale 0) is already canonical: no rounding needed — the common case, and this
 * runs once per figure.
 */
const figureValue = `(CASE WHEN scale(f.value) = 0 AND f.value > -1e12 AND f.value < 1e12 THEN f.value::text ELSE ${decimalValue("f.value")} END)`;

const CODE = "a.division_code";
/** 6-digit codes per level from the stored code (2, 4 or 6 digits); only for levels whose name is set. */
const PROVINCE_CODE = `CASE WHEN a.province IS NOT NULL AND ${CODE} ~ '^([0-9]{2}){1,3}$' THEN left(${CODE}, 2) || '0000' END`;
const CITY_CODE = `CASE WHEN a.city IS NOT NULL AND ${CODE} ~ '^[0-9]{4}([0-9]{2})?$' THEN left(${CODE}, 4) || '00' END`;
const COUNTY_CODE = `CASE WHEN a.county IS NOT NULL AND ${CODE} ~ '^[0-9]{6}$' THEN ${CODE} END`;

/** reports.csv's leading columns, by name (checked against REPORT_FIELDS below). */
const LEAD: Record<string, string> = {
  report_id: csvInt("r.id"),
  agency_id: csvInt("r.agency_id"),
  agency: csvText("a.canonical_name"),
  province: csvText("a.province"),
  city: csvText("a.city"),
  county: csvText("a.county"),
  division_code: csvText(CODE),
  province_code: csvText(PROVINCE_CODE),
  city_code: csvText(CITY_CODE),
  county_code: csvText(COUNTY_CODE),
  level: csvText("a.level"),
  kind: csvText("a.kind"),
  year: csvInt("r.year"),
  format: csvText("r.format"),
  published: csvDate("r.published"),
  script: csvText("r.script"),
  title: csvText("r.title"),
  source_sha256: csvText("r.source_file_sha256"),
  source_name: csvText("s.original_name"),
  parser_version: csvText("r.parser_version"),
  revision: csvInt("r.revision"),
  is_current: csvBool("r.is_current"),
  synthetic: csvBool("r.synthetic"),
  status: csvText("r.status"),
  qa_errors: csvInt("coalesce(dg.errors, 0)"),
  qa_consistency_errors: csvInt("coalesce(dg.consistency, 0)"),
  qa_warnings: csvInt("coalesce(dg.warnings, 0)"),
  qa_undecidable: csvInt("coalesce(fg.undecidable, 0)"),
};
{
  const missing = REPORT_FIELDS.map((f) => f.name).filter((n) => !(n in LEAD));
  const extra = Object.keys(LEAD).filter((n) => !REPORT_FIELDS.some((f) => f.name === n));
  if (missing.length || extra.length) throw new Error(`records-sql: LEAD out of step with REPORT_FIELDS (${[...missing, ...extra]})`);
}

const FROM = "FROM report r JOIN agency a ON a.id = r.agency_id";

/**
 * One row per report: id, the reports.csv record (`line`), and the figures that do not fit their typed
 * column (`misfits`, `misfit_list` as JSON [[variable, stored value], …]).
 *
 * The variable columns: each present figure contributes "<commas since the previous present column>
 * <value>" in codebook order, then commas up to the last column — a pivot without 226 lookups.
 */
export function reportLinesSql(where: string): string {
  const n = VARIABLES.length;
  const wide = `(CASE WHEN cb.type = 'amount' THEN v.value ` +
    `WHEN scale(f.value) = 0 AND f.value BETWEEN -${INT32_MAX} AND ${INT32_MAX} THEN v.value ELSE ${integerValue("f.value")} END)`;
  const consistency = CONSISTENCY_CODES.map((c) => escapeLiteral(c)).join(", ");
  return `WITH ${CODEBOOK_CTE}
SELECT r.id,
  ${record(REPORT_FIELDS.map((f) => LEAD[f.name]))} || ',' || coalesce(fg.wide, repeat(',', ${n - 1})) AS line,
  coalesce(fg.misfits, 0)::int AS misfits, fg.misfit_list::text AS misfit_list
${FROM}
JOIN source_file s ON s.sha256 = r.source_file_sha256
LEFT JOIN LATERAL (
  SELECT count(*) FILTER (WHERE x.status = 'undecidable') AS undecidable,
    count(*) FILTER (WHERE x.misfit) AS misfits,
    json_agg(json_build_array(x.variable, x.value::text) ORDER BY x.ord) FILTER (WHERE x.misfit) AS misfit_list,
    string_agg(repeat(',', (x.ord - x.prev)::int) || coalesce(x.wide, ''), '' ORDER BY x.ord)
      || repeat(',', (${n} - max(x.ord))::int) AS wide
  FROM (
    SELECT y.*, lag(y.ord, 1, 1::bigint) OVER (ORDER BY y.ord) AS prev, (y.value IS NOT NULL AND y.wide IS NULL) AS misfit
    FROM (
      SELECT cb.ord, f.variable, f.value, f.status, ${wide} AS wide
      FROM figure f
      JOIN cb ON cb.variable = f.variable
      CROSS JOIN LATERAL (SELECT ${figureValue} AS value) v
      WHERE f.report_id = r.id
    ) y
  ) x
) fg ON true
LEFT JOIN LATERAL (
  SELECT count(*) FILTER (WHERE d.severity = 'error') AS errors,
    count(*) FILTER (WHERE d.severity = 'error' AND d.code IN (${consistency})) AS consistency,
    count(*) FILTER (WHERE d.severity = 'warning') AS warnings
  FROM diagnostic d WHERE d.report_id = r.id
) dg ON true
${where}
ORDER BY r.id`;
}

function checkColumns(name: Parameters<typeof table>[0], expected: string): void {
  const actual = table(name).fields.map((f) => f.name).join();
  if (actual !== expected) throw new Error(`records-sql: ${name} columns are ${actual}, the SQL writes ${expected}`);
}

/** figures_long records. OFFSET 0 keeps the per-report subquery a nested loop (then an incremental sort). */
export function figuresCopySql(where: string): string {
  checkColumns("figures_long", "report_id,variable,value,raw,status");
  return `COPY (WITH ${CODEBOOK_CTE}
SELECT r.id, x.variable, x.value, x.raw, x.status
${FROM}
CROSS JOIN LATERAL (
  SELECT cb.ord, f.variable, ${figureValue} AS value, f.raw, f.status
  FROM figure f JOIN cb ON cb.variable = f.variable
  WHERE f.report_id = r.id
  OFFSET 0
) x
${where}
ORDER BY r.id, x.ord) TO STDOUT (FORMAT csv)`;
}

export function sectionsCopySql(where: string): string {
  checkColumns("sections", "report_id,section,text");
  return `COPY (SELECT sc.report_id, sc.key, sc.text
${FROM}
JOIN section sc ON sc.report_id = r.id
${where}
ORDER BY sc.report_id, array_position(${textArray(SECTION_KEYS_ORDER)}, sc.key), sc.key) TO STDOUT (FORMAT csv)`;
}

export function diagnosticsCopySql(where: string): string {
  checkColumns("diagnostics", "diagnostic_id,report_id,code,severity,table_no,row_key,column_key,block,variable,message");
  return `COPY (SELECT d.id, d.report_id, d.code, d.severity, d.table_no, d.row_key, d.column_key, d.block, d.variable, d.message
${FROM}
JOIN diagnostic d ON d.report_id = r.id
${where}
ORDER BY d.report_id, d.id) TO STDOUT (FORMAT csv)`;
}
