/**
 * The write side behind the API's mutations: re-parse a report from its stored bytes, delete a report,
 * ingest files from a server path or an upload. Declared as an interface so the full ingest pipeline
 * (src/ingest, worker pool and agency identity) can take over; ReportAdminService does it with what the
 * store offers today: parseReport + storeParsedReport per file, one transaction per report.
 */
import { readFile, realpath } from "node:fs/promises";
import { basename, extname, resolve, sep } from "node:path";
import type { DataSource, EntityManager } from "typeorm";
import { putBlob, readBlob, sha256 } from "../ingest/blobs.js";
import { discover, reasonOf, unsupportedReason } from "../ingest/discover.js";
import { identityProblem } from "../ingest/report-status.js";
import { storeParsedReport, UnidentifiedReportError } from "../ingest/store.js";
import { fatalOf, parseReport, type ParseResult } from "../parser/index.js";
import type { SectionKey } from "../parser/types.js";
import { indexTokens, normalizeText } from "../search/segment.js";
import { ApiError, badInput, notFound } from "./errors.js";

export type IngestOutcome = "stored" | "revision" | "unchanged" | "failed";
/**
 * Why a file failed, for clients: BAD_INPUT (the file itself: unreadable as a report, unidentified, too
 * large, an unsupported type), UNREADABLE (the server could not read it: missing, permission, a FIFO, a
 * dangling link…), INTERNAL (a fault of the server, e.g. the database: logged with its detail, the
 * client gets a fixed message).
 */
export type IngestErrorCode = "BAD_INPUT" | "UNREADABLE" | "INTERNAL";
export interface IngestFileResult {
  file: string; outcome: IngestOutcome; reportId: number | null; error: string | null; errorCode: IngestErrorCode | null;
}
export interface ReparseResult { reportId: number; parserVersion: string; diagnostics: number; warnings: string[] }
export interface DeleteResult { reportId: number; /** the older revision that became current, if any */ promotedId: number | null }

export interface ReportAdmin {
  reparse(reportId: number): Promise<ReparseResult>;
  delete(reportId: number): Promise<DeleteResult>;
  ingestPath(path: string): Promise<IngestFileResult[]>;
  ingestUpload(filename: string, bytes: Uint8Array): Promise<IngestFileResult>;
}

export const MEDIA_TYPES: Record<string, string> = {
  ".txt": "text/plain", ".md": "text/markdown", ".html": "text/html", ".htm": "text/html", ".pdf": "application/pdf",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};
export const INGEST_LIMITS = { files: 1000, bytes: 32 * 1024 * 1024 };

export interface AdminOptions {
  /** GONGKAI_DATA_DIR: stored source files live under `<dataDir>/files/ab/cdef…` */
  dataDir: string;
  /** folders `ingestPath` may read from (after resolving symlinks); none = path ingest refused */
  ingestRoots: string[];
}


export class ReportAdminService implements ReportAdmin {
  constructor(private readonly ds: DataSource, private readonly options: AdminOptions) {}

  async ingestUpload(filename: string, bytes: Uint8Array): Promise<IngestFileResult> {
    const name = basename(filename);
    if (!MEDIA_TYPES[extname(name).toLowerCase()]) throw badInput(`${name}: ${unsupportedReason(name)}`);
    if (bytes.length > INGEST_LIMITS.bytes) throw badInput(`file is larger than ${INGEST_LIMITS.bytes} bytes`);
    return this.ingestBytes(name, name, bytes).catch((e) => masked(name, e));
  }

  async ingestPath(path: string): Promise<IngestFileResult[]> {
    const target = await this.allowedPath(path);
    // every entry accounted for (discover.ts): links leading outside the roots are reported, not followed
    const found = await discover([target], { within: await this.realRoots() });
    if (found.files.length > INGEST_LIMITS.files) throw badInput(`more than ${INGEST_LIMITS.files} report files under ${path}`);
    const failed = (file: string, error: string, errorCode: IngestErrorCode): IngestFileResult => ({ file, outcome: "failed", reportId: null, error, errorCode });
    const results: IngestFileResult[] = [
      ...found.unreadable.map((u) => failed(u.path, u.reason, "UNREADABLE")),
      ...found.unsupported.map((u) => failed(u.path, unsupportedReason(u.path), "BAD_INPUT")),
    ];
    for (const file of found.files) {
      let bytes: Buffer;
      try {
        bytes = await readFile(file.raw ?? file.path);
      } catch (e) {
        results.push(failed(file.path, reasonOf(e), "UNREADABLE"));
        continue;
      }
      if (bytes.length > INGEST_LIMITS.bytes) {
        results.push(failed(file.path, `larger than ${INGEST_LIMITS.bytes} bytes`, "BAD_INPUT"));
        continue;
      }
      results.push(await this.ingestBytes(file.path, basename(file.path), bytes).catch((e) => masked(file.path, e)));
    }
    return results;
  }

