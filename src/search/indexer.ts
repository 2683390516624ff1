/**
 * Keeps Meilisearch in step with Postgres, the source of truth.
 *
 * - `drain()` works off the search outbox (written in each report's own transaction). For every report
 *   named there it writes what Postgres holds NOW: the documents of a current report, or the deletion of
 *   every document of a report that is gone or superseded. Syncing is therefore idempotent and the order
 *   of outbox rows does not matter; a row is deleted only after Meilisearch has applied its report.
 *   When Meilisearch is unreachable the rows stay as they are (no attempt counted) and wait for the next
 *   drain; a report whose documents Meilisearch refuses gets `attempts`/`last_error` and is retried by
 *   later drains until MAX_ATTEMPTS, then left for `reindex` (and for someone to read last_error).
 * - `reindex()` builds a complete new index `<name>_<timestamp>` from Postgres, checks its document
 *   count, swaps it with the live one (atomic: searches keep working on the old one until then) and
 *   deletes the old.
 *
 * One Postgres advisory lock serialises drains and reindexes across processes (server, ingest, reindex
 * command): two writers could otherwise apply an older state of a report after a newer one. A reindex
 * holds it throughout, so outbox rows written during the build are drained into the NEW index after
 * the swap rather than into the old one.
 */
import type { Meilisearch } from "meilisearch";
import type { DataSource, QueryRunner } from "typeorm";
import { apiError, awaitTask, isUnavailable } from "./client.js";
import {
  countDocuments,
  currentReportIds,
  documentIdsOf,
  loadDocuments,
  SEARCHABLE_FORM,
  type SectionDocument,
} from "./documents.js";
import { ensureIndex } from "./settings.js";

/** Failed attempts after which a row is left for reindex (and for a human to read `last_error`). */
export const MAX_ATTEMPTS = 10;
/** Reports per drain batch (~3 documents each). */
const DRAIN_BATCH = 200;
/**
 * Reports per reindex call (~3,000 documents, a few MB); up to REINDEX_IN_FLIGHT calls are queued in
 * Meilisearch at once. Meilisearch merges the queued ones into one batch, and a batch's fixed costs
 * (merging into the index's databases, commit) grow with the index, so more queued calls mean fewer,
 * larger batches at scale. (Measured at 6,000 sections, README: 85–95% of a batch is per-document
 * extraction of words and word pairs, so batch size changes little there.)
 */
const REINDEX_BATCH = 1000;
const REINDEX_IN_FLIGHT = 4;
// pg_advisory_lock key: "gk" "search" — any constant no other part of gongkai uses
const LOCK_KEY = [0x676b, 0x5345] as const;

export interface IndexerOptions {
  ds: DataSource;
  client: Meilisearch;
  /** the live index (e.g. "sections") */
  indexName: string;
  log?: (message: string) => void;
}

export interface DrainResult {
  /** another process (or a reindex) holds the indexer lock: nothing was done */
  busy: boolean;
  /** reports written to Meilisearch (documents upserted or deleted) */
  synced: number;
  /** outbox rows removed */
  rows: number;
  /** reports Meilisearch refused this time (attempts counted, rows kept) */
  failed: number;
  /** Meilisearch could not be reached: the remaining rows wait for the next drain */
  unavailable: boolean;
  error?: string;
}

export interface ReindexProgress {
  documents: number;
  total: number;
}

export interface ReindexResult {
  index: string;
  documents: number;
  ms: number;
  /** what the drain after the swap did (rows written during the build) */
  drain: DrainResult;
}

export class SearchIndexer {
  readonly ds: DataSource;
  readonly client: Meilisearch;
  readonly indexName: string;
  private readonly log: (message: string) => void;

  constructor(options: IndexerOptions) {
    this.ds = options.ds;
    this.client = options.client;
    this.indexName = options.indexName;
    this.log = options.log ?? (() => undefined);
  }

