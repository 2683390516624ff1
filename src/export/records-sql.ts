/**
 * The SQL that reads the export's records for one chunk of reports (a `where` over
 * `report r JOIN agency a`):
 * - `leadRowsSql` + `leadLine`: one row per report with its reports.csv columns up to the QA counts from
 *   the diagnostics, as plain values; Node writes them as CSV fields (csv.ts). Rendering them in SQL
 *   (a CASE per text field) cost Postgres three times the query itself — on the side that limits the
 *   export — while 27 fields × 2000 reports are nothing for Node; the rest of the record is pivoted from
 *   the report's figures_long records (wide.ts);
 * - `figuresCopySql`, `sectionsCopySql`, `diagnosticsCopySql`: COPY … TO STDOUT (FORMAT csv) statements
 *   for the other tables. COPY quotes by the same rules as csv.ts, in C: the long table is 20 million
 *   records for 100k reports, and COPY is the cheapest way to render them.
 *
 * (Rendering whole reports in one aggregate row per report was tried: it spares Node the per-record
 * COPY messages, but costs Postgres more than the two together — measured in CPU seconds.)
 *
 * Order: reports by id; within a report, figures by variable name (the primary key's order), sections
 * in report order, diagnostics by id.
 */
import { escapeLiteral } from "pg";
import { VARIABLES } from "../codebook/index.js";
import { decimalValue } from "./csv-sql.js";
import { csvField } from "./csv.js";
import { CONSISTENCY_CODES, REPORT_FIELDS, SECTION_KEYS_ORDER, table } from "./tables.js";

// names are written into SQL and into the long records unquoted: they must be plain
for (const v of VARIABLES)
  if (!/^[a-z][a-z0-9_]*$/.test(v.name)) throw new Error(`records-sql: variable name "${v.name}"`);

const textArray = (xs: readonly string[]) => `ARRAY[${xs.map(escapeLiteral).join(", ")}]::text[]`;

/** The codebook's names: figures of other variables are not exported (figures_long.variable → codebook). */
const CODEBOOK_NAMES = textArray(VARIABLES.map((v) => v.name));

/**
 * A figure's value as text: canonical decimal (≤ 6 decimals, no trailing zeros), NULL beyond 12 integer
 * digits. A whole number (scale 0) is already canonical: no rounding — the common case, and this runs
 * once per figure.
 */
const figureValue = `(CASE WHEN scale(f.value) = 0 AND f.value > -1e12 AND f.value < 1e12 THEN f.value::text ELSE ${decimalValue("f.value")} END)`;

/** A lead row as the pg client returns it: ints as numbers, counts (bigint) as text, booleans, texts. */
type Value = string | number | boolean | null;
const text = (v: Value) => csvField(v === null ? null : String(v));
const int = (v: Value) => (v === null ? "" : String(v));
const bool = (v: Value) => (v === null ? "" : v ? "1" : "0");
/** 6-digit codes per level from the stored code (2, 4 or 6 digits); only for levels whose name is set. */
const provinceCode = (code: Value, name: Value) =>
  name !== null && typeof code === "string" && /^([0-9]{2}){1,3}$/.test(code) ? code.slice(0, 2) + "0000" : null;
const cityCode = (code: Value, name: Value) =>
  name !== null && typeof code === "string" && /^[0-9]{4}([0-9]{2})?$/.test(code) ? code.slice(0, 4) + "00" : null;
const countyCode = (code: Value, name: Value) =>
  name !== null && typeof code === "string" && /^[0-9]{6}$/.test(code) ? code : null;

/** The lead row's columns, in order (`r.id` first: the chunk's ids come from it). */
const LEAD_SQL = [
  "r.id",
  "r.agency_id",
  "a.canonical_name",
  "a.province",
  "a.city",
  "a.county",
  "a.division_code",
  "a.level",
  "a.kind",
  "r.year",
  "r.format",
  "to_char(r.published, 'YYYY-MM-DD')",
  "r.script",
  "r.title",
  "r.source_file_sha256",
  // a subquery, not a join: the planner hashed the whole source_file table for every chunk
  "(SELECT s.original_name FROM source_file s WHERE s.sha256 = r.source_file_sha256)",
  "r.parser_version",
  "r.input_kind",
  "r.revision",
  "r.is_current",
  "r.synthetic",
  "r.status",
  "coalesce(dg.errors, 0)",
  "coalesce(dg.consistency, 0)",
  "coalesce(dg.warnings, 0)",
];
const [
  ID,
  AGENCY_ID,
  AGENCY,
  PROVINCE,
  CITY,
  COUNTY,
  CODE,
  LEVEL,
  KIND,
  YEAR,
  FORMAT,
  PUBLISHED,
  SCRIPT,
  TITLE,
  SHA256,
  SOURCE_NAME,
  PARSER,
  INPUT_KIND,
  REVISION,
  CURRENT,
  SYNTHETIC,
  STATUS,
  ERRORS,
  CONSISTENCY,
  WARNINGS,
] = LEAD_SQL.map((_, i) => i);

