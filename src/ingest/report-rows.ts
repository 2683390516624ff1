/**
 * The rows of a report. Each kind goes in as column arrays through `unnest`, so a statement's text never
 * changes with the row count (one prepared statement each) — the figures' already as array literals,
 * built by the parse worker (prepare.ts); a new report goes in as ONE statement
 * (data-modifying CTEs: source file, report, figures, sections, diagnostics, outbox) — ingest is
 * bounded by per-statement work on both sides of the connection.
 */
import type { Diagnostic } from "../parser/diagnostics.js";
import type { SearchOutboxOp } from "../entities/index.js";
import type { PreparedReport } from "./prepare.js";
import type { Sql } from "./sql.js";

const sectionColumns = ({ sections }: PreparedReport) => [
  sections.map((s) => s.key),
  sections.map((s) => s.text),
  sections.map((s) => s.textSimplified),
];

const diagnosticColumns = (issues: Diagnostic[]) => {
  const col = <T>(f: (d: Diagnostic) => T | undefined) => issues.map((d) => f(d) ?? null);
  return [
    col((d) => d.code),
    col((d) => d.severity),
    col((d) => d.where.table),
    col((d) => d.where.row),
    col((d) => d.where.column),
    col((d) => d.where.block),
    col((d) => d.where.variable),
    col((d) => d.message),
  ];
};

const FIGURES_FROM = "unnest($2::text[], $3::numeric[], $4::text[], $5::text[], $6::text[])";
/** the figure columns, and what they are made of from unnest's columns (candidates: see FigureColumns) */
const FIGURE_COLUMNS = "report_id, variable, value, raw, status, candidates";
const FIGURE_VALUES = "u.variable, u.value, u.raw, u.status, string_to_array(u.candidates, ' ')::numeric[]";
const FIGURE_ALIAS = "u(variable, value, raw, status, candidates)";
const SECTIONS_FROM = "unnest($2::text[], $3::text[], $4::text[])";
const DIAGNOSTICS_FROM =
  "unnest($2::text[], $3::text[], $4::smallint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])";
const DIAGNOSTIC_COLUMNS = "report_id, code, severity, table_no, row_key, column_key, block, variable, message";
const DIAGNOSTIC_CASTS = ["text", "text", "smallint", "text", "text", "text", "text", "text"];

/** The file a report was read from. */
export interface SourceInfo {
  sha256: string;
  originalName: string;
  mediaType: string;
  size: number;
  /** where the bytes are kept, relative to the data dir */
  storagePath: string;
}

export interface NewReport {
  agencyId: number;
  year: number;
  revision: number;
  synthetic: boolean;
  /** the new report is the agency-year's current one (revisions.ts): only then is it queued for the index */
  current: boolean;
  /** the report this one supersedes: its search documents go ("delete" outbox row) */
  superseded: number | null;
  /** diagnostics beyond the parse's own (cross-year) */
  extraIssues: Diagnostic[];
}

