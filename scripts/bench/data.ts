/**
 * The benchmark data set shared by bench:search and bench:api: database `gongkai_bench` (filled by
 * fill.ts) on an embedded Postgres under DIR (or on the server of DATABASE_URL), and the `sections`
 * index built from it by the real reindex on an embedded Meilisearch under DIR. A data set that already
 * holds N reports is reused, and so is an index that holds all their sections; so one 100k set serves
 * every benchmark run without refilling:
 *
 *   npm run bench:data -- --data-dir .gongkai/bench-100k --reports 100000 [--index] [--rebuild]
 */
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import pg from "pg";
import type { DataSource } from "typeorm";
import type { Meilisearch } from "meilisearch";
import { createDataSource } from "../../src/db/data-source.js";
import { ensureDatabase } from "../../src/db/databases.js";
import { startEmbeddedPostgres } from "../../src/db/embedded-postgres.js";
import { createSearchClient } from "../../src/search/client.js";
import { countDocuments } from "../../src/search/documents.js";
import { SearchIndexer } from "../../src/search/indexer.js";
import { startEmbeddedMeilisearch, type EmbeddedMeilisearch } from "../../src/search/meili-launcher.js";
import { DEFAULT_INDEX } from "../../src/search/open.js";
import { ensureIndex } from "../../src/search/settings.js";
import { fillBenchData, type FillResult } from "./fill.js";

export const BENCH_DATABASE = "gongkai_bench";
const log = (s: string) => process.stderr.write(`${s}\n`);
export const loadAverage = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(" ");

export interface BenchDatabase {
  url: string;
  ds: DataSource;
  /** what filling took, when this call filled (null: reused) */
  filled: FillResult | null;
  close(): Promise<void>;
}

/** Opens (starting it when embedded) the bench database and fills it unless it holds exactly N reports. */
export async function openBenchDatabase(dataDir: string, reports: number): Promise<BenchDatabase> {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir, database: BENCH_DATABASE });
  const url = embedded ? embedded.url : await ensureDatabase(process.env.DATABASE_URL!, BENCH_DATABASE);
  const ds = createDataSource(url, { migrationsRun: true });
  await ds.initialize();
  const close = async () => {
    await ds.destroy();
    await embedded?.stop();
  };
  try {
    const n = reports;
    const [{ have }] = (await ds.query(`SELECT count(*)::int AS have FROM report`)) as { have: number }[];
    let filled: FillResult | null = null;
    if (have === n) {
      log(`bench data: reusing ${n} reports (${dataDir})`);
    } else {
      log(`bench data: filling ${n} reports (the database held ${have}); load average ${loadAverage()}`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        filled = await fillBenchData(client, n, { log });
      } finally {
        await client.end();
      }
      const [size] = (await ds.query(
        `SELECT (SELECT count(*) FROM figure)::int AS figures, pg_size_pretty(pg_database_size(current_database())) AS size`,
      )) as { figures: number; size: string }[];
      log(
        `bench data: ${filled.reports} reports, ${size.figures} figures, ${filled.sections} sections (${(filled.chars / 1e6).toFixed(1)} M chars), ` +
          `database ${size.size}, filled in ${(filled.ms / 1000).toFixed(0)} s; load average ${loadAverage()}`,
      );
    }
    return { url, ds, filled, close };
  } catch (e) {
    await close();
    throw e;
  }
}

export interface BenchIndex {
  meili: EmbeddedMeilisearch;
  client: Meilisearch;
  indexName: string;
  /** the reindex, when this call built the index (null: reused) */
  build: { ms: number; documents: number; loadBefore: string; loadAfter: string } | null;
}

