/**
 * Report transactions on a connection of the TypeORM pool, with named prepared statements. Ingest runs
 * many small transactions a second, and on a busy machine each round trip costs a wake-up on both ends,
 * so: a named statement is parsed and planned once per connection; multi-row inserts pass arrays
 * (`unnest`) so their text never changes with the row count; and BEGIN goes out together with the
 * transaction's advisory lock.
 */
import type { DataSource } from "typeorm";
import type { PoolClient } from "pg";

export type Sql = <T = Record<string, unknown>>(name: string, text: string, values?: unknown[]) => Promise<T[]>;

/**
 * Runs `fn` in one transaction that first takes the advisory lock `lockKeys` (in order), commits when
 * `fn` resolves and rolls back when it throws. The connection goes back to the pool either way.
 */
export async function inLockedTransaction<T>(ds: DataSource, lockKeys: string[], fn: (sql: Sql) => Promise<T>): Promise<T> {
  const runner = ds.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  const sql: Sql = async <R>(name: string, text: string, values: unknown[] = []) =>
    (await client.query({ name, text, values })).rows as R[];
  try {
    // One round trip: a simple-protocol query may hold several statements (no parameters: literals).
    // The commit does not wait for its WAL flush: a report is re-created from its file by rerunning
    // ingest, and the transaction stays atomic; only a crash of the database server itself could lose
    // the last fraction of a second of commits.
    await client.query(["BEGIN", "SET LOCAL synchronous_commit = off", ...lockKeys.map((k) => `SELECT pg_advisory_xact_lock(hashtext(${client.escapeLiteral(k)}))`)].join("; "));
    let result: T;
    try {
      result = await fn(sql);
    } catch (e) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw e;
    }
    await client.query("COMMIT");
    return result;
  } finally {
    await runner.release();
  }
}
