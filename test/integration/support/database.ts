/**
 * A database of its own for one integration test file: the embedded Postgres under a temp dir, or the
 * server of DATABASE_URL when set (a fresh database there, dropped afterwards). Migrated, never synchronized.
 */
import type { DataSource } from "typeorm";
import { createDataSource } from "../../../src/db/data-source.js";
import { dropDatabase, ensureDatabase } from "../../../src/db/databases.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../../src/db/embedded-postgres.js";
import { tempDataDir } from "./servers.js";

export interface TestDatabase {
  ds: DataSource;
  url: string;
  close(): Promise<void>;
}

export async function openTestDatabase(prefix: string): Promise<TestDatabase> {
  const dir = tempDataDir(prefix);
  let embedded: EmbeddedPostgres | undefined;
  const serverUrl =
    process.env.DATABASE_URL || (embedded = await startEmbeddedPostgres({ dataDir: dir.path })).serverUrl;
  const name = `gongkai_test_${prefix.replace(/\W/g, "_")}_${process.pid}`;
  const url = await ensureDatabase(serverUrl, name);
  const ds = createDataSource(url, { migrationsRun: true });
  await ds.initialize();
  return {
    ds,
    url,
    async close() {
      await ds.destroy().catch(() => undefined);
      if (!embedded) await dropDatabase(serverUrl, name);
      await embedded?.stop();
      dir.remove();
    },
  };
}
