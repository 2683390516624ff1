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
import { discover, MEDIA_TYPES } from "../ingest/discover.js";
import {
  deleteOne, ingestBytes, readStoredSource, reparseOne, ReportWriteError, type DeleteResult, type IngestFileResult, type ReparseResult,
} from "../ingest/one-report.js";
import { ApiError, badInput, notFound } from "./errors.js";

export type { DeleteResult, IngestFileResult, IngestOutcome, ReparseResult } from "../ingest/one-report.js";

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
    if (e instanceof ReportWriteError) throw e.kind === "not-found" ? notFound(e.message) : new ApiError("PARSE_FAILED", e.message);
    throw e;
  }
}

export class ReportAdminService implements ReportAdmin {
  constructor(private readonly ds: DataSource, private readonly options: AdminOptions) {}

  async ingestUpload(filename: string, bytes: Uint8Array): Promise<IngestFileResult> {
    const name = basename(filename);
    if (!MEDIA_TYPES[extname(name).toLowerCase()]) throw badInput(`unsupported file type: ${name} (${Object.keys(MEDIA_TYPES).join(" ")})`);
    if (bytes.length > INGEST_LIMITS.bytes) throw badInput(`file is larger than ${INGEST_LIMITS.bytes} bytes`);
    return ingestBytes(this.ds, this.options.dataDir, name, name, bytes);
  }

  async ingestPath(path: string): Promise<IngestFileResult[]> {
    const target = await this.allowedPath(path);
    const found = await discover([target]);
    if (found.files.length > INGEST_LIMITS.files) throw badInput(`more than ${INGEST_LIMITS.files} report files under ${path}`);
    const results: IngestFileResult[] = found.unreadable.map((u) => ({ file: u.path, outcome: "failed", reportId: null, error: u.reason }));
    for (const { path: file, synthetic } of found.files) {
      try {
        // the walk follows symbolic links: each file must still lie inside a root
        if (!(await this.inside(await realpath(file)))) throw new Error("outside the folders this server ingests from");
        if (synthetic) throw new Error("in a folder marked as a generated corpus: ingest it with `gongkai ingest --synthetic`");
        const bytes = await readFile(file);
        if (bytes.length > INGEST_LIMITS.bytes) throw new Error(`larger than ${INGEST_LIMITS.bytes} bytes`);
        results.push(await ingestBytes(this.ds, this.options.dataDir, file, basename(file), bytes));
      } catch (e) {
        results.push({ file, outcome: "failed", reportId: null, error: (e as Error).message });
      }
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

  private static within = (p: string, roots: string[]) => roots.some((r) => p === r || p.startsWith(r.endsWith(sep) ? r : r + sep));

  /** whether a real (symlink-free) path lies inside a root, itself resolved */
  private async inside(real: string): Promise<boolean> {
    const realRoots = (await Promise.all(this.options.ingestRoots.map((r) => realpath(resolve(r)).catch(() => null)))).filter((r): r is string => !!r);
    return ReportAdminService.within(real, realRoots);
  }

  /**
   * The path when it lies inside an ingest root, both as written and after resolving symlinks; refused
   * otherwise — before looking at the file system, so that nobody can probe for files outside the roots.
   */
  private async allowedPath(path: string): Promise<string> {
    if (!this.options.ingestRoots.length) throw badInput("ingest from a server path is not enabled on this server");
    const lexical = resolve(path);
    if (!ReportAdminService.within(lexical, this.options.ingestRoots.map((r) => resolve(r)))) throw badInput("path is outside the folders this server ingests from");
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
