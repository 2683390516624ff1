/**
 * `serve`: the GraphQL API on PORT (default 4000), on 127.0.0.1 unless --host says otherwise, until
 * SIGINT/SIGTERM. Runs on its own too: `npm run serve -- --port 4000`.
 *
 * The database is DATABASE_URL, else the embedded Postgres under GONGKAI_DATA_DIR. Ranked search is
 * Meilisearch (MEILI_URL, else the embedded one under GONGKAI_DATA_DIR), and the search outbox is drained
 * while serving, as `start` does; when Meilisearch cannot be opened, ranked search answers
 * SEARCH_UNAVAILABLE and everything else (exact search included) keeps working.
 * (openDatabase from src/db/open.ts is not used here: it exits the process on SIGINT/SIGTERM itself,
 * before the HTTP server could be closed.)
 */
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import type { DataSource } from "typeorm";
import { ConfigError, loadConfig, type Config } from "../config.js";
import { createDataSource } from "../db/data-source.js";
import { startEmbeddedPostgres } from "../db/embedded-postgres.js";
import { MeilisearchBackend } from "../search/backend.js";
import { SearchIndexer, startPeriodicDrain } from "../search/indexer.js";
import { openSearch, type OpenedSearch } from "../search/open.js";
import { SearchService } from "../search/service.js";
import { createApolloServer, startHttpServer } from "../server.js";

export const USAGE = `usage: gongkai serve [--port N] [--host ADDR] [--ingest-root DIR]…
  --port N           listen on port N (default: PORT, else 4000)
  --host ADDR        listen address (default 127.0.0.1; 0.0.0.0 for every interface)
  --ingest-root DIR  a folder the ingestPath mutation may read (repeatable; default: none)
Mutations need GONGKAI_API_KEY.`;

async function openForServe(config: Config): Promise<{ ds: DataSource; close(): Promise<void> }> {
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir: config.dataDir });
  const ds = createDataSource(config.databaseUrl ?? embedded!.url, { migrationsRun: true });
  await ds.initialize();
  return { ds, close: async () => { await ds.destroy(); await embedded?.stop(); } };
}

export async function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: {
      port: { type: "string" }, host: { type: "string" }, "ingest-root": { type: "string", multiple: true }, help: { type: "boolean", short: "h" },
    } }));
  } catch (e) {
    console.error(`serve: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) { console.log(USAGE); return 0; }
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) { console.error(e.message); return 3; }
    throw e;
  }
  const port = values.port === undefined ? config.port : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) { console.error(`serve: --port must be 0–65535\n${USAGE}`); return 2; }

  const db = await openForServe(config);
  let search: OpenedSearch | null = null;
  try {
    search = await openSearch(config);
  } catch (e) {
    console.error(`serve: search unavailable (${(e as Error).message}): ranked search answers SEARCH_UNAVAILABLE; everything else works`);
  }
  try {
    const drain = search ? startPeriodicDrain(new SearchIndexer({ ds: db.ds, client: search.client, indexName: search.indexName }), 5000) : null;
    const api = createApolloServer({
      ds: db.ds, apiKey: config.apiKey, dataDir: config.dataDir, ingestRoots: values["ingest-root"] ?? [],
      search: search ? new MeilisearchBackend(new SearchService({ client: search.client, indexName: search.indexName, ds: db.ds, realOnly: !config.demo })) : undefined,
    });
    const server = await startHttpServer(api, { port, host: values.host });
    console.log(`gongkai API at ${server.url}${config.apiKey ? "" : " (no GONGKAI_API_KEY: mutations refused)"}; ` +
      `ranked search: ${search ? `Meilisearch at ${search.url}${search.embedded ? " (embedded)" : ""}` : "unavailable"}`);
    await new Promise<void>((resolve) => {
      for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
    });
    await server.close();
    await drain?.stop();
  } finally {
    await search?.close();
    await db.close();
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  run(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => { console.error(e); process.exitCode = 1; });
}