/** reports.csv's leading fields from a lead row, by name (checked against REPORT_FIELDS below). */
const LEAD: Record<string, (row: Value[]) => string> = {
  report_id: (r) => int(r[ID]),
  agency_id: (r) => int(r[AGENCY_ID]),
  agency: (r) => text(r[AGENCY]),
  province: (r) => text(r[PROVINCE]),
  city: (r) => text(r[CITY]),
  county: (r) => text(r[COUNTY]),
  division_code: (r) => text(r[CODE]),
  province_code: (r) => text(provinceCode(r[CODE], r[PROVINCE])),
  city_code: (r) => text(cityCode(r[CODE], r[CITY])),
  county_code: (r) => text(countyCode(r[CODE], r[COUNTY])),
  level: (r) => text(r[LEVEL]),
  kind: (r) => text(r[KIND]),
  year: (r) => int(r[YEAR]),
  format: (r) => text(r[FORMAT]),
  published: (r) => text(r[PUBLISHED]),
  script: (r) => text(r[SCRIPT]),
  title: (r) => text(r[TITLE]),
  source_sha256: (r) => text(r[SHA256]),
  source_name: (r) => text(r[SOURCE_NAME]),
  parser_version: (r) => text(r[PARSER]),
  input_kind: (r) => text(r[INPUT_KIND]),
  revision: (r) => int(r[REVISION]),
  is_current: (r) => bool(r[CURRENT]),
  synthetic: (r) => bool(r[SYNTHETIC]),
  status: (r) => text(r[STATUS]),
  qa_errors: (r) => int(r[ERRORS]),
  qa_consistency_errors: (r) => int(r[CONSISTENCY]),
  qa_warnings: (r) => int(r[WARNINGS]),
};
/** The columns of the lead row: all but the last two, qa_undecidable and qa_unverified, which the pivot counts with the variables. */
const LEAD_FIELDS = REPORT_FIELDS.slice(0, -2);
{
  if (
    REPORT_FIELDS.slice(-2)
      .map((f) => f.name)
      .join() !== "qa_undecidable,qa_unverified" ||
    LEAD_FIELDS.map((f) => f.name).join() !== Object.keys(LEAD).join()
  ) {
    throw new Error("records-sql: LEAD out of step with REPORT_FIELDS");
  }
  const check = (name: Parameters<typeof table>[0], expected: string) => {
    const actual = table(name)
      .fields.map((f) => f.name)
      .join();
    if (actual !== expected) throw new Error(`records-sql: ${name} columns are ${actual}, the SQL writes ${expected}`);
  };
  check("figures_long", "report_id,variable,value,raw,status");
  check("sections", "report_id,section,text");
  check("diagnostics", "diagnostic_id,report_id,code,severity,table_no,row_key,column_key,block,variable,message");
}

const FROM = "FROM report r JOIN agency a ON a.id = r.agency_id";
const LEAD_RENDER = LEAD_FIELDS.map((f) => LEAD[f.name]);

/** A report's reports.csv record up to qa_warnings, from its lead row (query it with rowMode "array"). */
export function leadLine(row: Value[]): string {
  let line = LEAD_RENDER[0](row);
  for (let i = 1; i < LEAD_RENDER.length; i++) line += "," + LEAD_RENDER[i](row);
  return line;
}

/** One row per report, the values of its leading reports.csv columns (see leadLine), by report id. */
export function leadRowsSql(where: string): string {
  const consistency = CONSISTENCY_CODES.map((c) => escapeLiteral(c)).join(", ");
  return `SELECT ${LEAD_SQL.join(", ")}
${FROM}
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
 * figures_long records in primary-key order: report id, then variable name (bytewise). Each report's
 * figures are one index range scan, fenced (OFFSET 0) so the planner cannot turn it into one index probe
 * per codebook variable (seven times slower on a large table); the codebook check stays outside the fence
 * as a hashed `= ANY(…)` filter, for the same reason.
 *
 * `presorted`: the database's collation orders the codebook names bytewise (C, C.UTF-8 …; checked by
 * snapshot.ts), so the primary-key index already yields them in order and the nested loop over the
 * reports (by id) emits the records in order, without a sort — sorting cost half the statement's time.
 * SQL does not promise that order without the full ORDER BY, so the pivot checks it on every chunk
 * (RecordOrderError) and the chunk is read again sorted. Otherwise the records are sorted by
 * `variable COLLATE "C"` inside each report and again in the outer ORDER BY.
 * Codebook order would need a join and a sort per report: a sixth of the export's database time.
 */
export function figuresCopySql(where: string, presorted = false): string {
  if (!where.startsWith("WHERE ")) throw new Error("figuresCopySql: a chunk always has a WHERE clause");
  const collate = presorted ? "" : ' COLLATE "C"';
  return `COPY (SELECT r.id, f.variable, ${figureValue} AS value, f.raw, f.status
${FROM}
CROSS JOIN LATERAL (SELECT * FROM figure WHERE figure.report_id = r.id ORDER BY figure.variable${collate} OFFSET 0) f
${where} AND f.variable = ANY(${CODEBOOK_NAMES})
ORDER BY r.id${presorted ? "" : `, f.variable${collate}`}) TO STDOUT (FORMAT csv)`;
}

/**
 * Whether ORDER BY figure.variable (the column's collation, which the primary-key index follows) puts
 * the codebook names in byte order in this database: always when the column is COLLATE "C" (migration
 * figure-variable-c-collation), else when the database's default collation happens to.
 */
export const PRESORTED_CHECK_SQL = `WITH col AS (
  SELECT c.collname FROM pg_attribute a JOIN pg_collation c ON c.oid = a.attcollation
  WHERE a.attrelid = 'figure'::regclass AND a.attname = 'variable')
SELECT (SELECT collname FROM col) IN ('C', 'POSIX')
  OR ((SELECT collname FROM col) = 'default'
    AND (SELECT array_agg(v ORDER BY v) FROM unnest(${CODEBOOK_NAMES}) v)
      = (SELECT array_agg(v ORDER BY v COLLATE "C") FROM unnest(${CODEBOOK_NAMES}) v)) AS presorted`;

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
