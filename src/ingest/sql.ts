/**
 * Named prepared statements on the connection of a TypeORM transaction. Ingest writes hundreds of rows
 * per report many times a second; a named statement is parsed and planned once per connection, and the
 * multi-row inserts pass arrays (`unnest`) so their text never changes with the row count.
 */
import type { EntityManager } from "typeorm";
import type { PoolClient } from "pg";

export type Sql = <T = Record<string, unknown>>(name: string, text: string, values?: unknown[]) => Promise<T[]>;

/** `sql(name, text, values)` on the transaction's own connection (the same name must keep the same text). */
export async function sqlOf(m: EntityManager): Promise<Sql> {
  if (!m.queryRunner) throw new Error("sqlOf needs the entity manager of a transaction");
  const client = (await m.queryRunner.connect()) as PoolClient;
  return async <T>(name: string, text: string, values: unknown[] = []) =>
    (await client.query({ name, text, values })).rows as T[];
}
