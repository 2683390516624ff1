/** Shared by the ingest tests: generated folders, a fingerprint of the whole database, quiet commands. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DataSource } from "typeorm";
import { SYNTHETIC_MARKER } from "../../../src/ingest/discover.js";
import { generateCorpus, type CorpusFile } from "../../../src/synthetic/corpus.js";

/** Writes `count` generated reports (no gold files) into `dir`, marked synthetic unless told otherwise. */
export function writeSynthetic(dir: string, count: number, seed: number, marked = true): CorpusFile[] {
  mkdirSync(dir, { recursive: true });
  if (marked) writeFileSync(join(dir, SYNTHETIC_MARKER), "test corpus\n");
  const files = [...generateCorpus({ count, seed })];
  for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
  return files;
}

const TABLES: [string, string][] = [
  ["agency", "id"],
  ["source_file", "sha256"],
  ["report", "id"],
  ["figure", "report_id, variable"],
  ["section", "report_id, key"],
  ["diagnostic", "id"],
  ["search_outbox", "id"],
];

/** Row count and a digest of every row of every table: equal fingerprints mean nothing changed. */
export async function fingerprint(ds: DataSource): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, order] of TABLES) {
    const [row] = (await ds.query(
      `SELECT count(*) AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY ${order}), '')) AS h FROM ${table} t`,
    )) as { n: string; h: string }[];
    out[table] = `${row.n} ${row.h}`;
  }
  return out;
}

/** Runs a command module's `run` with its console output captured. */
export async function runQuiet(run: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const { log, error } = console;
  let out = "",
    err = "";
  console.log = (...a: unknown[]) => {
    out += a.join(" ") + "\n";
  };
  console.error = (...a: unknown[]) => {
    err += a.join(" ") + "\n";
  };
  try {
    return { code: await run(), out, err };
  } finally {
    console.log = log;
    console.error = error;
  }
}
