/**
 * The export's reads: which reports a set of filters selects, what they hold (for the data card), and
 * their records of every table rendered as CSV by Postgres (export/records-sql.ts), chunk by chunk in
 * report-id order.
 *
 * Postgres does the formatting of the long tables (one backend per worker, one core each): they come as
 * COPY … TO STDOUT (FORMAT csv) output; the reports' leading columns come as values, written by Node,
 * and each chunk's figures are pivoted into the reports' variable columns as soon as they arrive.
 *
 * One snapshot for everything: the main connection opens a REPEATABLE READ, READ ONLY transaction and
 * exports its snapshot; worker connections import it, so every chunk sees the same data even while
 * ingest keeps writing. The main connection walks the selected report ids with a server-side cursor
 * (DECLARE … / FETCH n) and hands out chunks of ids to the workers, which render them in parallel;
 * chunks are yielded in order.
 * Memory stays bounded by the chunks in flight, whatever the number of reports.
 *
 * The filters compile through the API's `where` (services/where.ts), so an export and a `reports` query
 * select the same reports for the same conditions; the values are written into the SQL as escaped
 * literals (InlineParams), so the same text serves every chunk.
 */
import { escapeLiteral, type PoolClient } from "pg";
import type { DataSource, QueryRunner } from "typeorm";
import type { FormatVersion } from "../codebook/index.js";
import { copyOut } from "../db/copy-out.js";
import {
  PRESORTED_CHECK_SQL,
  diagnosticsCopySql,
  figuresCopySql,
  leadLine,
  leadRowsSql,
  sectionsCopySql,
} from "./records-sql.js";
import { RecordOrderError, pivotChunk, type ChunkWide } from "./wide.js";
import type { Kind, Level } from "../parser/types.js";
import { InlineParams } from "../services/sql.js";
import { reportCondition, type ReportWhere } from "../services/where.js";

/** The list filters: their field in ExportFilters, command-line option and the `where` field they constrain. */
export const LIST_FILTERS = [
  { field: "years", option: "years", where: "year" },
  { field: "provinces", option: "province", where: "province" },
  { field: "cities", option: "city", where: "city" },
  { field: "counties", option: "county", where: "county" },
  { field: "levels", option: "level", where: "level" },
  { field: "kinds", option: "kind", where: "kind" },
  { field: "formatVersions", option: "format-version", where: "format" },
] as const satisfies readonly { field: keyof ExportFilters; option: string; where: keyof ReportWhere }[];

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

/** The export's filters as the API's report `where`. */
export function exportWhere(filters: ExportFilters): ReportWhere {
  const where: ReportWhere = {};
  for (const { field, where: key } of LIST_FILTERS) {
    const values = filters[field];
    if (values?.length) (where as Record<string, unknown>)[key] = { _in: [...values] };
  }
  // a where that mentions isCurrent decides about revisions itself: "is_current is not null" is every one
  if (filters.allRevisions) where.isCurrent = { _is_null: false };
  if (!filters.includeSynthetic) where.synthetic = { _eq: false };
  if (filters.withoutErrors) where._not = { diagnostic: { severity: { _eq: "error" } } };
  return where;
}

/** WHERE clause over `report r JOIN agency a`, values written as SQL literals (the same text for every chunk). */
export function filterSql(filters: ExportFilters): string {
  return reportCondition(exportWhere(filters), new InlineParams());
}

/** What the selection holds: report-level tallies for the data card. */
export interface ExportSummary {
  reports: number;
  agencies: number;
  synthetic: number;
  /** reports with at least one diagnostic of severity error */
  withErrors: number;
  byYear: [number, number][];
  byFormat: [string, number][];
  byLevel: [string, number][];
  byParserVersion: [string, number][];
}

export type { Misfit } from "./wide.js";

/** The records of one chunk of reports, rendered by Postgres, ready to append. */
export interface ExportChunk {
  /** the chunk's reports, in id order */
  ids: number[];
  /** per report, its reports.csv record up to qa_warnings (records-sql.ts leadLine) */
  leadLines: string[];
  /** the rest of each report's record, pivoted from `figures` (wide.ts) */
  wide: ChunkWide;
  /** COPY output — whole LF-terminated CSV records, in order — and record counts */
  figures: Buffer[];
  figureRows: number;
  sections: Buffer[];
  sectionRows: number;
  diagnostics: Buffer[];
  diagnosticRows: number;
}

export interface ExportSnapshot {
  summary: ExportSummary;
  /** the selected reports in id order, `size` per chunk */
  chunks(size?: number): AsyncGenerator<ExportChunk>;
  close(): Promise<void>;
}

export interface SnapshotOptions {
  /** connections rendering chunks in parallel (default 2) */
  workers?: number;
  /** false: always have Postgres sort the figures (tests compare both ways) */
  presorted?: boolean;
  /** tests: the statement for reads without a sort, to make one return records out of order */
  unsortedFiguresSql?: (where: string) => string;
}

const FROM = "FROM report r JOIN agency a ON a.id = r.agency_id";
const CURSOR = "gongkai_export_ids";

interface Connection {
  client: PoolClient;
  runner: QueryRunner;
}

