// Issue 15, items 1 and 10: two ingests started together on one data dir (no server running) both
// succeed — the second attaches to the Postgres the first starts, and whichever ends last stops it;
// two processes migrating a fresh database at once both succeed (advisory lock around migrations).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { createDataSource, migrate } from "../../src/db/data-source.js";
import { ensureDatabase } from "../../src/db/databases.js";
import { startEmbeddedPostgres } from "../../src/db/embedded-postgres.js";
import { tempDataDir } from "../integration/support/servers.js";
import { cli, figure, inventedReports, noneLeft } from "./support.js";

test("two ingests started together on a fresh data dir both succeed; nothing is left after", {
  timeout: 180_000,
}, async () => {
  const dir = tempDataDir("fault-two-ingests");
  try {
    const a = inventedReports(join(dir.path, "a"), 6, 7);
    const b = inventedReports(join(dir.path, "b"), 6, 8);
    const runs = [a, b].map((folder) =>
      cli(["ingest", "--synthetic", "--json", "--progress", "none", folder], dir.path),
    );
    const codes = await Promise.all(runs.map((r) => r.exited));
    assert.deepEqual(codes, [0, 0], runs.map((r) => r.log()).join("\n---\n"));
    const summaries = runs.map((r) =>
      JSON.parse(
        r
          .log()
          .split("\n")
          .find((l) => l.startsWith("{"))!,
      ),
    );
    assert.deepEqual(
      summaries.map((s) => s.failed),
      [0, 0],
    );
    assert.equal(summaries[0].stored + summaries[1].stored, 12, "every report of both folders stored");
    assert.deepEqual(await noneLeft(dir.path), [], "the last one out stopped Postgres");
    figure(
      "two ingests started together",
      `both exit 0, ${summaries[0].stored}+${summaries[1].stored} reports stored, 0 failed`,
    );
  } finally {
    dir.remove();
  }
});

test("migration race: two data sources migrating one fresh database at once both succeed", {
  timeout: 120_000,
}, async () => {
  const dir = tempDataDir("fault-migrate");
  const pg = await startEmbeddedPostgres({ dataDir: dir.path, database: "postgres" });
  try {
    for (let round = 1; round <= 3; round++) {
      const url = await ensureDatabase(pg.serverUrl, `race_${round}`);
      const sources = [createDataSource(url), createDataSource(url)];
      const results = await Promise.allSettled(
        sources.map(async (ds) => {
          await ds.initialize();
          await migrate(ds);
        }),
      );
      for (const r of results) assert.equal(r.status, "fulfilled", r.status === "rejected" ? String(r.reason) : "");
      const rows = await sources[0].query(
        "SELECT name, count(*)::int AS n FROM migrations GROUP BY name HAVING count(*) > 1",
      );
      assert.deepEqual(rows, [], "each migration recorded once");
      await Promise.all(sources.map((ds) => ds.destroy()));
    }
    figure("migration race", "3 rounds of two concurrent migrations of a fresh database: all succeed");
  } finally {
    await pg.stop();
    dir.remove();
  }
});
