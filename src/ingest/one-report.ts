/**
 * Single-report writes, as the API's mutations need them: ingest one file's bytes, re-parse one stored
 * report, delete one report. Each is the ingest pipeline's own step (store.ts: the same place lock, the
 * same cross-year refresh, the same status vocabulary), run in this thread without a worker pool — a
 * mutation handles one file at a time. The caller (services/admin.service.ts) checks paths and limits.
 */
import type { DataSource } from "typeorm";
import { fatalOf } from "../parser/index.js";
import { putBlob, readBlob, sha256 } from "./blobs.js";
import { mediaTypeOf } from "./discover.js";
import { prepareReport, type PreparedReport } from "./prepare.js";
import { identityProblem } from "./report-status.js";
import { flushCommits } from "./sql.js";
import { deleteReport, replaceReport, storeParsedReport, type Deleted, type Stored } from "./store.js";

/** What happened to one file (the pipeline's outcomes, less "unsupported": the caller filters types). */
export type IngestOutcome = "stored" | "revision" | "unchanged" | "failed";

/**
 * Why a file failed, for clients: BAD_INPUT (the file itself: unreadable as a report, unidentified, too
 * large, an unsupported type), UNREADABLE (the server could not read it: missing, permission, a FIFO, a
 * dangling link…), INTERNAL (a fault of the server, e.g. the database: logged with its detail, the
 * client gets a fixed message).
 */
export type IngestErrorCode = "BAD_INPUT" | "UNREADABLE" | "INTERNAL";
export interface IngestFileResult {
  file: string;
  outcome: IngestOutcome;
  reportId: number | null;
  error: string | null;
  errorCode: IngestErrorCode | null;
}
export interface ReparseResult {
  reportId: number;
  parserVersion: string;
  diagnostics: number;
  warnings: string[];
}
export type DeleteResult = Deleted;

/** Why a single-report write did not happen: `not-found` (no such report, or its bytes are gone), `unreadable` (the parse failed or names no agency/year). */
export class ReportWriteError extends Error {
  override name = "ReportWriteError";
  constructor(
    readonly kind: "not-found" | "unreadable",
    message: string,
  ) {
    super(message);
  }
}

/** Why prepared bytes cannot be stored (a fatal parse, no agency or year), or null. */
export function unstorable({ parsed }: PreparedReport): string | null {
  const fatal = fatalOf(parsed);
  return fatal ? `${fatal.message} (${fatal.code})` : identityProblem(parsed);
}

/**
 * Ingests one file's bytes: held already (by sha256) → unchanged; otherwise parsed, its bytes kept under
 * `dataDir`, and stored as a new report or a new revision of its agency+year. `file` is how the result
 * names it, `name` the file name the parser and the source_file row see.
 */
export async function ingestBytes(
  ds: DataSource,
  dataDir: string,
  file: string,
  name: string,
  bytes: Uint8Array,
): Promise<IngestFileResult> {
  const sha = sha256(bytes);
  const [held] = await ds.query("SELECT id FROM report WHERE source_file_sha256 = $1 ORDER BY id LIMIT 1", [sha]);
  if (held) return { file, outcome: "unchanged", reportId: held.id, error: null, errorCode: null };
  const prepared = await prepareReport(bytes, name);
  const problem = unstorable(prepared);
  if (problem) return { file, outcome: "failed", reportId: null, error: problem, errorCode: "BAD_INPUT" };
  const storagePath = await putBlob(dataDir, sha, bytes);
  const stored = await storeParsedReport(
    ds,
    prepared,
    { sha256: sha, originalName: name, mediaType: mediaTypeOf(name), size: bytes.length, storagePath },
    { durable: true },
  ); // the answer says "stored": it must survive a crash of the database server
  return {
    file,
    outcome: stored.unchanged ? "unchanged" : stored.addedRevision ? "revision" : "stored",
    reportId: stored.reportId,
    error: null,
    errorCode: null,
  };
}

interface StoredSource {
  id: number;
  year: number;
  agency: string;
  storage_path: string;
  original_name: string;
  media_type: string;
  sha256: string;
}

/** A stored report's source file row and its kept bytes, checked against their sha256 (re-parse, download). */
export async function readStoredSource(
  ds: DataSource,
  dataDir: string,
  reportId: number,
): Promise<{ row: StoredSource; bytes: Buffer }> {
  const [row] = (await ds.query(
    `SELECT r.id, r.year, a.canonical_name AS agency, s.storage_path, s.original_name, s.media_type, s.sha256
     FROM report r JOIN agency a ON a.id = r.agency_id JOIN source_file s ON s.sha256 = r.source_file_sha256 WHERE r.id = $1`,
    [reportId],
  )) as StoredSource[];
  if (!row) throw new ReportWriteError("not-found", `report ${reportId} not found`);
  let bytes: Buffer;
  try {
    bytes = await readBlob(dataDir, row.storage_path);
  } catch {
    throw new ReportWriteError("not-found", `the source file of report ${reportId} is not stored on this server`);
  }
  if (sha256(bytes) !== row.sha256)
    throw new ReportWriteError("not-found", `the stored bytes of report ${reportId} are damaged (sha256 differs)`);
  return { row, bytes };
}

/**
 * Re-parses one stored report from its kept bytes and replaces it (store.ts replaceReport: when the file
 * now names another agency or year, the report moves there, and a warning says so).
 */
export async function reparseOne(ds: DataSource, dataDir: string, reportId: number): Promise<ReparseResult> {
  const { row, bytes } = await readStoredSource(ds, dataDir, reportId);
  const prepared = await prepareReport(bytes, row.original_name);
  const problem = unstorable(prepared);
  if (problem) throw new ReportWriteError("unreadable", `report ${reportId} no longer parses: ${problem}`);
  const stored: Stored = await replaceReport(ds, reportId, prepared);
  await flushCommits(ds); // the API answers "re-parsed": the replacement must survive a database crash
  const [now] = await ds.query(
    "SELECT r.year, a.canonical_name AS agency FROM report r JOIN agency a ON a.id = r.agency_id WHERE r.id = $1",
    [reportId],
  );
  const warnings =
    now && (now.year !== row.year || now.agency !== row.agency)
      ? [
          `the file now reads as ${now.agency} ${now.year}: the report moved there from ${row.agency} ${row.year} (revision ${stored.revision})`,
        ]
      : [];
  const { meta, issues } = prepared.parsed;
  return { reportId, parserVersion: meta.parserVersion, diagnostics: issues.length, warnings };
}

/** Deletes one report (store.ts deleteReport). */
export async function deleteOne(ds: DataSource, reportId: number): Promise<DeleteResult> {
  const deleted = await deleteReport(ds, reportId);
  if (deleted) await flushCommits(ds); // acknowledged deletes survive a database crash too
  if (!deleted) throw new ReportWriteError("not-found", `report ${reportId} not found`);
  return deleted;
}
