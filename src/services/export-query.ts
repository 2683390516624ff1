/**
 * The export's reads: which reports a set of filters selects, and those reports with their figures,
 * sections and diagnostics, batch by batch, in a fixed order (report id; figures in codebook order;
 * sections in report order; diagnostics by id).
 *
 * Everything is read inside one REPEATABLE READ, READ ONLY transaction, so the count, the report cursor
 * and the per-batch queries see one snapshot even while ingest keeps writing. Reports come from a
 * server-side cursor (DECLARE … / FETCH n): memory stays constant whatever the number of reports.
 */
import type { PoolClient, QueryResultRow } from "pg";
import type { DataSource, QueryRunner } from "typeorm";
import { VARIABLES, type FormatVersion } from "../codebook/index.js";
import type { Kind, Level } from "../parser/types.js";

export interface ExportFilters {
  /** report years (the year reported on) */
  years?: number[];
  provinces?: string[];
  cities?: string[];
  counties?: string[];
  levels?: Level[];
  kinds?: Kind[];
  formatVersions?: FormatVersion[];
  /** every revision, not only the current one per agency and year (default false) */
  allRevisions?: boolean;
  /** invented reports too (default false) */
  includeSynthetic?: boolean;
  /** only reports without any diagnostic of severity error (default false) */
  withoutErrors?: boolean;
}

export interface ReportRow {
  id: number;
  agencyId: number;
  agency: string;
  province: string | null;
  city: string | null;
  county: string | null;
  divisionCode: string | null;
  level: string | null;
  kind: string | null;
  year: number;
  format: string | null;
  /** YYYY-MM-DD */
  published: string | null;
  script: string;
  title: string | null;
  sourceSha256: string;
  sourceName: string;
  parserVersion: string;
  revision: number;
  isCurrent: boolean;
  synthetic: boolean;
  status: string;
}

/** [report id, variable, value as Postgres prints the numeric, raw text, status] — tuples: millions of them. */
export type FigureRow = [reportId: number, variable: string, value: string | null, raw: string | null, status: string];

export interface SectionRow {
  reportId: number;
  key: string;
  text: string;
}

export interface DiagnosticRow {
  id: number;
  reportId: number;
  code: string;
  severity: string;
  tableNo: number | null;
  rowKey: string | null;
  columnKey: string | null;
  block: string | null;
  variable: string | null;
  message: string;
}

export interface ExportBatch {
  reports: ReportRow[];
  /** figures of codebook variables only (a variable unknown to the codebook is not exported) */
  figures: FigureRow[];
  sections: SectionRow[];
  diagnostics: DiagnosticRow[];
}

/** WHERE clause (over `report r JOIN agency a`) and its parameters. */
export function filterSql(filters: ExportFilters): { where: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const any = (column: string, values: readonly unknown[] | undefined, type: string) => {
    if (!values?.length) return;
    params.push(values);
    conditions.push(`${column} = ANY($${params.length}::${type}[])`);
  };
  any("r.year", filters.years, "int");
  any("a.province", filters.provinces, "text");
  any("a.city", filters.cities, "text");
  any("a.county", filters.counties, "text");
  any("a.level", filters.levels, "text");
  any("a.kind", filters.kinds, "text");
  any("r.format", filters.formatVersions, "text");
  if (!filters.allRevisions) conditions.push("r.is_current");
  if (!filters.includeSynthetic) conditions.push("NOT r.synthetic");
  if (filters.withoutErrors) {
    conditions.push("NOT EXISTS (SELECT 1 FROM diagnostic d WHERE d.report_id = r.id AND d.severity = 'error')");
  }
  return { where: conditions.length ? `WHERE ${conditions.join(" AND ")}` : "", params };
}

const REPORT_COLUMNS = `r.id, r.agency_id, a.canonical_name, a.province, a.city, a.county, a.division_code, a.level,
  a.kind, r.year, r.format, r.published::text, r.script, r.title, r.source_file_sha256, s.original_name,
  r.parser_version, r.revision, r.is_current, r.synthetic, r.status`;

