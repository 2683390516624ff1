/**
 * The TypeORM data source. The schema comes from migrations only (src/db/migrations); `synchronize`
 * is for throw-away test databases and never the default.
 */
import "reflect-metadata";
import { DataSource, type LoggerOptions } from "typeorm";
import { ENTITIES } from "../entities/index.js";
import { MIGRATIONS } from "./migrations/index.js";

export interface DataSourceOptions {
  /** run pending migrations in initialize() (default false) */
  migrationsRun?: boolean;
  /** let TypeORM create the schema from the entities — tests only */
  synchronize?: boolean;
  logging?: LoggerOptions;
  /** connection pool size (default 10) */
  poolSize?: number;
}

/** A data source for `url`; call `initialize()` on it (which runs migrations when asked). */
export function createDataSource(url: string, options: DataSourceOptions = {}): DataSource {
  return new DataSource({
    type: "postgres",
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: options.migrationsRun ?? false,
    // each migration in its own transaction: a failed one leaves the earlier ones applied and recorded
    migrationsTransactionMode: "each",
    synchronize: options.synchronize ?? false,
    logging: options.logging ?? false,
    poolSize: options.poolSize,
    applicationName: "gongkai",
  });
}

/** Key of the session-level advisory lock taken around migrations (any fixed 64-bit number of ours). */
export const MIGRATION_LOCK = 7_141_953_012;

/**
 * Runs pending migrations holding an advisory lock, so two processes opening a fresh database at once
 * migrate one after the other (without it both run CREATE EXTENSION …, and one fails with duplicate key
 * in pg_extension). The second finds nothing pending.
 */
export async function migrate(ds: DataSource): Promise<void> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await ds.runMigrations({ transaction: "each" });
    } finally {
      await runner.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}
