/**
 * The app's database for commands and scripts: the server of DATABASE_URL, or embedded Postgres under
 * `<dataDir>/postgres` when it is unset. Pending migrations are run, so a fresh data dir just works.
 */
import type { DataSource } from "typeorm";
import type { Config } from "../config.js";
import { createDataSource } from "./data-source.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres.js";

export interface OpenDatabase {
  ds: DataSource;
  /** Closes the data source and stops the embedded server, if one was started. */
  close(): Promise<void>;
}

export async function openDatabase(config: Pick<Config, "databaseUrl" | "dataDir">): Promise<OpenDatabase> {
  let embedded: EmbeddedPostgres | undefined;
  const url = config.databaseUrl ?? (embedded = await startEmbeddedPostgres({ dataDir: config.dataDir })).url;
  const ds = createDataSource(url, { migrationsRun: true });
  try {
    await ds.initialize();
  } catch (e) {
    await embedded?.stop();
    throw e;
  }
  return {
    ds,
    async close() {
      await ds.destroy().catch(() => undefined);
      await embedded?.stop();
    },
  };
}
