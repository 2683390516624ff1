/**
 * Report transactions on a connection of the TypeORM pool, with named prepared statements. Ingest runs
 * many small transactions a second, and on a busy machine each round trip costs a wake-up on both ends,
 * so: a named statement is parsed and planned once per connection; multi-row inserts pass arrays
 * (`unnest`) so their text never changes with the row count; and statements are pipelined (pg's
 * pipeline mode, on for the transaction only): BEGIN and the advisory lock go out together with the
 * first statement, and the last statements together with COMMIT (`sql.commit()`). A typical report is
 * then two round trips: lock + lookup, insert + commit.
 */
import type { DataSource } from "typeorm";
import type { PoolClient, QueryResult } from "pg";

export interface Sql {
  /** Sends a statement now (behind those already sent) and resolves with its rows. */
  <T = Record<string, unknown>>(name: string, text: string, values?: unknown[]): Promise<T[]>;
  /**
   * Sends COMMIT now, behind the statements already sent, without waiting for them. Call it once the
   * transaction's last statement is sent; then await those statements. If one of them fails, the
   * transaction is aborted and this COMMIT rolls it back: nothing of the transaction is written, and
   * the failure is what the transaction throws.
   */
  commit(): void;
}

/** pg's client with its pipeline switch (pg ≥ 8.2x): queries are written without waiting for earlier ones. */
type PipelinedClient = PoolClient & {
  pipeline?: boolean;
  connection?: { stream?: { cork?(): void; uncork?(): void } };
};

/**
 * Statements sent in one go (in the same tick) leave in one write: the socket is corked until the
 * tick ends. Postgres then reads them together — one wake-up of its backend instead of one each.
 */
function batcher(client: PipelinedClient): () => void {
  const stream = client.connection?.stream;
  if (!stream?.cork || !stream.uncork) return () => undefined;
  let corked = false;
  return () => {
    if (corked) return;
    corked = true;
    stream.cork!();
    process.nextTick(() => {
      corked = false;
      stream.uncork!();
    });
  };
}

export interface TransactionOptions {
  /**
   * The commit waits for its WAL flush (synchronous_commit on): once it resolves, the transaction
   * survives a crash of the database server. For answers that say "stored" at once (the API's ingest
   * mutations). Batch runs leave it off and call `flushCommits` once before they report success.
   */
  durable?: boolean;
}

/**
 * Runs `fn` in one transaction that first takes the advisory lock `lockKeys` (in order), commits when
 * `fn` resolves (or as `fn` asks, `sql.commit()`) and rolls back when it throws. The connection goes
 * back to the pool either way.
 */
export async function inLockedTransaction<T>(
  ds: DataSource,
  lockKeys: string[],
  fn: (sql: Sql) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const runner = ds.createQueryRunner();
  const client = (await runner.connect()) as PipelinedClient;
  const pipelined = typeof client.pipeline === "boolean";
  if (pipelined) client.pipeline = true;
  const batch = pipelined ? batcher(client) : () => undefined;
  let commit: Promise<QueryResult> | null = null;
  try {
    batch();
    // One message: a simple-protocol query may hold several statements (no parameters: literals).
    // Unless `durable`, the commit does not wait for its WAL flush (the transaction stays atomic; a
    // crash of the database server could lose the last fraction of a second of commits): a batch run
    // calls flushCommits() before it reports success, so nothing it reports as stored can be lost.
    // Every statement of a report transaction finds rows by key. Their plans are cached per connection
    // (named statements, trigger functions) and were made while the tables were small, when a scan of
    // the whole table costs nothing: in a 10,000-report benchmark ~500 lookups of a neighbouring year's
    // figures scanned all of `figure` (331 million rows read) and Postgres's CPU per report doubled in
    // some runs. Without seq scans the planner takes the index whatever the size was at planning time.
    const begin = client.query(
      [
        "BEGIN",
        `SET LOCAL synchronous_commit = ${options.durable ? "on" : "off"}`,
        "SET LOCAL enable_seqscan = off",
        ...lockKeys.map((k) => `SELECT pg_advisory_xact_lock(hashtext(${client.escapeLiteral(k)}))`),
      ].join("; "),
    );
    begin.catch(() => undefined); // awaited by the first statement (or the ROLLBACK path)
    const sql = (async <R>(name: string, text: string, values: unknown[] = []) => {
      batch();
      const query = client.query({ name, text, values }); // written now, behind BEGIN if it is the first
      query.catch(() => undefined); // a failure of BEGIN comes first
      await begin;
      return (await query).rows as R[];
    }) as Sql;
    sql.commit = () => {
      if (!commit) batch();
      commit ??= client.query("COMMIT");
      commit.catch(() => undefined);
    };
    let result: T;
    try {
      result = await fn(sql);
    } catch (e) {
      // a COMMIT already sent behind the failed statement rolls back (the transaction is aborted)
      if (commit) await (commit as Promise<QueryResult>).catch(() => undefined);
      else await client.query("ROLLBACK").catch(() => undefined);
      throw e;
    }
    sql.commit();
    const done = await commit!;
    if (done.command !== "COMMIT") throw new Error("the transaction was rolled back");
    return result;
  } finally {
    // every query of the transaction has its answer by now (answers come in order, COMMIT/ROLLBACK last)
    if (pipelined) client.pipeline = false;
    await runner.release();
  }
}

/**
 * Makes every transaction committed so far durable: one small transaction that writes WAL, committed
 * with synchronous_commit on, waits until the WAL is on disk up to its commit record — and so past
 * every earlier commit, asynchronous ones included. Batch runs call it once before they report success.
 * (A transaction that writes no WAL — an id alone — commits without waiting: a temporary table, whose
 * catalog rows are logged, makes it wait; the fault suite crashed Postgres to tell the two apart.)
 */
export async function flushCommits(ds: DataSource): Promise<void> {
  await ds.transaction(async (m) => {
    await m.query("SET LOCAL synchronous_commit = on");
    await m.query("CREATE TEMPORARY TABLE gongkai_flush (x int) ON COMMIT DROP");
  });
}