  private async ingestBytes(file: string, name: string, bytes: Uint8Array): Promise<IngestFileResult> {
    const sha = sha256(bytes);
    const [seen] = await this.ds.query("SELECT id FROM report WHERE source_file_sha256 = $1 AND is_current LIMIT 1", [sha]);
    if (seen) return { file, outcome: "unchanged", reportId: seen.id, error: null, errorCode: null };
    const parsed = await parseReport(bytes, { filename: name });
    const fatal = fatalOf(parsed);
    if (fatal) return { file, outcome: "failed", reportId: null, error: `${fatal.message} (${fatal.code})`, errorCode: "BAD_INPUT" };
    const problem = identityProblem(parsed);
    if (problem) return { file, outcome: "failed", reportId: null, error: problem, errorCode: "BAD_INPUT" };
    const storagePath = await putBlob(this.options.dataDir, sha, bytes);
    const stored = await storeParsedReport(this.ds, parsed, {
      sha256: sha, originalName: name, mediaType: MEDIA_TYPES[extname(name).toLowerCase()] ?? "application/octet-stream",
      size: bytes.length, storagePath,
    }, { durable: true }); // the answer says "stored": it must survive a crash of the database server
    return { file, outcome: stored.addedRevision ? "revision" : "stored", reportId: stored.reportId, error: null, errorCode: null };
  }

  private async realRoots(): Promise<string[]> {
    return (await Promise.all(this.options.ingestRoots.map((r) => realpath(resolve(r)).catch(() => null)))).filter((r): r is string => !!r);
  }

  /**
   * The path when it lies inside an ingest root, both as written and after resolving symlinks; refused
   * otherwise — before looking at the file system, so that nobody can probe for files outside the roots.
   */
  private async allowedPath(path: string): Promise<string> {
    if (!this.options.ingestRoots.length) throw badInput("ingest from a server path is not enabled on this server");
    const inside = (p: string, roots: string[]) => roots.some((r) => p === r || p.startsWith(r.endsWith(sep) ? r : r + sep));
    const lexical = resolve(path);
    if (!inside(lexical, this.options.ingestRoots.map((r) => resolve(r)))) throw badInput("path is outside the folders this server ingests from");
    let real: string;
    try {
      real = await realpath(lexical);
    } catch {
      throw notFound(`no such file or folder: ${path}`);
    }
    if (!inside(real, await this.realRoots())) throw badInput("path is outside the folders this server ingests from");
    return real;
  }

  async reparse(reportId: number): Promise<ReparseResult> {
    const [row] = await this.ds.query(
      `SELECT r.id, r.year, a.canonical_name AS agency, s.storage_path AS "storagePath", s.original_name AS "originalName"
       FROM report r JOIN agency a ON a.id = r.agency_id JOIN source_file s ON s.sha256 = r.source_file_sha256 WHERE r.id = $1`,
      [reportId],
    );
    if (!row) throw notFound(`report ${reportId} not found`);
    let bytes: Buffer;
    try {
      bytes = await readBlob(this.options.dataDir, row.storagePath);
    } catch {
      throw notFound(`the source file of report ${reportId} is not stored on this server (${row.storagePath})`);
    }
    const parsed = await parseReport(bytes, { filename: row.originalName });
    const fatal = fatalOf(parsed);
    if (fatal) throw new ApiError("PARSE_FAILED", `report ${reportId} no longer parses: ${fatal.message} (${fatal.code})`);
    const warnings: string[] = [];
    if (parsed.meta.year !== row.year || (parsed.meta.agency && parsed.meta.agency !== row.agency)) {
      // a changed identity would move the report to another agency/year: kept as it was, and said so
      warnings.push(`the file now reads as ${parsed.meta.agency ?? "?"} ${parsed.meta.year ?? "?"}; kept as ${row.agency} ${row.year}`);
    }
    await this.ds.transaction((m) => replaceContent(m, reportId, parsed));
    return { reportId, parserVersion: parsed.meta.parserVersion, diagnostics: parsed.issues.length, warnings };
  }

