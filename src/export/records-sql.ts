/**
 * The SQL that renders the export's records in Postgres, for one chunk of reports (a `where` over
 * `report r JOIN agency a`):
 * - `leadLinesSql`: one row per report with the start of its reports.csv record — every column up to
 *   the QA counts from the diagnostics (fields rendered by csv-sql.ts); the rest is pivoted from the
 *   report's figures_long records (wide.ts);
 * - `figuresCopySql`, `sectionsCopySql`, `diagnosticsCopySql`: COPY … TO STDOUT (FORMAT csv) statements
 *   for the other tables. COPY quotes by the same rules as csv-sql.ts, in C: the long table is 20
 *   million records for 100k reports, and COPY is the cheapest way to render them.
 *
 * (Rendering whole reports in one aggregate row per report was tried: it spares Node the per-record
 * COPY messages, but costs Postgres more than the two together — measured in CPU seconds.)
 *
 * Order: reports by id; within a report, figures by variable name (the primary key's order), sections
 * in report order, diagnostics by id.
 */
import { escapeLiteral } from "pg";
import { VARIABLES } from "../codebook/index.js";
import { csvBool, csvDate, csvInt, csvText, decimalValue, record } from "./csv-sql.js";
import { CONSISTENCY_CODES, REPORT_FIELDS, SECTION_KEYS_ORDER, table } from "./tables.js";

// names are written into SQL and into the long records unquoted: they must be plain
for (const v of VARIABLES) if (!/^[a-z][a-z0-9_]*$/.test(v.name)) throw new Error(`records-sql: variable name "${v.name}"`);

const textArray = (xs: readonly string[]) => `ARRAY[${xs.map(escapeLiteral).join(", ")}]::text[]`;

/** The codebook's names: figures of other variables are not exported (figures_long.variable → codebook). */
const CODEBOOK_NAMES = textArray(VARIABLES.map((v) => v.name));

/**
 * A figure's value as text: canonical decimal (≤ 6 decimals, no trailing zeros), NULL beyond 12 integer
 * digits. A whole number (scale 0) is already canonical: no rounding — the common case, and this runs
 * once per figure.
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
};
/** The columns rendered here: all but the last, qa_undecidable, which the pivot counts with the variables. */
const LEAD_FIELDS = REPORT_FIELDS.slice(0, -1);
{
  if (REPORT_FIELDS[REPORT_FIELDS.length - 1].name !== "qa_undecidable" || LEAD_FIELDS.map((f) => f.name).join() !== Object.keys(LEAD).join()) {
    throw new Error("records-sql: LEAD out of step with REPORT_FIELDS");
  }
  const check = (name: Parameters<typeof table>[0], expected: string) => {
    const actual = table(name).fields.map((f) => f.name).join();
    if (actual !== expected) throw new Error(`records-sql: ${name} columns are ${actual}, the SQL writes ${expected}`);
  };
  check("figures_long", "report_id,variable,value,raw,status");
  check("sections", "report_id,section,text");
  check("diagnostics", "diagnostic_id,report_id,code,severity,table_no,row_key,column_key,block,variable,message");
}

const FROM = "FROM report r JOIN agency a ON a.id = r.agency_id";

/** One row per report: `id` and `line`, its reports.csv record up to qa_warnings. */
export function leadLinesSql(where: string): string {
  const consistency = CONSISTENCY_CODES.map((c) => escapeLiteral(c)).join(", ");
  return `SELECT r.id, ${record(LEAD_FIELDS.map((f) => LEAD[f.name]))} AS line
${FROM}
JOIN source_file s ON s.sha256 = r.source_file_sha256
LEFT JOIN LATERAL (
  SELECT count(*) FILTER (WHERE d.severity = 'error') AS errors,
    count(*) FILTER (WHERE d.severity = 'error' AND d.code IN (${consistency})) AS consistency,
    count(*) FILTER (WHERE d.severity = 'warning') AS warnings
  FROM diagnostic d WHERE d.report_id = r.id
) dg ON true
${where}
ORDER BY r.id`;
}

/**
 * figures_long records in primary-key order: report id, then variable name (bytewise, COLLATE "C": the
 * same order on every server). Each report's figures are one index range scan, fenced (OFFSET 0) so the
 * planner cannot turn it into one index probe per codebook variable (seven times slower on a large
 * table); the codebook check stays outside the fence as a hashed `= ANY(…)` filter, for the same reason.
 * Codebook order would need a join and a sort per report: a sixth of the export's database time.
 */
export function figuresCopySql(where: string): string {
  if (!where.startsWith("WHERE ")) throw new Error("figuresCopySql: a chunk always has a WHERE clause");
  return `COPY (SELECT r.id, f.variable, ${figureValue} AS value, f.raw, f.status
${FROM}
CROSS JOIN LATERAL (SELECT * FROM figure WHERE figure.report_id = r.id ORDER BY figure.variable COLLATE "C" OFFSET 0) f
${where} AND f.variable = ANY(${CODEBOOK_NAMES})
ORDER BY r.id, f.variable COLLATE "C") TO STDOUT (FORMAT csv)`;
}

export function sectionsCopySql(where: string): string {
  return `COPY (SELECT sc.report_id, sc.key, sc.text
${FROM}
JOIN section sc ON sc.report_id = r.id
${where}
ORDER BY sc.report_id, array_position(${textArray(SECTION_KEYS_ORDER)}, sc.key), sc.key COLLATE "C") TO STDOUT (FORMAT csv)`;
}

export function diagnosticsCopySql(where: string): string {
  return `COPY (SELECT d.id, d.report_id, d.code, d.severity, d.table_no, d.row_key, d.column_key, d.block, d.variable, d.message
${FROM}
JOIN diagnostic d ON d.report_id = r.id
${where}
ORDER BY d.report_id, d.id) TO STDOUT (FORMAT csv)`;
}