export async function openExportSnapshot(
  ds: DataSource,
  filters: ExportFilters,
  options: SnapshotOptions = {},
): Promise<ExportSnapshot> {
  const where = filterSql(filters);
  const whereSql = where ? `WHERE ${where}` : "";
  const connections: Connection[] = [];
  const connect = async () => {
    const runner = ds.createQueryRunner();
    // the pg client itself: DECLARE/FETCH and COPY, which TypeORM's query() does not offer
    const connection = { client: (await runner.connect()) as PoolClient, runner };
    connections.push(connection);
    return connection;
  };
  let open = true;
  const close = async () => {
    if (!open) return;
    open = false;
    for (const c of connections) {
      await c.client.query("ROLLBACK").catch(() => undefined); // read only: nothing to commit
      await c.runner.release();
    }
  };

  try {
    const main = await connect();
    await main.client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const [{ snapshot }] = (await main.client.query<{ snapshot: string }>("SELECT pg_export_snapshot() AS snapshot"))
      .rows;
    const summary = await summarise(main.client, whereSql);
    const workers: Connection[] = [];
    for (let i = 0; i < Math.max(1, options.workers ?? 2); i++) {
      const w = await connect();
      await w.client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      await w.client.query(`SET TRANSACTION SNAPSHOT ${escapeLiteral(snapshot)}`);
      workers.push(w);
    }
    const [{ presorted }] = (await main.client.query<{ presorted: boolean }>(PRESORTED_CHECK_SQL)).rows;
    await main.client.query(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR SELECT r.id ${FROM} ${whereSql} ORDER BY r.id`);
    const unsorted =
      presorted && options.presorted !== false
        ? (options.unsortedFiguresSql ?? ((w: string) => figuresCopySql(w, true)))
        : null;
    return { summary, chunks: (size = 2000) => readChunks(main.client, workers, where, size, unsorted), close };
  } catch (e) {
    await close();
    throw e;
  }
}

async function summarise(client: PoolClient, whereSql: string): Promise<ExportSummary> {
  const q = async <T>(sql: string) => (await client.query(sql)).rows as T[];
  const groups = async <K>(column: string) =>
    (
      await q<{ k: K; n: number }>(
        `SELECT ${column} AS k, count(*)::int AS n ${FROM} ${whereSql} GROUP BY 1 ORDER BY 1`,
      )
    ).map((r) => [r.k, r.n] as [K, number]);
  const [totals] = await q<{ reports: number; agencies: number; synthetic: number; with_errors: number }>(`
    SELECT count(*)::int AS reports, count(DISTINCT r.agency_id)::int AS agencies,
      count(*) FILTER (WHERE r.synthetic)::int AS synthetic,
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM diagnostic d WHERE d.report_id = r.id AND d.severity = 'error'))::int AS with_errors
    ${FROM} ${whereSql}`);
  return {
    reports: totals.reports,
    agencies: totals.agencies,
    synthetic: totals.synthetic,
    withErrors: totals.with_errors,
    byYear: await groups<number>("r.year::int"),
    byFormat: await groups<string>("coalesce(r.format, '(unknown)')"),
    byLevel: await groups<string>("coalesce(a.level, '(unknown)')"),
    byParserVersion: await groups<string>("r.parser_version"),
  };
}

/** `unsorted`: the figures statement without sorts, when the index order can be relied on (else null). */
type UnsortedSql = ((where: string) => string) | null;

async function* readChunks(
  main: PoolClient,
  workers: Connection[],
  where: string,
  size: number,
  unsorted: UnsortedSql,
): AsyncGenerator<ExportChunk> {
  const inFlight: Promise<ExportChunk>[] = [];
  let next = 0;
  let exhausted = false;
  try {
    for (;;) {
      while (!exhausted && inFlight.length < workers.length) {
        const ids = (await main.query<{ id: number }>(`FETCH ${Math.max(1, Math.floor(size))} FROM ${CURSOR}`)).rows;
        if (!ids.length) {
          exhausted = true;
          break;
        }
        const range = `r.id BETWEEN ${ids[0].id} AND ${ids[ids.length - 1].id}`;
        const chunk = renderChunk(
          workers[next++ % workers.length].client,
          where ? `WHERE ${where} AND ${range}` : `WHERE ${range}`,
          unsorted,
        );
        chunk.catch(() => undefined); // awaited in order below; this only keeps it from being "unhandled" meanwhile
        inFlight.push(chunk);
      }
      const chunk = inFlight.shift();
      if (!chunk) return;
      yield await chunk;
    }
  } finally {
    await Promise.allSettled(inFlight); // leave no query running on a connection about to be released
  }
}

/**
 * One chunk on one worker: its statements run one after another on that connection. The figures are
 * pivoted here, which also checks their order: records read without a sort (`unsorted`) that arrive out
 * of order — a plan SQL allows but the planner does not choose for this statement — are read again sorted.
 */
async function renderChunk(client: PoolClient, where: string, unsorted: UnsortedSql): Promise<ExportChunk> {
  const lead = await client.query<unknown[]>({ text: leadRowsSql(where), rowMode: "array" });
  const collect = async (sql: string) => {
    const blocks: Buffer[] = [];
    const rows = await copyOut(client, sql, (b) => {
      blocks.push(b);
    });
    return { blocks, rows };
  };
  let figures = await collect(unsorted ? unsorted(where) : figuresCopySql(where, false));
  let wide: ChunkWide;
  try {
    wide = pivotChunk(figures.blocks);
  } catch (e) {
    if (!unsorted || !(e instanceof RecordOrderError)) throw e;
    figures = await collect(figuresCopySql(where, false));
    wide = pivotChunk(figures.blocks);
  }
  const sections = await collect(sectionsCopySql(where));
  const diagnostics = await collect(diagnosticsCopySql(where));
  return {
    ids: lead.rows.map((r) => r[0] as number),
    leadLines: lead.rows.map((r) => leadLine(r as Parameters<typeof leadLine>[0])),
    wide,
    figures: figures.blocks,
    figureRows: figures.rows,
    sections: sections.blocks,
    sectionRows: sections.rows,
    diagnostics: diagnostics.blocks,
    diagnosticRows: diagnostics.rows,
  };
}
