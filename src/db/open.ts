/**
 * The one way commands get a database: DATABASE_URL when set, else the embedded Postgres under
 * GONGKAI_DATA_DIR (started here and stopped again on close, exit, SIGINT or SIGTERM). Migrations are
 * run on open; the schema is never synchronized.
 */
import type { DataSource } from "typeorm";
import { join, resolve } from "node:path";
import type { Config } from "../config.js";
import { readPidFile } from "../util/process.js";
import { createDataSource } from "./data-source.js";
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

const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

export async function openDatabase(config: Config, opts: OpenOptions = {}): Promise<OpenedDatabase> {
  let server: EmbeddedPostgres | undefined;
  const url = config.databaseUrl ?? (server = await startEmbeddedPostgres({ dataDir: config.dataDir })).url;
  const ds = createDataSource(url, { migrationsRun: true, poolSize: opts.poolSize });

  let closing: Promise<void> | null = null;
  const close = () => (closing ??= (async () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    process.off("exit", onExit);
    await ds.destroy().catch(() => undefined);
    await server?.stop();
  })());

  // a signal: stop cleanly, then exit with the conventional status
  const handlers = (Object.keys(SIGNAL_EXIT) as NodeJS.Signals[]).map((signal) => {
    const handler = () => { void close().finally(() => process.exit(SIGNAL_EXIT[signal])); };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  // process.exit() elsewhere (no time for async work): ask the postmaster for a fast shutdown directly
  const postmasterPid = join(resolve(config.dataDir), "postgres", "postmaster.pid");
  const onExit = () => {
    if (!server) return;
    const pid = readPidFile(postmasterPid);
    if (pid) try { process.kill(pid, "SIGINT"); } catch { /* already gone */ }
  };
  process.on("exit", onExit);

  try {
    await ds.initialize();
  } catch (e) {
    await close();
    throw e;
  }
  return { ds, embedded: !!server, close };
}
