/**
 * `gongkai reindex`: rebuilds the search index from Postgres into a new index and swaps it in
 * (searches keep working on the old one until the swap), then drains the outbox rows written meanwhile.
 * Progress goes to stderr: a bar on a terminal, plain lines otherwise.
 */
import { ConfigError, loadConfig } from "../config.js";
import { openDatabase } from "../db/open.js";
import { SearchIndexer } from "../search/indexer.js";
import { openSearch } from "../search/open.js";
import { startProgress, type Progress } from "../util/progress.js";

const USAGE = `usage: gongkai reindex [--progress auto|bar|lines|none]
  Rebuild the search index from the database and swap it in atomically.
  Uses DATABASE_URL / MEILI_URL when set, else the embedded servers under GONGKAI_DATA_DIR.`;

type ProgressMode = "auto" | "bar" | "lines" | "none";

export async function run(args: string[]): Promise<number> {
  let mode: ProgressMode = "auto";
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-h" || a === "--help") {
      console.log(USAGE);
      return 0;
    }
    if (a === "--progress" && ["auto", "bar", "lines", "none"].includes(args[i + 1] ?? "")) {
      mode = args[++i] as ProgressMode;
      continue;
    }
    console.error(`reindex: unexpected argument "${a}"\n${USAGE}`);
    return 2;
  }

  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }

  const db = await openDatabase(config).catch((e: Error) => {
    console.error(`reindex: cannot open the database: ${e.message}`);
    return null;
  });
  if (!db) return 1;
  let search: Awaited<ReturnType<typeof openSearch>> | undefined;
  let progress: Progress | undefined;
  try {
    search = await openSearch(config);
    const indexer = new SearchIndexer({
      ds: db.ds,
      client: search.client,
      indexName: search.indexName,
      log: (m) => console.error(m),
    });
    const result = await indexer.reindex((p) => {
      progress ??= startProgress({ label: "reindex", total: p.total, mode });
      progress.update(p.documents, "sections");
    });
    progress?.stop();
    console.log(`reindexed ${result.documents} sections into "${result.index}" in ${(result.ms / 1000).toFixed(1)} s`);
    const d = result.drain;
    if (d.rows) console.log(`then synced ${d.synced} reports written during the rebuild`);
    if (d.unavailable || d.failed) {
      console.error(
        `reindex: the drain after the swap did not finish (${d.error ?? `${d.failed} reports refused`}); the outbox keeps them`,
      );
      return 1;
    }
    return 0;
  } catch (e) {
    progress?.stop();
    console.error(`reindex: ${(e as Error).message}`);
    return 1;
  } finally {
    await search?.close();
    await db.close();
  }
}
