// Issue 15, items 1, 2 and 12 (secrets): commands run beside a live `serve` (ingest, export) attach to its servers
// (the API answers throughout, the server's Postgres is the same one after); kill -9 of each embedded
// child is repaired within seconds (figures printed as "figure: …"); the API key is in neither child's
// environment; SIGTERM leaves no process.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { tempDataDir } from "../integration/support/servers.js";
import { cli, figure, gql, health, inventedReports, noneLeft, record, secondsUntil, serve } from "./support.js";

const KEY = "fault-suite-secret-key-0123456789";
const COUNT = "{ reports(first: 1) { totalCount } }";

test("live server: ingest attaches, the API answers throughout; kill -9 of Postgres and Meilisearch is repaired; SIGTERM stops all", {
  timeout: 180_000,
}, async () => {
  const dir = tempDataDir("fault-live");
  const s = await serve(dir.path, { GONGKAI_API_KEY: KEY });
  try {
    const pg = record(dir.path, "postgres");
    const meili = record(dir.path, "meili");

    // secrets: the servers' environments hold nothing of ours but what they need
    for (const pid of [pg.pid, meili.pid, pg.watchdog]) {
      const env = readFileSync(`/proc/${pid}/environ`, "utf8");
      assert.ok(
        !env.includes(KEY) && !env.includes("GONGKAI_API_KEY"),
        `the API key is not in the environment of ${pid}`,
      );
    }

    // a command beside the live server: it attaches, the API keeps answering
    const files = inventedReports(join(dir.path, "in"), 10, 151);
    const ingest = cli(["ingest", "--synthetic", "--progress", "none", files], dir.path);
    let answered = 0;
    const failures: string[] = [];
    let running = true;
    void ingest.exited.then(() => (running = false));
    while (running) {
      const r = await gql(s.url, COUNT);
      if (r.status === 200 && !r.body?.errors) answered++;
      else failures.push(`${r.status} ${JSON.stringify(r.body?.errors)}`);
      await sleep(100);
    }
    assert.equal(await ingest.exited, 0, ingest.log());
    assert.deepEqual(failures, [], "every API request answered while ingest ran");
    assert.doesNotMatch(ingest.log(), /stale/);
    assert.equal(record(dir.path, "postgres").pid, pg.pid, "the server's Postgres is the one it started");
    assert.equal((await gql(s.url, COUNT)).body.data.reports.totalCount, 10);
    figure("API requests answered while ingest ran beside serve", `${answered}, 0 failed`);

    // and an export beside it
    const exp = cli(
      ["export", "--out", join(dir.path, "export"), "--formats", "csv", "--include-synthetic", "--quiet"],
      dir.path,
    );
    assert.equal(await exp.exited, 0, exp.log());
    assert.equal((await gql(s.url, COUNT)).body.data.reports.totalCount, 10, "the API answers after the export");
    assert.equal(record(dir.path, "postgres").pid, pg.pid, "the export left the server's Postgres running");

    // kill -9 of Postgres: restarted on the same port, the pool reconnects
    process.kill(pg.pid, "SIGKILL");
    // (a backend can answer on its open connection for a moment after its postmaster died: wait for the new one)
    const pgBack = await secondsUntil(
      async () =>
        record(dir.path, "postgres").pid !== pg.pid && (await gql(s.url, COUNT)).body?.data?.reports.totalCount === 10,
      60_000,
      "Postgres back",
    );
    assert.equal(record(dir.path, "postgres").port, pg.port);
    figure("kill -9 Postgres → queries answer again", `${pgBack.toFixed(1)} s`);

    // kill -9 of Meilisearch: /health names it, it comes back, ranked search answers
    process.kill(meili.pid, "SIGKILL");
    const during = await health(s.url);
    const meiliBack = await secondsUntil(
      async () => {
        const r = await gql(s.url, `{ search(query: "公开") { totalCount } }`);
        return r.status === 200 && !r.body?.errors && (await health(s.url))?.search === true;
      },
      60_000,
      "Meilisearch back",
    );
    figure(
      "kill -9 Meilisearch → ranked search answers again",
      `${meiliBack.toFixed(1)} s (health right after the kill: ${JSON.stringify(during)})`,
    );
    assert.match(s.log(), /embedded Meilisearch \(pid \d+\) has exited: restarting/);

    const t0 = Date.now();
    s.child.kill("SIGTERM");
    assert.notEqual(await s.exited, null);
    assert.deepEqual(await noneLeft(dir.path), [], "no process of the data dir is left");
    figure("SIGTERM to serve → every process gone", `${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    s.child.kill("SIGKILL");
    await noneLeft(dir.path);
    dir.remove();
  }
});