/** Starts the embedded Meilisearch under DIR; builds the index with the real reindex unless it is complete. */
export async function openBenchIndex(dataDir: string, ds: DataSource, rebuild = false): Promise<BenchIndex> {
  // every core (the server's default is half): on a machine shared with other work, a second indexing
  // thread is what gets the build a fair share of the CPU
  const meili = await startEmbeddedMeilisearch({ dataDir, indexingThreads: cpus().length });
  const client = createSearchClient({ url: meili.url, apiKey: meili.masterKey });
  try {
    await ensureIndex(client, DEFAULT_INDEX);
    const [indexed, expected] = [
      (await client.index(DEFAULT_INDEX).getStats()).numberOfDocuments,
      await countDocuments(ds),
    ];
    let build: BenchIndex["build"] = null;
    if (rebuild || indexed !== expected) {
      const loadBefore = loadAverage();
      const since = new Date();
      log(`bench index: building ${expected} documents (the index held ${indexed}); load average ${loadBefore}`);
      const indexer = new SearchIndexer({ ds, client, indexName: DEFAULT_INDEX, log });
      let last = 0;
      const r = await indexer.reindex((p) => {
        if (Date.now() - last > 30_000 || p.documents === p.total) {
          last = Date.now();
          log(
            `  indexed ${p.documents}/${p.total} (${new Date().toISOString().slice(11, 19)}, load average ${loadAverage()})`,
          );
        }
      });
      build = { ms: r.ms, documents: r.documents, loadBefore, loadAfter: loadAverage() };
      await logBatches(client, since);
      log(
        `bench index: ${r.documents} documents in ${(r.ms / 1000).toFixed(0)} s (${(r.documents / (r.ms / 1000)).toFixed(0)} sections/s); ` +
          `Meilisearch ${duMb(dataDir)} MB on disk; load average ${build.loadAfter}`,
      );
    } else {
      log(`bench index: reusing ${indexed} documents`);
    }
    return { meili, client, indexName: DEFAULT_INDEX, build };
  } catch (e) {
    await meili.stop();
    throw e;
  }
}

/** Where Meilisearch spent the time of the document batches of the build: first, middle and last batch. */
async function logBatches(client: Meilisearch, since: Date): Promise<void> {
  const all = (await client.batches.getBatches({ limit: 1000 } as never)).results
    .filter((b) => b.stats.types.documentAdditionOrUpdate && new Date(b.startedAt) >= since)
    .reverse();
  const sec = (v: unknown) => {
    const m = /([\d.]+)(µs|ms|s)$/.exec(String(v));
    return m ? Number(m[1]) * (m[2] === "s" ? 1 : m[2] === "ms" ? 1e-3 : 1e-6) : 0;
  };
  log(`bench index: ${all.length} document batches`);
  for (const b of [all[0], all[Math.floor(all.length / 2)], all.at(-1)]) {
    if (!b) continue;
    const steps = Object.entries(b.stats.progressTrace ?? {})
      .filter(([k]) => k.split(" > ").length === 3)
      .sort((x, y) => sec(y[1]) - sec(x[1]))
      .slice(0, 5);
    log(
      `  batch ${b.uid}: ${b.stats.totalNbTasks} tasks, ${JSON.stringify(b.details)}, ${b.duration}; ${steps.map(([k, v]) => `${k.split(" > ").at(-1)} ${v}`).join(", ")}`,
    );
  }
}

export function duMb(dataDir: string): string {
  try {
    return execFileSync("du", ["-sm", resolve(dataDir, "meili", "data")])
      .toString()
      .split("\t")[0];
  } catch {
    return "?";
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values: opt } = parseArgs({
    options: {
      "data-dir": { type: "string" },
      reports: { type: "string" },
      index: { type: "boolean", default: false },
      rebuild: { type: "boolean", default: false },
    },
  });
  if (!opt["data-dir"] || !(Number(opt.reports) > 0)) {
    console.error("usage: npm run bench:data -- --data-dir DIR --reports N [--index] [--rebuild]");
    process.exit(2);
  }
  const dir = resolve(opt["data-dir"]);
  const db = await openBenchDatabase(dir, Number(opt.reports));
  try {
    if (opt.index || opt.rebuild) await (await openBenchIndex(dir, db.ds, opt.rebuild)).meili.stop();
  } finally {
    await db.close();
  }
}
