// kill -9 of an ingest in the middle of a batch: every report in the database is whole, and a rerun
// converges to every report exactly once. The database server belongs to the test, so the child's death
// does not take it along.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { variablesFor, type FormatVersion } from "../../src/codebook/index.js";
import { readBlob, sha256 } from "../../src/ingest/blobs.js";
import { crossYearIssues } from "../../src/validate/cross-year.js";
import { openTestDatabase, type TestDatabase } from "./support/database.js";
import { tempDataDir } from "./support/servers.js";
import { writeSynthetic } from "./support/ingest.js";

const COUNT = 200;
let db: TestDatabase;
const data = tempDataDir("ingest-kill");
const corpus = join(data.path, "corpus");
const files = writeSynthetic(corpus, COUNT, 55);

before(async () => {
  db = await openTestDatabase("ingest_kill");
});
after(async () => {
  await db?.close();
  data.remove();
});

const q = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => db.ds.query(sql, params) as Promise<T[]>;
const count = async (sql: string) => Number((await q<{ n: string }>(sql))[0].n);

function startIngest() {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "./scripts/ts-loader.mjs",
      "src/cli.ts",
      "ingest",
      "--synthetic",
      "--json",
      "--progress",
      "lines",
      corpus,
    ],
    {
      env: { ...process.env, DATABASE_URL: db.url, GONGKAI_DATA_DIR: join(data.path, "data") },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "",
    err = "";
  child.stdout.on("data", (c: Buffer) => (out += c));
  child.stderr.on("data", (c: Buffer) => (err += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((done) =>
    child.on("exit", (code, signal) => done({ code, signal, out, err })),
  );
  return { child, exited };
}

/** Every report whole: all figures of its format, its sections, its outbox row, its kept bytes; nothing dangling. */
async function expectWhole(): Promise<void> {
  const reports = await q<{
    id: number;
    format: FormatVersion;
    figures: number;
    sections: number;
    outbox: number;
    storage_path: string;
    sha256: string;
  }>(`
    SELECT r.id, r.format, s.storage_path, s.sha256,
      (SELECT count(*)::int FROM figure f WHERE f.report_id = r.id) AS figures,
      (SELECT count(*)::int FROM section x WHERE x.report_id = r.id) AS sections,
      (SELECT count(*)::int FROM search_outbox o WHERE o.report_id = r.id AND o.op = 'upsert') AS outbox
    FROM report r JOIN source_file s ON s.sha256 = r.source_file_sha256`);
  for (const r of reports) {
    assert.equal(r.figures, variablesFor(r.format).length, `report ${r.id}: figures`);
    assert.equal(r.sections, 5, `report ${r.id}: sections`);
    assert.equal(r.outbox, 1, `report ${r.id}: outbox row`);
    assert.equal(
      sha256(await readBlob(join(data.path, "data"), r.storage_path)),
      r.sha256,
      `report ${r.id}: kept bytes`,
    );
  }
  assert.equal(
    await count(
      "SELECT count(*) AS n FROM agency a WHERE NOT EXISTS (SELECT 1 FROM report r WHERE r.agency_id = a.id)",
    ),
    0,
    "no agency without a report",
  );
  assert.equal(
    await count(
      "SELECT count(*) AS n FROM source_file s WHERE NOT EXISTS (SELECT 1 FROM report r WHERE r.source_file_sha256 = s.sha256)",
    ),
    0,
    "no source file without a report",
  );
}

test("kill -9 mid-batch leaves only whole reports; a rerun converges to every report exactly once", async () => {
  const first = startIngest();
  let landed = 0;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(50)) {
    landed = await count("SELECT count(*) AS n FROM report");
    if (landed >= 20) break;
  }
  first.child.kill("SIGKILL");
  const killed = await first.exited;
  assert.equal(killed.signal, "SIGKILL", killed.err);
  const atKill = await count("SELECT count(*) AS n FROM report");
  assert.ok(atKill >= 20 && atKill < COUNT, `killed mid-batch (${atKill} of ${COUNT} landed)`);
  await expectWhole();

  const second = startIngest();
  const done = await second.exited;
  assert.equal(done.code, 0, done.err);
  const summary = JSON.parse(done.out.trim().split("\n").pop()!);
  assert.equal(summary.unchanged + summary.stored + summary.revisions, COUNT);
  assert.ok(summary.unchanged >= atKill, "what landed before the kill is not written again");

  assert.equal(await count("SELECT count(*) AS n FROM report"), COUNT);
  assert.equal(await count("SELECT count(DISTINCT source_file_sha256) AS n FROM report"), COUNT);
  assert.equal(await count("SELECT count(*) AS n FROM report WHERE NOT is_current"), 0);
  await expectWhole();

  // cross-year diagnostics as if the batch had never been interrupted
  const ids = new Map(
    (
      await q<{ name: string; id: number }>(
        "SELECT s.original_name AS name, r.id FROM report r JOIN source_file s ON s.sha256 = r.source_file_sha256",
      )
    ).map((r) => [r.name, r.id]),
  );
  for (const f of files) {
    const prev = files.find((g) => g.agency === f.agency && g.gold.meta.year === f.gold.meta.year - 1);
    const want = prev
      ? crossYearIssues(
          { year: prev.gold.meta.year, format: prev.gold.meta.format, values: prev.gold.values },
          { year: f.gold.meta.year, format: f.gold.meta.format, values: f.gold.values },
        ).length
      : 0;
    assert.equal(
      await count(`SELECT count(*) AS n FROM diagnostic WHERE report_id = ${ids.get(f.name)} AND code LIKE 'XY%'`),
      want,
      f.name,
    );
  }
});