/** Source file (if new), report, figures, sections, diagnostics and outbox rows in one statement; the report id. */
export async function insertReport(
  sql: Sql,
  prepared: PreparedReport,
  source: SourceInfo,
  r: NewReport,
): Promise<number> {
  const { meta } = prepared.parsed;
  // parameters numbered in the order they are written: the same text every time (one prepared statement)
  const params: unknown[] = [];
  const $ = (value: unknown, cast = "") => `$${params.push(value)}${cast}`;
  const list = (values: readonly unknown[], casts: string[]) =>
    values.map((v, i) => $(v, `::${casts[i]}[]`)).join(", ");
  const sha = $(source.sha256);
  const text = `
    WITH src AS (
      INSERT INTO source_file (sha256, original_name, media_type, size, storage_path)
      VALUES (${sha}, ${$(source.originalName)}, ${$(source.mediaType)}, ${$(source.size)}, ${$(source.storagePath)})
      ON CONFLICT (sha256) DO NOTHING),
    r AS (
      INSERT INTO report (agency_id, year, format, published, script, title, source_file_sha256, parser_version, revision,
        is_current, status, synthetic, input_kind)
      VALUES (${$(r.agencyId)}, ${$(r.year)}, ${$(meta.format)}, ${$(meta.published)}, ${$(meta.script)}, ${$(meta.title)}, ${sha},
        ${$(meta.parserVersion)}, ${$(r.revision)}, ${$(r.current, "::boolean")}, ${$(prepared.status)}, ${$(r.synthetic)}, ${$(meta.inputKind)}) RETURNING id, is_current),
    f AS (INSERT INTO figure (${FIGURE_COLUMNS})
      SELECT r.id, ${FIGURE_VALUES} FROM r, unnest(${list(prepared.figures.columns, ["text", "numeric", "text", "text", "text"])}) ${FIGURE_ALIAS}),
    s AS (INSERT INTO section (report_id, key, text, text_simplified)
      SELECT r.id, u.* FROM r, unnest(${list(sectionColumns(prepared), ["text", "text", "text"])}) u),
    d AS (INSERT INTO diagnostic (${DIAGNOSTIC_COLUMNS})
      SELECT r.id, u.* FROM r, unnest(${list(diagnosticColumns([...prepared.parsed.issues, ...r.extraIssues]), DIAGNOSTIC_CASTS)}) u),
    o AS (INSERT INTO search_outbox (report_id, op)
      SELECT ${$(r.superseded, "::int")}, 'delete' WHERE $${params.length}::int IS NOT NULL UNION ALL SELECT r.id, 'upsert' FROM r WHERE r.is_current)
    SELECT id FROM r`;
  const [row] = await sql<{ id: number }>("report-insert", text, params);
  return row.id;
}

/** Replaces the cross-year diagnostics of a report (one statement). */
export async function replaceCrossYearIssues(sql: Sql, reportId: number, issues: Diagnostic[]): Promise<void> {
  await sql(
    "xy-replace",
    `
    WITH gone AS (DELETE FROM diagnostic WHERE report_id = $1 AND code LIKE 'XY\\_%')
    INSERT INTO diagnostic (${DIAGNOSTIC_COLUMNS}) SELECT $1, u.* FROM ${DIAGNOSTICS_FROM} u`,
    [reportId, ...diagnosticColumns(issues)],
  );
}

export async function insertDiagnostics(sql: Sql, reportId: number, issues: Diagnostic[]): Promise<void> {
  if (!issues.length) return;
  await sql(
    "insert-diagnostics",
    `INSERT INTO diagnostic (${DIAGNOSTIC_COLUMNS}) SELECT $1, u.* FROM ${DIAGNOSTICS_FROM} u`,
    [reportId, ...diagnosticColumns(issues)],
  );
}

export async function insertOutbox(sql: Sql, rows: { reportId: number; op: SearchOutboxOp }[]): Promise<void> {
  if (!rows.length) return;
  await sql("insert-outbox", "INSERT INTO search_outbox (report_id, op) SELECT * FROM unnest($1::int[], $2::text[])", [
    rows.map((r) => r.reportId),
    rows.map((r) => r.op),
  ]);
}

/** Figures, sections and the parse's diagnostics of an existing report (reparse). */
export async function insertContent(sql: Sql, reportId: number, prepared: PreparedReport): Promise<void> {
  if (prepared.figures.count) {
    await sql(
      "insert-figures",
      `INSERT INTO figure (${FIGURE_COLUMNS}) SELECT $1, ${FIGURE_VALUES} FROM ${FIGURES_FROM} ${FIGURE_ALIAS}`,
      [reportId, ...prepared.figures.columns],
    );
  }
  if (prepared.sections.length) {
    await sql(
      "insert-sections",
      `INSERT INTO section (report_id, key, text, text_simplified) SELECT $1, u.* FROM ${SECTIONS_FROM} u`,
      [reportId, ...sectionColumns(prepared)],
    );
  }
  await insertDiagnostics(sql, reportId, prepared.parsed.issues);
}

export async function deleteContent(sql: Sql, reportId: number): Promise<void> {
  await sql("delete-figures", "DELETE FROM figure WHERE report_id = $1", [reportId]);
  await sql("delete-sections", "DELETE FROM section WHERE report_id = $1", [reportId]);
  await sql("delete-diagnostics", "DELETE FROM diagnostic WHERE report_id = $1", [reportId]);
}
