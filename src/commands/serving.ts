/**
 * What `npm start` (start.ts) and `serve` (serve.ts) share: open the database (db/open.ts) and the search
 * index (search/open.ts), keep the search outbox drained, serve the GraphQL API with Meilisearch behind
 * ranked search, and stop it all on SIGINT/SIGTERM. They differ only around it (demo data, the ready
 * file, how they announce themselves, listen options).
 *
 * Meilisearch not answering at start-up is not fatal: the API serves everything but ranked search
 * (SEARCH_UNAVAILABLE), as it does when Meilisearch goes away later.
 */
import http from "node:http";
import { createServer } from "node:net";
import type { DataSource } from "typeorm";
import { ConfigError, loadConfig, type Config } from "../config.js";
import { openDatabase } from "../db/open.js";
import { MeilisearchBackend } from "../search/backend.js";
import { SearchIndexer, startPeriodicDrain } from "../search/indexer.js";
import { openSearch, type OpenedSearch } from "../search/open.js";
import { SearchService } from "../search/service.js";
import { createApolloServer, startHttpServer, type RunningServer } from "../server.js";
import type { SearchBackend } from "../search/search-backend.js";
import { rankingWordsOfTerm } from "../text/segment.js";
import { onShutdown } from "../util/shutdown.js";

/** The configuration, or undefined once it has said why the environment is invalid (exit status 3). */
export function loadServingConfig(env: NodeJS.ProcessEnv): Config | undefined {
  try {
    return loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return undefined;
    }
    throw e;
  }
}

/** How often the outbox is drained while serving (mutations and other processes' ingests queue rows). */
export const DRAIN_INTERVAL_MS = 5000;

/**
 * The production SearchBackend: the Meilisearch SearchService behind the API's interface. `realOnly`
 * (GONGKAI_DEMO=false): invented reports never come back from ranked search.
 */
export function meiliBackend(search: Pick<OpenedSearch, "client" | "indexName">, realOnly = false): SearchBackend {
  // ranked queries are segmented with jieba (params.ts): load it now rather than in the first search (~2 s)
  rankingWordsOfTerm("公开");
  return new MeilisearchBackend(new SearchService({ client: search.client, indexName: search.indexName, realOnly }));
}

export interface ServeOptions {
  port: number;
  host?: string;
  /** folders the ingestPath mutation may read */
  ingestRoots: string[];
  /** false: no search engine (ranked search answers SEARCH_UNAVAILABLE, nothing is indexed); default true */
  search?: boolean;
  log(line: string): void;
  /** after the database is open, before the outbox is drained and the API served (npm start: demo data) */
  prepare?(ds: DataSource): Promise<void>;
  /** the server listens */
  ready?(server: RunningServer, search: OpenedSearch | null): void;
}

export class StartupError extends Error {
  override name = "StartupError";
}

/**
 * Serves until a stop signal (SIGINT, SIGTERM, SIGHUP or our parent's death: util/shutdown.ts), then
 * stops what it started. The port is checked first: a port in use fails in a moment, before any server.
 */
export async function serveUntilSignal(config: Config, o: ServeOptions): Promise<void> {
  await assertPortFree(o.port, o.host ?? "127.0.0.1");
  const db = await openDatabase(config);
  let search: OpenedSearch | null = null;
  if (o.search !== false) {
    try {
      search = await openSearch(config);
    } catch (e) {
      o.log(
        `search unavailable (${(e as Error).message}): ranked search answers SEARCH_UNAVAILABLE; everything else works`,
      );
    }
  }
  try {
    await o.prepare?.(db.ds);
    const indexer = search
      ? new SearchIndexer({ ds: db.ds, client: search.client, indexName: search.indexName })
      : null;
    const drain = indexer ? startPeriodicDrain(indexer, DRAIN_INTERVAL_MS) : null;
    try {
      if (indexer && drain) {
        await startRebuildIfOlderForm(indexer, o.log);
        const r = await drain.drainNow();
        o.log(
          `search index: ${r.synced} report(s) synced${r.unavailable ? " (Meilisearch not answering: the outbox waits)" : ""}`,
        );
      }
      const api = createApolloServer({
        ds: db.ds,
        apiKey: config.apiKey,
        dataDir: config.dataDir,
        ingestRoots: o.ingestRoots,
        realOnly: !config.demo,
        search: search ? meiliBackend(search, !config.demo) : undefined,
        searchHealth: search ? () => answers(`${search!.url}/health`) : undefined,
      });
      // registered after the database's closer, so it runs first: requests end before the pool closes
      let stopRequested!: () => void;
      const requested = new Promise<void>((r) => (stopRequested = r));
      let stopped!: () => void;
      const done = new Promise<void>((r) => (stopped = r));
      const forget = onShutdown(async () => {
        stopRequested();
        await done;
      });
      try {
        const server = await startHttpServer(api, { port: o.port, host: o.host }).catch((e: NodeJS.ErrnoException) => {
          throw e.code === "EADDRINUSE" || e.code === "EACCES"
            ? new StartupError(portMessage(o.port, o.host ?? "127.0.0.1", e.code))
            : e;
        });
        o.ready?.(server, search);
        await requested;
        await server.close();
      } finally {
        forget();
        stopped();
      }
    } finally {
      await drain?.stop();
    }
  } finally {
    await search?.close();
    await db.close();
  }
}

/**
 * An index built by an older version holds another searchable form, which today's queries cannot match:
 * rebuild it in the background (a new index, swapped in when complete; the API serves meanwhile, ranked
 * search finding little until the swap). Not awaited, also not on shutdown: a rebuild cut short by Ctrl-C
 * leaves the old index live and its half-built successor is dropped by the next reindex.
 */
async function startRebuildIfOlderForm(indexer: SearchIndexer, log: (line: string) => void): Promise<void> {
  try {
    if (!(await indexer.holdsOlderForm())) return;
  } catch (e) {
    log(`search index: could not check its form (${(e as Error).message})`);
    return;
  }
  log("search index: built by an older version (another searchable form): rebuilding it in the background");
  void indexer.reindex().then(
    (r) => log(`search index: rebuilt (${r.documents} documents) and swapped in`),
    (e) => log(`search index: rebuild failed (${(e as Error).message}); run npm run reindex`),
  );
}

/** Listens on the port for a moment: a port in use (or privileged) is a StartupError at once. */
async function assertPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (e: NodeJS.ErrnoException) => {
      reject(e.code === "EADDRINUSE" || e.code === "EACCES" ? new StartupError(portMessage(port, host, e.code)) : e);
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

function portMessage(port: number, host: string, code: string): string {
  return code === "EACCES"
    ? `port ${port} on ${host} needs privileges we do not have: choose a port above 1023 (PORT or --port)`
    : `port ${port} on ${host} is in use by another program: stop it, or choose another port (PORT or --port)`;
}

/** GET url answers 200 within a second (the search engine's health, for /health). */
function answers(url: string): Promise<boolean> {
  return new Promise((done) => {
    const req = http.get(url, { timeout: 1000, agent: false }, (res) => {
      res.resume();
      done(res.statusCode === 200);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => done(false));
  });
}

/**
 * One line for a start-up failure: ours (port, embedded servers, configuration) by their message; an
 * unexpected error by its first line (the stack is printed only with GONGKAI_DEBUG set).
 */
export function startupMessage(e: unknown): string {
  const err = e instanceof Error ? e : new Error(String(e));
  if (process.env.GONGKAI_DEBUG) return err.stack ?? err.message;
  const first = err.message.split("\n", 1)[0];
  return err.name === "StartupError" || err.name === "PostgresStartError" ? first : `cannot start: ${first}`;
}