const FROM = `FROM report r JOIN agency a ON a.id = r.agency_id JOIN source_file s ON s.sha256 = r.source_file_sha256`;

const CURSOR = "gongkai_export_reports";

export const SECTION_KEYS_ORDER = ["summary", "problems_improvements", "problems", "improvements", "other"];

/** A consistent view of the selected reports; `close()` ends the transaction and frees the connection. */
export interface ExportSnapshot {
  /** number of reports the filters select */
  total: number;
  batches(batchSize?: number): AsyncGenerator<ExportBatch>;
  close(): Promise<void>;
}

export async function openExportSnapshot(ds: DataSource, filters: ExportFilters): Promise<ExportSnapshot> {
  const runner: QueryRunner = ds.createQueryRunner();
  // the pg client itself: we need FETCH with array rows, which TypeORM's query() does not offer
  const client = (await runner.connect()) as PoolClient;
  const { where, params } = filterSql(filters);
  let open = true;
  const close = async () => {
    if (!open) return;
    open = false;
    try {
      await client.query("ROLLBACK"); // read only: nothing to commit
    } finally {
      await runner.release();
    }
  };
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const counted = await client.query<{ n: number }>(`SELECT count(*)::int AS n ${FROM} ${where}`, params);
    const total = counted.rows[0].n;
    await client.query(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR SELECT ${REPORT_COLUMNS} ${FROM} ${where} ORDER BY r.id`, params);
    return { total, batches: (size = 1000) => readBatches(client, size), close };
  } catch (e) {
    await close().catch(() => undefined);
    throw e;
  }
}

async function* readBatches(client: PoolClient, size: number): AsyncGenerator<ExportBatch> {
  const codebook = VARIABLES.map((v) => v.name);
  for (;;) {
    const fetched = await arrays(client, `FETCH ${Math.max(1, Math.floor(size))} FROM ${CURSOR}`);
    if (!fetched.length) return;
    const reports = fetched.map(toReport);
    const ids = reports.map((r) => r.id);
    const [figures, sections, diagnostics] = [
      await arrays(client, `SELECT f.report_id, f.variable, f.value::text, f.raw, f.status
        FROM figure f JOIN unnest($2::text[]) WITH ORDINALITY AS cb(variable, ord) ON cb.variable = f.variable
        WHERE f.report_id = ANY($1::int[]) ORDER BY f.report_id, cb.ord`, [ids, codebook]),
      await arrays(client, `SELECT report_id, key, text FROM section WHERE report_id = ANY($1::int[])
        ORDER BY report_id, array_position($2::text[], key), key`, [ids, SECTION_KEYS_ORDER]),
      await arrays(client, `SELECT id, report_id, code, severity, table_no, row_key, column_key, block, variable, message
        FROM diagnostic WHERE report_id = ANY($1::int[]) ORDER BY report_id, id`, [ids]),
    ];
    yield {
      reports,
      figures: figures as FigureRow[],
      sections: sections.map(([reportId, key, text]) => ({ reportId, key, text }) as SectionRow),
      diagnostics: diagnostics.map(([id, reportId, code, severity, tableNo, rowKey, columnKey, block, variable, message]) =>
        ({ id, reportId, code, severity, tableNo, rowKey, columnKey, block, variable, message }) as DiagnosticRow),
    };
  }
}

async function arrays(client: PoolClient, text: string, values?: unknown[]): Promise<unknown[][]> {
  const result = await client.query<QueryResultRow & unknown[]>({ text, values, rowMode: "array" });
  return result.rows;
}

function toReport(row: unknown[]): ReportRow {
  const [id, agencyId, agency, province, city, county, divisionCode, level, kind, year, format, published, script,
    title, sourceSha256, sourceName, parserVersion, revision, isCurrent, synthetic, status] = row as never[];
  return {
    id, agencyId, agency, province, city, county, divisionCode, level, kind, year, format, published, script, title,
    sourceSha256, sourceName, parserVersion, revision, isCurrent, synthetic, status,
  };
}
