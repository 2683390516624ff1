/**
 * The rows that hang off a report (figures, sections, diagnostics, outbox), each kind written by one
 * statement whatever the row count: columns go in as arrays and come out of `unnest`.
 */
import type { Diagnostic } from "../parser/diagnostics.js";
import type { SearchOutboxOp } from "../entities/index.js";
import type { PreparedReport } from "./prepare.js";
import type { Sql } from "./sql.js";

export async function insertFigures(sql: Sql, reportId: number, { parsed }: PreparedReport): Promise<void> {
  const vars = Object.keys(parsed.values);
  if (!vars.length) return;
  await sql("insert-figures",
    `INSERT INTO figure (report_id, variable, value, raw, status)
     SELECT $1, * FROM unnest($2::text[], $3::numeric[], $4::text[], $5::text[])`,
    [reportId, vars, vars.map((v) => parsed.values[v]), vars.map((v) => parsed.cells[v]?.raw ?? null),
      vars.map((v) => parsed.cells[v]?.status ?? "missing")]);
}

export async function insertSections(sql: Sql, reportId: number, { sections }: PreparedReport): Promise<void> {
  if (!sections.length) return;
  await sql("insert-sections",
    `INSERT INTO section (report_id, key, text, text_simplified, tokens)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])`,
    [reportId, sections.map((s) => s.key), sections.map((s) => s.text), sections.map((s) => s.textSimplified),
      sections.map((s) => s.tokens)]);
}

export async function insertDiagnostics(sql: Sql, reportId: number, issues: Diagnostic[]): Promise<void> {
  if (!issues.length) return;
  const col = <T>(f: (d: Diagnostic) => T | undefined) => issues.map((d) => f(d) ?? null);
  await sql("insert-diagnostics",
    `INSERT INTO diagnostic (report_id, code, severity, table_no, row_key, column_key, block, variable, message)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::smallint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])`,
    [reportId, col((d) => d.code), col((d) => d.severity), col((d) => d.where.table), col((d) => d.where.row),
      col((d) => d.where.column), col((d) => d.where.block), col((d) => d.where.variable), col((d) => d.message)]);
}

export async function insertOutbox(sql: Sql, rows: { reportId: number; op: SearchOutboxOp }[]): Promise<void> {
  if (!rows.length) return;
  await sql("insert-outbox", "INSERT INTO search_outbox (report_id, op) SELECT * FROM unnest($1::int[], $2::text[])",
    [rows.map((r) => r.reportId), rows.map((r) => r.op)]);
}

/** Figures, sections and the parse's diagnostics of a report (cross-year ones are refreshed separately). */
export async function insertContent(sql: Sql, reportId: number, prepared: PreparedReport): Promise<void> {
  await insertFigures(sql, reportId, prepared);
  await insertSections(sql, reportId, prepared);
  await insertDiagnostics(sql, reportId, prepared.parsed.issues);
}

export async function deleteContent(sql: Sql, reportId: number): Promise<void> {
  await sql("delete-figures", "DELETE FROM figure WHERE report_id = $1", [reportId]);
  await sql("delete-sections", "DELETE FROM section WHERE report_id = $1", [reportId]);
  await sql("delete-diagnostics", "DELETE FROM diagnostic WHERE report_id = $1", [reportId]);
}
