/**
 * `gongkai demo remove`: deletes the invented (synthetic) reports — the demo data `npm start` loads
 * into an empty database, or a generated corpus ingested with --synthetic — with their figures,
 * sections and diagnostics, the invented agencies left without reports, and the source-file rows of
 * those reports that no other report refers to; their search documents are queued for removal (the outbox, drained by
 * the running server or the next start). One transaction: all of it or nothing. Real reports are
 * untouched. Set GONGKAI_DEMO=false as well, or `npm start` loads the demo again into an empty database.
 * After the commit, the stored bytes of the deleted source files go too: blobs of their own, and packs
 * that no source file refers to any more (a pack is written by one ingest thread under a name of its
 * own, so no other run appends to it).
 */
import { rm, unlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { DataSource } from "typeorm";
import { EXIT } from "./args.js";
import { withDatabase } from "./batch.js";
import { packedAt } from "../ingest/blobs.js";

export const USAGE = `usage: gongkai demo remove
  Deletes the invented (synthetic) reports and agencies from the database and queues their removal
  from the search index; real reports are untouched. Set GONGKAI_DEMO=false too, or npm start loads the
  demo data again into an empty database.
exit status: 0 done; 2 usage error; 3 could not run (configuration, database)`;

export interface DemoRemoval {
  reports: number;
  agencies: number;
  sourceFiles: number;
  /** storage paths (relative to the data dir) of the deleted source files */
  storagePaths: string[];
}

export async function removeDemo(ds: DataSource): Promise<DemoRemoval> {
  // TypeORM answers DELETE … RETURNING with [rows, count]
  const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) && Array.isArray(r[0]) ? r[0] : r) as T[];
  return ds.transaction(async (m) => {
    const gone = rowsOf<{ id: number; sha: string }>(
      await m.query("DELETE FROM report WHERE synthetic RETURNING id, source_file_sha256 AS sha"),
    );
    if (gone.length) {
      await m.query("INSERT INTO search_outbox (report_id, op) SELECT unnest($1::int[]), 'delete'", [
        gone.map((r) => r.id),
      ]);
    }
    const agencies = rowsOf(
      await m.query(
        "DELETE FROM agency ag WHERE ag.synthetic AND NOT EXISTS (SELECT 1 FROM report r WHERE r.agency_id = ag.id) RETURNING ag.id",
      ),
    );
    const files = rowsOf<{ path: string }>(
      await m.query(
        `DELETE FROM source_file s WHERE s.sha256 = ANY($1::text[])
         AND NOT EXISTS (SELECT 1 FROM report r WHERE r.source_file_sha256 = s.sha256)
         RETURNING s.storage_path AS path`,
        [gone.map((r) => r.sha)],
      ),
    );
    return {
      reports: gone.length,
      agencies: agencies.length,
      sourceFiles: files.length,
      storagePaths: files.map((f) => f.path),
    };
  });
}

/**
 * The stored bytes of deleted source files (run after the deletion committed): each blob of its own,
 * and each pack none of whose blobs a source file still refers to. How many files went.
 */
export async function removeBlobs(ds: DataSource, dataDir: string, storagePaths: string[]): Promise<number> {
  let n = 0;
  const packs = new Set<string>();
  for (const path of storagePaths) {
    const packed = packedAt(path);
    if (packed) packs.add(packed.pack);
    else if (await gone(join(dataDir, path))) n++;
  }
  for (const pack of packs) {
    const [held] = await ds.query("SELECT 1 FROM source_file WHERE starts_with(storage_path, $1) LIMIT 1", [
      `${pack}@`,
    ]);
    if (!held && (await gone(join(dataDir, pack)))) n++;
  }
  return n;
}

/** Deletes a file; whether it was there. */
async function gone(file: string): Promise<boolean> {
  try {
    await unlink(file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw e;
  }
}

export async function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (args[0] === "--help" || args[0] === "-h") {
    console.log(USAGE);
    return EXIT.OK;
  }
  if (args.length !== 1 || args[0] !== "remove") {
    console.error(`demo: expected "remove"\n${USAGE}`);
    return EXIT.USAGE;
  }
  return withDatabase({ command: "demo remove", env }, async (ds, config) => {
    const r = await removeDemo(ds);
    const dataDir = resolve(config.dataDir);
    const files = await removeBlobs(ds, dataDir, r.storagePaths);
    // the demo corpus npm start wrote under the data dir
    await rm(join(dataDir, "demo"), { recursive: true, force: true });
    console.log(
      `demo remove: ${r.reports} invented reports, ${r.agencies} invented agencies and ${r.sourceFiles} source-file rows deleted ` +
        `(${files} stored file${files === 1 ? "" : "s"} with them); ` +
        "their search documents are queued for removal" +
        (config.demo
          ? "\n  note: GONGKAI_DEMO is not false: npm start loads the demo data again into an empty database"
          : ""),
    );
    return EXIT.OK;
  });
}
