/**
 * The write side behind the API's mutations: re-parse a report from its stored bytes, delete a report,
 * ingest files from a server path or an upload. The writes are ingest's own (src/ingest/one-report.ts,
 * on store.ts: the same place lock, cross-year refresh and status vocabulary as `gongkai ingest`); this
 * service only checks what a caller may ask — file types, sizes, counts, and that a server path lies
 * inside the ingest roots — and turns ingest's errors into API errors.
 */
import { readFile, realpath } from "node:fs/promises";
import { basename, extname, resolve, sep } from "node:path";
import type { DataSource } from "typeorm";
import { discover, MEDIA_TYPES, reasonOf, unsupportedReason } from "../ingest/discover.js";
import { UnidentifiedReportError } from "../ingest/store.js";
import {
  deleteOne,
  ingestBytes,
  readStoredSource,
  reparseOne,
  ReportWriteError,
  type DeleteResult,
  type IngestErrorCode,
  type IngestFileResult,
  type ReparseResult,
} from "../ingest/one-report.js";
import { ApiError, badInput, notFound } from "./errors.js";

export type {
  DeleteResult,
  IngestErrorCode,
  IngestFileResult,
  IngestOutcome,
  ReparseResult,
} from "../ingest/one-report.js";

export interface ReportAdmin {
  reparse(reportId: number): Promise<ReparseResult>;
  delete(reportId: number): Promise<DeleteResult>;
  ingestPath(path: string): Promise<IngestFileResult[]>;
  ingestUpload(filename: string, bytes: Uint8Array): Promise<IngestFileResult>;
}

export const INGEST_LIMITS = { files: 1000, bytes: 32 * 1024 * 1024 };

export interface AdminOptions {
  /** GONGKAI_DATA_DIR: stored source files live under it (src/ingest/blobs.ts) */
  dataDir: string;
  /** folders `ingestPath` may read from (after resolving symlinks); none = path ingest refused */
  ingestRoots: string[];
}

/** ingest's refusals as API errors */
async function asApi<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (e instanceof ReportWriteError)
      throw e.kind === "not-found" ? notFound(e.message) : new ApiError("PARSE_FAILED", e.message);
    throw e;
  }
}

export class ReportAdminService implements ReportAdmin {
  constructor(
    private readonly ds: DataSource,
    private readonly options: AdminOptions,
  ) {}

  async ingestUpload(filename: string, bytes: Uint8Array): Promise<IngestFileResult> {
    const name = basename(filename);
    if (!MEDIA_TYPES[extname(name).toLowerCase()]) throw badInput(`${name}: ${unsupportedReason(name)}`);
    if (bytes.length > INGEST_LIMITS.bytes) throw badInput(`file is larger than ${INGEST_LIMITS.bytes} bytes`);
    return ingestBytes(this.ds, this.options.dataDir, name, name, bytes).catch((e) => masked(name, e));
  }

  async ingestPath(path: string): Promise<IngestFileResult[]> {
    const target = await this.allowedPath(path);
    // every entry accounted for (discover.ts): links leading outside the roots are reported, not followed
    const found = await discover([target], { within: await this.realRoots() });
    if (found.files.length > INGEST_LIMITS.files)
      throw badInput(`more than ${INGEST_LIMITS.files} report files under ${path}`);
    const failed = (file: string, error: string, errorCode: IngestErrorCode): IngestFileResult => ({
      file,
      outcome: "failed",
      reportId: null,
      error,
      errorCode,
    });
    const results: IngestFileResult[] = [
      ...found.unreadable.map((u) => failed(u.path, u.reason, "UNREADABLE")),
      ...found.unsupported.map((u) => failed(u.path, unsupportedReason(u.path), "BAD_INPUT")),
    ];
    for (const file of found.files) {
      if (file.synthetic) {
        results.push(
          failed(
            file.path,
            "in a folder marked as a generated corpus: ingest it with `gongkai ingest --synthetic`",
            "BAD_INPUT",
          ),
        );
        continue;
      }
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
      results.push(
        await ingestBytes(this.ds, this.options.dataDir, file.path, basename(file.path), bytes).catch((e) =>
          masked(file.path, e),
        ),
      );
    }
    return results;
  }

  /** A report's stored source file, as it was received (the explorer's download). */
  async source(reportId: number): Promise<{ bytes: Buffer; originalName: string; mediaType: string }> {
    const { row, bytes } = await asApi(() => readStoredSource(this.ds, this.options.dataDir, reportId));
    return { bytes, originalName: row.original_name, mediaType: row.media_type };
  }

  reparse(reportId: number): Promise<ReparseResult> {
    return asApi(() => reparseOne(this.ds, this.options.dataDir, reportId));
  }

  delete(reportId: number): Promise<DeleteResult> {
    return asApi(() => deleteOne(this.ds, reportId));
  }

  private static within = (p: string, roots: string[]) =>
    roots.some((r) => p === r || p.startsWith(r.endsWith(sep) ? r : r + sep));

  private async realRoots(): Promise<string[]> {
    return (await Promise.all(this.options.ingestRoots.map((r) => realpath(resolve(r)).catch(() => null)))).filter(
      (r): r is string => !!r,
    );
  }

  /** whether a real (symlink-free) path lies inside a root, itself resolved */
  private async inside(real: string): Promise<boolean> {
    return ReportAdminService.within(real, await this.realRoots());
  }

  /**
   * The path when it lies inside an ingest root, both as written and after resolving symlinks; refused
   * otherwise — before looking at the file system, so that nobody can probe for files outside the roots.
   */
  private async allowedPath(path: string): Promise<string> {
    if (!this.options.ingestRoots.length) throw badInput("ingest from a server path is not enabled on this server");
    const lexical = resolve(path);
    if (
      !ReportAdminService.within(
        lexical,
        this.options.ingestRoots.map((r) => resolve(r)),
      )
    )
      throw badInput("path is outside the folders this server ingests from");
    let real: string;
    try {
      real = await realpath(lexical);
    } catch {
      throw notFound(`no such file or folder: ${path}`);
    }
    if (!(await this.inside(real))) throw badInput("path is outside the folders this server ingests from");
    return real;
  }
}

/**
 * A file's failure as the client sees it: the file's own problem as such (UnidentifiedReportError), a
 * fault of the server (the database unreachable, a disk error) as a fixed message with code INTERNAL —
 * logged here with its detail, so no server path, address or SQL reaches the client.
 */
function masked(file: string, e: unknown): IngestFileResult {
  if (e instanceof UnidentifiedReportError)
    return { file, outcome: "failed", reportId: null, error: e.message, errorCode: "BAD_INPUT" };
  console.error(`ingest of ${file} failed:`, e);
  return {
    file,
    outcome: "failed",
    reportId: null,
    error: "internal error while storing the file (the details are in the server's log)",
    errorCode: "INTERNAL",
  };
}