  async delete(reportId: number): Promise<DeleteResult> {
    return this.ds.transaction(async (m) => {
      const [r] = await m.query("SELECT id, agency_id, year, is_current FROM report WHERE id = $1 FOR UPDATE", [reportId]);
      if (!r) throw notFound(`report ${reportId} not found`);
      await m.query("SELECT pg_advisory_xact_lock($1, $2)", [r.agency_id, r.year]); // as store.ts, against concurrent revisions
      await m.query("DELETE FROM report WHERE id = $1", [reportId]); // figures, sections, diagnostics cascade
      await m.query("INSERT INTO search_outbox (report_id, op) VALUES ($1, 'delete')", [reportId]);
      let promotedId: number | null = null;
      if (r.is_current) {
        // the latest remaining revision of that agency+year takes over
        const [prev] = await m.query(
          "SELECT id FROM report WHERE agency_id = $1 AND year = $2 ORDER BY revision DESC LIMIT 1", [r.agency_id, r.year]);
        if (prev) {
          await m.query("UPDATE report SET is_current = true WHERE id = $1", [prev.id]);
          await m.query("INSERT INTO search_outbox (report_id, op) VALUES ($1, 'upsert')", [prev.id]);
          promotedId = prev.id;
        }
      }
      return { reportId, promotedId };
    });
  }
}

/** Replaces figures, sections and diagnostics of a report with a new parse, and queues it for the index. */
async function replaceContent(m: EntityManager, reportId: number, parsed: ParseResult): Promise<void> {
  await m.query("SELECT 1 FROM report WHERE id = $1 FOR UPDATE", [reportId]);
  for (const table of ["figure", "section", "diagnostic"]) await m.query(`DELETE FROM ${table} WHERE report_id = $1`, [reportId]);
  const figures = Object.entries(parsed.values);
  if (figures.length) {
    await m.query(
      `INSERT INTO figure (report_id, variable, value, raw, status)
       SELECT $1, * FROM unnest($2::text[], $3::numeric[], $4::text[], $5::text[])`,
      [reportId, figures.map(([v]) => v), figures.map(([, x]) => x), figures.map(([v]) => parsed.cells[v]?.raw ?? null),
        figures.map(([v]) => parsed.cells[v]?.status ?? "missing")],
    );
  }
  const sections = (Object.entries(parsed.sections) as [SectionKey, string][]).filter(([, t]) => t);
  for (const [key, text] of sections) {
    await m.query("INSERT INTO section (report_id, key, text, text_simplified, tokens) VALUES ($1, $2, $3, $4, $5)",
      [reportId, key, text, normalizeText(text), indexTokens(text).join(" ")]);
  }
  for (const d of parsed.issues) {
    await m.query(
      `INSERT INTO diagnostic (report_id, code, severity, table_no, row_key, column_key, block, variable, message)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [reportId, d.code, d.severity, d.where.table ?? null, d.where.row ?? null, d.where.column ?? null, d.where.block ?? null,
        d.where.variable ?? null, d.message],
    );
  }
  await m.query(
    `UPDATE report SET format = $2, published = $3, script = $4, title = $5, parser_version = $6, status = 'parsed' WHERE id = $1`,
    [reportId, parsed.meta.format, parsed.meta.published, parsed.meta.script, parsed.meta.title, parsed.meta.parserVersion],
  );
  await m.query("INSERT INTO search_outbox (report_id, op) VALUES ($1, 'upsert')", [reportId]);
}

/**
 * A file's failure as the client sees it: the file's own problem as such (UnidentifiedReportError), a
 * fault of the server (the database unreachable, a disk error) as a fixed message with code INTERNAL —
 * logged here with its detail, so no server path, address or SQL reaches the client.
 */
function masked(file: string, e: unknown): IngestFileResult {
  if (e instanceof UnidentifiedReportError) return { file, outcome: "failed", reportId: null, error: e.message, errorCode: "BAD_INPUT" };
  console.error(`ingest of ${file} failed:`, e);
  return { file, outcome: "failed", reportId: null, error: "internal error while storing the file (the details are in the server's log)", errorCode: "INTERNAL" };
}