  /** Works off the outbox; returns at once (busy) when another drain or a reindex is running. */
  async drain(): Promise<DrainResult> {
    const result: DrainResult = { busy: false, synced: 0, rows: 0, failed: 0, unavailable: false };
    const locked = await this.withLock("try", async (runner) => {
      let cursor = 0;
      for (;;) {
        const rows = (await runner.query(
          `SELECT id, report_id FROM search_outbox WHERE id > $1 AND attempts < $2 ORDER BY id LIMIT $3`,
          [cursor, MAX_ATTEMPTS, DRAIN_BATCH],
        )) as { id: number; report_id: number }[];
        if (!rows.length) return;
        cursor = rows[rows.length - 1].id;
        const byReport = new Map<number, number[]>();
        for (const r of rows) byReport.set(r.report_id, [...(byReport.get(r.report_id) ?? []), r.id]);

        try {
          // Documents written to a missing index would create it without our settings: create it properly.
          if (!(await this.liveIndexExists())) await ensureIndex(this.client, this.indexName);
          await this.syncReports([...byReport.keys()]);
          await runner.query(`DELETE FROM search_outbox WHERE id = ANY($1)`, [rows.map((r) => r.id)]);
          result.synced += byReport.size;
          result.rows += rows.length;
          continue;
        } catch (e) {
          if (isUnavailable(e)) return this.stopUnavailable(result, e);
          this.log(
            `search indexer: a batch of ${byReport.size} reports failed (${message(e)}); retrying them one by one`,
          );
        }
        // Something in the batch was refused: find out which report, so one bad report holds up no other.
        for (const [reportId, ids] of byReport) {
          try {
            await this.syncReports([reportId]);
            await runner.query(`DELETE FROM search_outbox WHERE id = ANY($1)`, [ids]);
            result.synced += 1;
            result.rows += ids.length;
          } catch (e) {
            if (isUnavailable(e)) return this.stopUnavailable(result, e);
            result.failed += 1;
            await runner.query(`UPDATE search_outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1)`, [
              ids,
              message(e).slice(0, 2000),
            ]);
            this.log(`search indexer: report ${reportId} refused: ${message(e)}`);
          }
        }
      }
    });
    if (!locked) result.busy = true;
    return result;
  }

  /** Writes Postgres' current state of these reports to the live index: upserts, then stale deletions. */
  async syncReports(reportIds: readonly number[]): Promise<void> {
    const docs = await loadDocuments(this.ds, reportIds);
    const present = new Set(docs.map((d) => d.id));
    const stale = reportIds.flatMap(documentIdsOf).filter((id) => !present.has(id));
    const index = this.client.index<SectionDocument>(this.indexName);
    // addDocuments replaces a document with the same id as a whole
    if (docs.length) await awaitTask(index.addDocuments(docs));
    if (stale.length) await awaitTask(index.deleteDocuments(stale));
  }

  /**
   * Rebuilds the index from Postgres into `<name>_<timestamp>` and swaps it in. Waits for a running
   * drain to finish; drains wait for the reindex. Rows that were in the outbox when the build started
   * are removed after the swap (the new index holds their reports' current state); rows written during
   * the build are drained into the new index.
   */
  async reindex(onProgress?: (p: ReindexProgress) => void): Promise<ReindexResult> {
    const started = Date.now();
    let built: { index: string; documents: number } | undefined;
    await this.withLock("wait", async (runner) => {
      const pending = ((await runner.query(`SELECT id FROM search_outbox`)) as { id: number }[]).map((r) => r.id);
      await this.dropTemporaryIndexes();
      const temp = `${this.indexName}_${timestamp()}`;
      await ensureIndex(this.client, temp);
      try {
        const documents = await this.build(temp, onProgress);
        await ensureIndex(this.client, this.indexName);
        await awaitTask(this.client.swapIndexes([{ indexes: [this.indexName, temp], rename: false }]));
        built = { index: this.indexName, documents };
      } finally {
        // after the swap `temp` holds the old content; before it, a half-built index: gone either way
        await awaitTask(this.client.deleteIndex(temp)).catch((e) =>
          this.log(`search indexer: could not delete ${temp}: ${message(e)}`),
        );
      }
      if (pending.length) await runner.query(`DELETE FROM search_outbox WHERE id = ANY($1)`, [pending]);
    });
    const drain = await this.drain();
    return { index: built!.index, documents: built!.documents, ms: Date.now() - started, drain };
  }

  /** Every document of every current report into `index`; checks that the index holds them all. */
  private async build(index: string, onProgress?: (p: ReindexProgress) => void): Promise<number> {
    const total = await countDocuments(this.ds);
    const target = this.client.index<SectionDocument>(index);
    const inFlight: { task: ReturnType<typeof target.addDocuments>; size: number }[] = [];
    let sent = 0;
    let indexed = 0;
    const settle = async () => {
      const oldest = inFlight.shift()!;
      await awaitTask(oldest.task);
      indexed += oldest.size;
      onProgress?.({ documents: indexed, total });
    };
    onProgress?.({ documents: 0, total });
    for (let after = 0; ; ) {
      const ids = await currentReportIds(this.ds, after, REINDEX_BATCH);
      if (!ids.length) break;
      after = ids[ids.length - 1];
      // building the next batch (Postgres, jieba) overlaps Meilisearch indexing the previous ones
      const docs = await loadDocuments(this.ds, ids);
      if (!docs.length) continue;
      if (inFlight.length >= REINDEX_IN_FLIGHT) await settle();
      inFlight.push({ task: target.addDocuments(docs), size: docs.length });
      sent += docs.length;
    }
    while (inFlight.length) await settle();
    const stats = await target.getStats();
    if (stats.numberOfDocuments !== sent) {
      throw new Error(`reindex: ${index} holds ${stats.numberOfDocuments} documents, ${sent} were sent`);
    }
    return sent;
  }

