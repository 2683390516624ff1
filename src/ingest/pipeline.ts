/**
 * An ingest run: files → sha256 → (already held? unchanged) → parse in worker threads → keep the bytes
 * → one transaction per report. Parsing is CPU-bound and runs on every core; the database writes are
 * I/O-bound and run a few at a time on this thread. One bad file never stops the batch: it becomes an
 * entry of the error log and the run goes on.
 */
import { readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import type { DataSource } from "typeorm";
import { fatalOf } from "../parser/index.js";
import { runLanes } from "../util/lanes.js";
import { startProgress, type ProgressOptions } from "../util/progress.js";
import { BlobCheck, putBlob, sha256 } from "./blobs.js";
import { discover, mediaTypeOf, reasonOf, unsupportedReason, type FoundFile } from "./discover.js";
import type { ErrorEntry, ErrorLog, ErrorStage } from "./error-log.js";
import { ParsePool } from "./parse-pool.js";
import { agencyIdentity } from "../parser/agency-identity.js";
import { HeldCheck } from "./held-check.js";
import { agencyLockKey } from "./agency-store.js";
import type { IngestOutcome } from "./one-report.js";
import { identityProblem, REPORT_STATUSES, type ReportStatus } from "./report-status.js";
import { flushCommits } from "./sql.js";
import { storeParsedReport } from "./store.js";
import { WriteScheduler } from "./write-scheduler.js";

export interface IngestOptions {
  /** GONGKAI_DATA_DIR: the original bytes are kept under `<dataDir>/files` */
  dataDir: string;
  errorLog: ErrorLog;
  /** the files are invented reports (generated corpus, demo data) */
  synthetic?: boolean;
  /** parse worker threads (default: one per core) */
  workers?: number;
  /** report transactions in flight at once (default 4) */
  writers?: number;
  /** per-file parse time limit (default 120 s) */
  timeoutMs?: number;
  progress?: ProgressOptions["mode"];
  /** parse workers to use (and leave running) instead of starting a pool for this run */
  pool?: ParsePool;
}

/** What happened to one file. */
export type Outcome = IngestOutcome;

export interface IngestSummary {
  /** supported files found */
  files: number;
  /** new reports: the first of their agency+year */
  stored: number;
  /** new revisions of an agency+year already held */
  revisions: number;
  /** bytes already held (or seen earlier in this run) */
  unchanged: number;
  failed: number;
  /** files of a type the parser does not read */
  unsupported: number;
  /** new reports and revisions by report.status */
  byStatus: Record<ReportStatus, number>;
  /** every file not ingested, with the reason (also in the error report) */
  problems: { file: string; outcome: "failed" | "unsupported"; reason: string }[];
  /** the JSONL error report, when anything went into it */
  errorsFile: string | null;
  seconds: number;
  /** CPU time of this process (every thread: parse workers, garbage collector…), s */
  cpuSeconds: number;
  /** peak resident memory of this process (workers included), MB */
  peakRssMb: number;
}

export async function ingest(ds: DataSource, inputs: string[], opts: IngestOptions): Promise<IngestSummary> {
  const started = Date.now();
  const dataDir = resolve(opts.dataDir);
  const found = await discover(inputs);
  const summary: IngestSummary = {
    files: found.files.length,
    stored: 0,
    revisions: 0,
    unchanged: 0,
    failed: 0,
    unsupported: found.unsupported.length,
    byStatus: Object.fromEntries(REPORT_STATUSES.map((s) => [s, 0])) as Record<ReportStatus, number>,
    problems: [],
    errorsFile: null,
    seconds: 0,
    cpuSeconds: 0,
    peakRssMb: 0,
  };
  for (const { path } of found.unsupported) {
    const reason = unsupportedReason(path);
    opts.errorLog.write({ file: path, outcome: "unsupported", reason });
    summary.problems.push({ file: path, outcome: "unsupported", reason });
  }
  for (const { path, reason } of found.unreadable) {
    summary.failed++;
    opts.errorLog.write({ file: path, outcome: "failed", stage: "read", reason });
    summary.problems.push({ file: path, outcome: "failed", reason });
  }

  const writers = Math.max(1, opts.writers ?? 4);
  const ownPool = !opts.pool && found.files.length > 0;
  const pool = opts.pool ?? (ownPool ? new ParsePool({ size: opts.workers, timeoutMs: opts.timeoutMs }) : null);
  const progress = startProgress({ label: "ingest", total: found.files.length, mode: opts.progress });
  const firstOfBytes = new Map<string, Promise<Outcome>>();
  const scheduler = new WriteScheduler(writers);
  const held = new HeldCheck(ds);
  const blobs = new BlobCheck(dataDir);
  let done = 0;

  const fail = (file: string, stage: ErrorStage, reason: string, extra: Partial<ErrorEntry> = {}): Outcome => {
    opts.errorLog.write({ file, outcome: "failed", stage, reason, ...extra });
    summary.problems.push({ file, outcome: "failed", reason });
    return "failed";
  };

  async function one(file: FoundFile): Promise<Outcome> {
    if (file.synthetic && !opts.synthetic) {
      return fail(file.path, "synthetic", "in a folder marked as a generated corpus: ingest it with --synthetic");
    }
    let bytes: Buffer;
    try {
      // synchronous: a report file is small, and this is cheaper than four trips through libuv's pool
      bytes = readFileSync(file.raw ?? file.path);
    } catch (e) {
      return fail(file.path, "read", reasonOf(e));
    }
    const sha = sha256(bytes);
    // the same bytes twice at once: the second waits for the first, then finds them held (or fails the
    // same way); once settled the entry goes, and a later copy finds the bytes held in the database
    const earlier = firstOfBytes.get(sha);
    const work = (async () => {
      if (earlier) await earlier;
      return ingestBytes(file.path, bytes, sha);
    })();
    if (!earlier) {
      firstOfBytes.set(sha, work);
      void work.finally(() => firstOfBytes.delete(sha)).catch(() => undefined);
    }
    return work;
  }

  async function ingestBytes(path: string, bytes: Buffer, sha: string): Promise<Outcome> {
    const known = await held.isHeld(sha);
    if (known) {
      // a crash between an earlier run's commit and its bytes reaching the disk, or a lost file: put them back
      if (!(await blobs.present(known.storagePath, bytes.length))) {
        const storagePath = await putBlob(dataDir, sha, bytes);
        await ds.query("UPDATE source_file SET storage_path = $2 WHERE sha256 = $1", [sha, storagePath]);
      }
      return "unchanged";
    }
    let parsed;
    try {
      // the worker keeps the bytes too, once the report reads and is identified
      parsed = await pool!.parseAndKeep(bytes, basename(path), { dataDir }, (p) => {
        // a scan: OCR takes seconds a page, so say which page of which file is being read
        progress.update(done, `${counts()}; OCR ${p.filename} page ${p.page}/${p.pages}`);
      });
    } catch (e) {
      return fail(path, "parse", (e as Error).message, { sha256: sha });
    }
    const { prepared } = parsed;
    const fatal = fatalOf(prepared.parsed);
    if (fatal) return fail(path, "parse", fatal.message, { code: fatal.code, sha256: sha });
    const problem = identityProblem(prepared.parsed);
    if (problem) return fail(path, "identify", problem, { sha256: sha });
    try {
      if (parsed.keepError) throw new Error(parsed.keepError);
      const storagePath = parsed.storagePath ?? (await putBlob(dataDir, sha, bytes));
      const lockKey = agencyLockKey(agencyIdentity(prepared.parsed.meta, !!opts.synthetic)!);
      const stored = await scheduler.submit(lockKey, () =>
        storeParsedReport(
          ds,
          prepared,
          {
            sha256: sha,
            originalName: basename(path),
            mediaType: mediaTypeOf(path),
            size: bytes.length,
            storagePath,
          },
          { synthetic: opts.synthetic },
        ),
      );
      if (stored.unchanged) return "unchanged";
      summary.byStatus[prepared.status]++;
      return stored.addedRevision ? "revision" : "stored";
    } catch (e) {
      return fail(path, "store", (e as Error).message, { sha256: sha });
    }
  }

  const counts = () =>
    `new ${summary.stored + summary.revisions}, unchanged ${summary.unchanged}, failed ${summary.failed}`;
  const tally = (o: Outcome) => {
    if (o === "stored") summary.stored++;
    else if (o === "revision") summary.revisions++;
    else if (o === "unchanged") summary.unchanged++;
    else summary.failed++;
    done++;
    progress.update(done, counts());
  };

  // enough files in flight to keep every parse worker and every writer busy (some writes wait for
  // another of their agency), few enough to bound memory
  const inFlight = (pool?.size ?? 1) * 2 + writers * 3;
  try {
    await runLanes(found.files, inFlight, async (file) => {
      let outcome: Outcome;
      try {
        outcome = await one(file);
      } catch (e) {
        outcome = fail(file.path, "store", `unexpected error: ${(e as Error).message}`);
      }
      tally(outcome);
    });
  } finally {
    progress.stop();
    if (ownPool) await pool?.close();
  }

  // the report transactions committed asynchronously (sql.ts): on disk before the run says "stored"
  if (summary.stored + summary.revisions) await flushCommits(ds);
  summary.errorsFile = opts.errorLog.entries ? opts.errorLog.path : null;
  summary.seconds = (Date.now() - started) / 1000;
  const usage = process.resourceUsage();
  summary.cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  summary.peakRssMb = Math.round(usage.maxRSS / 1024);
  return summary;
}
