/**
 * Re-parse stored reports from their kept bytes when the parser has moved on: every report whose
 * parser_version is older than the running parser's (or every report, with `all`). Each report is
 * replaced in its own transaction (store.ts replaceReport); one that fails keeps its old data and is
 * reported.
 */
import { join, resolve } from "node:path";
import type { DataSource } from "typeorm";
import { fatalOf } from "../parser/index.js";
import { PARSER_VERSION } from "../parser/version.js";
import { runLanes } from "../util/lanes.js";
import { startProgress, type ProgressOptions } from "../util/progress.js";
import { readBlob, sha256 } from "./blobs.js";
import type { ErrorLog } from "./error-log.js";
import { ParsePool } from "./parse-pool.js";
import { identityProblem } from "./report-status.js";
import { flushCommits } from "./sql.js";
import { replaceReport } from "./store.js";

export interface ReparseOptions {
  dataDir: string;
  errorLog: ErrorLog;
  /** re-parse every report, whatever its parser version */
  all?: boolean;
  workers?: number;
  writers?: number;
  timeoutMs?: number;
  progress?: ProgressOptions["mode"];
  /** parse workers to use (and leave running) instead of starting a pool for this run */
  pool?: ParsePool;
}

export interface ReparseSummary {
  /** reports held */
  reports: number;
  /** reports due (older parser version, or all) */
  due: number;
  reparsed: number;
  failed: number;
  errorsFile: string | null;
  seconds: number;
  peakRssMb: number;
}

/** Compares dotted versions numerically (0.10.0 > 0.9.1); a non-numeric part compares as text. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split("."),
    pb = b.split(".");
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "0",
      y = pb[i] ?? "0";
    const nx = Number(x),
      ny = Number(y);
    const c = Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return Math.sign(c);
  }
  return 0;
}

interface Due {
  id: number;
  parser_version: string;
  storage_path: string;
  original_name: string;
  sha256: string;
}

export async function reparse(ds: DataSource, opts: ReparseOptions): Promise<ReparseSummary> {
  const started = Date.now();
  const dataDir = resolve(opts.dataDir);
  const held = (await ds.query(
    `SELECT r.id, r.parser_version, s.storage_path, s.original_name, s.sha256
     FROM report r JOIN source_file s ON s.sha256 = r.source_file_sha256 ORDER BY r.id`,
  )) as Due[];
  // a report read by a NEWER parser than this one (another checkout ran) is left alone
  const due = held.filter((r) => opts.all || compareVersions(r.parser_version, PARSER_VERSION) < 0);
  const summary: ReparseSummary = {
    reports: held.length,
    due: due.length,
    reparsed: 0,
    failed: 0,
    errorsFile: null,
    seconds: 0,
    peakRssMb: 0,
  };
  const ownPool = !opts.pool && due.length > 0;
  const pool = opts.pool ?? (ownPool ? new ParsePool({ size: opts.workers, timeoutMs: opts.timeoutMs }) : null);
  const progress = startProgress({ label: "reparse", total: due.length, mode: opts.progress });

  const fail = (r: Due, stage: "read" | "parse" | "identify" | "store", reason: string, code?: string) => {
    summary.failed++;
    opts.errorLog.write({
      file: join(dataDir, r.storage_path),
      outcome: "failed",
      stage,
      reason,
      reportId: r.id,
      sha256: r.sha256,
      ...(code ? { code } : {}),
    });
  };

  async function one(r: Due): Promise<void> {
    let bytes: Buffer;
    try {
      bytes = await readBlob(dataDir, r.storage_path);
    } catch (e) {
      return fail(r, "read", `the stored bytes of ${r.original_name} cannot be read: ${(e as Error).message}`);
    }
    if (sha256(bytes) !== r.sha256)
      return fail(r, "read", `the stored bytes of ${r.original_name} are damaged (sha256 differs)`);
    let prepared;
    try {
      prepared = await pool!.parse(bytes, r.original_name);
    } catch (e) {
      return fail(r, "parse", (e as Error).message);
    }
    const fatal = fatalOf(prepared.parsed);
    if (fatal) return fail(r, "parse", fatal.message, fatal.code);
    const problem = identityProblem(prepared.parsed);
    if (problem) return fail(r, "identify", problem);
    try {
      await replaceReport(ds, r.id, prepared);
      summary.reparsed++;
    } catch (e) {
      fail(r, "store", (e as Error).message);
    }
  }

  try {
    await runLanes(due, (pool?.size ?? 1) * 2 + Math.max(1, opts.writers ?? 4), async (r) => {
      await one(r);
      progress.update(summary.reparsed + summary.failed, `reparsed ${summary.reparsed}, failed ${summary.failed}`);
    });
  } finally {
    progress.stop();
    if (ownPool) await pool?.close();
  }
  if (summary.reparsed) await flushCommits(ds); // asynchronous commits (sql.ts) on disk before success is reported
  summary.errorsFile = opts.errorLog.entries ? opts.errorLog.path : null;
  summary.seconds = (Date.now() - started) / 1000;
  summary.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  return summary;
}
