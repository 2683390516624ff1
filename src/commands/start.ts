/**
 * `npm start`: the main job in one command. Starts (or connects to) Postgres and Meilisearch, migrates,
 * loads invented demo reports when the database is empty (marked synthetic; GONGKAI_DEMO=false turns
 * it off), drains the search outbox and keeps draining it, and serves the GraphQL API with the offline
 * web explorer (docs/explorer.md). Ctrl-C stops everything it started; a second start reuses the data. The serving part is
 * shared with `serve` (serving.ts).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Config } from "../config.js";
import { Report } from "../entities/index.js";
import { ErrorLog } from "../ingest/error-log.js";
import { ingest } from "../ingest/pipeline.js";
import { loadServingConfig, serveUntilSignal, startupMessage } from "./serving.js";
import { generateCorpus } from "../synthetic/corpus.js";

export const DEMO_REPORTS = 60;
const log = (s: string) => process.stderr.write(`gongkai: ${s}\n`);

/** Writes the demo corpus under the data dir and ingests it as synthetic reports. */
async function loadDemo(config: Config, ds: Parameters<typeof ingest>[0]): Promise<void> {
  const dir = join(resolve(config.dataDir), "demo");
  mkdirSync(dir, { recursive: true });
  for (const f of generateCorpus({ count: DEMO_REPORTS, seed: 2024 })) writeFileSync(join(dir, f.name), f.bytes);
  log(`database empty: loading ${DEMO_REPORTS} invented demo reports (synthetic; GONGKAI_DEMO=false turns this off)`);
  const s = await ingest(ds, [dir], {
    dataDir: config.dataDir,
    errorLog: ErrorLog.inDataDir(config.dataDir),
    synthetic: true,
  });
  log(`demo data: ${s.stored} reports stored, ${s.failed} failed`);
}

export async function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const config = loadServingConfig(env);
  if (!config) return 3;
  const port = args[0] === "--port" ? Number(args[1]) : config.port;
  try {
    await serveUntilSignal(config, {
      port,
      ingestRoots: [],
      log,
      async prepare(ds) {
        if (config.demo && (await ds.getRepository(Report).count()) === 0) await loadDemo(config, ds);
      },
      ready(server) {
        log(
          `API at ${server.url} (web explorer: ${server.url.replace(/\/graphql$/, "/")})${config.apiKey ? "" : "; no GONGKAI_API_KEY: mutations refused"}`,
        );
        if (env.GONGKAI_READY_FILE) writeFileSync(env.GONGKAI_READY_FILE, server.url);
      },
    });
  } catch (e) {
    log(startupMessage(e));
    return 3;
  }
  return 0;
}