  /** Leftovers of reindexes that died before they could clean up (only called under the lock). */
  private async dropTemporaryIndexes(): Promise<void> {
    const pattern = new RegExp(`^${this.indexName.replace(/[^\w-]/g, "")}_\\d{8}T\\d{9}Z$`);
    for (let offset = 0; ; offset += 100) {
      const page = await this.client.getIndexes({ offset, limit: 100 });
      for (const ix of page.results) {
        if (pattern.test(ix.uid)) {
          this.log(`search indexer: removing ${ix.uid}, left by an unfinished reindex`);
          await awaitTask(this.client.deleteIndex(ix.uid));
        }
      }
      if (offset + 100 >= page.total) return;
    }
  }

  /**
   * Does the live index hold documents in an older searchable form (a `form` other than SEARCHABLE_FORM,
   * or none: textZh with Han characters, or text before the white-space rule)? Queries in today's form
   * would miss there: the index must be rebuilt.
   * Samples one document; an empty or missing index is not stale.
   */
  async holdsOlderForm(): Promise<boolean> {
    if (!(await this.liveIndexExists())) return false;
    const page = await this.client
      .index<SectionDocument>(this.indexName)
      .getDocuments({ limit: 1, fields: ["textZh", "form"] });
    const sample = page.results[0];
    // the first release wrote Han characters as they are, and carried no form number
    return sample !== undefined && (sample.form !== SEARCHABLE_FORM || /\p{Script=Han}/u.test(sample.textZh ?? ""));
  }

  private async liveIndexExists(): Promise<boolean> {
    try {
      await this.client.getIndex(this.indexName);
      return true;
    } catch (e) {
      if (apiError(e)?.cause?.code === "index_not_found") return false;
      throw e;
    }
  }

  private stopUnavailable(result: DrainResult, e: unknown): void {
    result.unavailable = true;
    result.error = message(e);
    this.log(`search indexer: Meilisearch unavailable (${result.error}); outbox rows wait for the next drain`);
  }

  /**
   * Runs `fn` holding the indexer's advisory lock on a session of its own. "try" returns false at once
   * when the lock is taken; "wait" blocks until it is free.
   */
  private async withLock(mode: "try" | "wait", fn: (runner: QueryRunner) => Promise<void>): Promise<boolean> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      if (mode === "try") {
        const [row] = (await runner.query(`SELECT pg_try_advisory_lock($1, $2) AS ok`, [...LOCK_KEY])) as {
          ok: boolean;
        }[];
        if (!row.ok) return false;
      } else {
        await runner.query(`SELECT pg_advisory_lock($1, $2)`, [...LOCK_KEY]);
      }
      try {
        await fn(runner);
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1, $2)`, [...LOCK_KEY]);
      }
      return true;
    } finally {
      await runner.release();
    }
  }
}

export interface PeriodicDrain {
  /** drain now (and return its result); waits for a drain in progress first */
  drainNow(): Promise<DrainResult>;
  /** stop the timer and wait for a drain in progress */
  stop(): Promise<void>;
}

/**
 * Drains at once and then every `intervalMs` while serving. A drain that fails (Postgres down, say) is
 * logged and tried again at the next tick; it never throws into the timer.
 */
export function startPeriodicDrain(indexer: SearchIndexer, intervalMs = 5000): PeriodicDrain {
  let running: Promise<DrainResult> | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const failed = (e: unknown): DrainResult => ({
    busy: false,
    synced: 0,
    rows: 0,
    failed: 0,
    unavailable: false,
    error: message(e),
  });
  const once = (): Promise<DrainResult> => {
    running ??= indexer
      .drain()
      .catch(failed)
      .finally(() => {
        running = null;
      });
    return running;
  };
  const tick = () => {
    if (stopped) return;
    void once().finally(() => {
      // unref: the timer alone must not keep a process alive that is otherwise done
      if (!stopped) timer = setTimeout(tick, intervalMs).unref();
    });
  };
  tick();
  return {
    async drainNow() {
      if (running) await running;
      return once();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (running) await running;
    },
  };
}

function timestamp(): string {
  // 2025-01-31T12:00:00.123Z → 20250131T120000123Z (index uids allow letters, digits, - and _)
  return new Date().toISOString().replace(/[-:.]/g, "");
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
