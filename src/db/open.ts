/**
 * The one way commands get a database: DATABASE_URL when set, else the embedded Postgres under
 * GONGKAI_DATA_DIR (started here, or the one another process runs there attached to; released again on
 * close, exit, SIGINT, SIGTERM or SIGHUP). Migrations are run on open, under an advisory lock
 * (data-source.ts: migrate); the schema is never synchronized.
 */
import type { DataSource } from "typeorm";
import type { Config } from "../config.js";
import { onShutdown } from "../util/shutdown.js";
import { createDataSource, migrate } from "./data-source.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres.js";

export interface OpenedDatabase {
  ds: DataSource;
  /** true when this process started the embedded server */
  embedded: boolean;
  /** destroys the data source and stops the embedded server; idempotent */
  close(): Promise<void>;
}

export interface OpenOptions {
  /** connections in the pool (default 10) */
  poolSize?: number;
}

export async function openDatabase(config: Config, opts: OpenOptions = {}): Promise<OpenedDatabase> {
  let server: EmbeddedPostgres | undefined;
  const url = config.databaseUrl ?? (server = await startEmbeddedPostgres({ dataDir: config.dataDir })).url;
  const ds = createDataSource(url, { poolSize: opts.poolSize });

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      forget();
      await ds.destroy().catch(() => undefined);
      await server?.stop();
    })());
  // a stop signal (util/shutdown.ts): close too
  const forget = onShutdown(close);
  try {
    await ds.initialize();
    await migrate(ds);
  } catch (e) {
    await close();
    throw e;
  }
  return { ds, embedded: !!server, close };
}
