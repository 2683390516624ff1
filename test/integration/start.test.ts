// A newcomer's run: `npm start` (src/cli.ts start) on an empty data folder brings up Postgres, Meilisearch, demo data and
// the API; the README / landing-page example queries answer with data; Ctrl-C stops everything; a
// second start reuses the data.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { EXAMPLE_QUERIES } from "../../src/server/landing.js";
import { tempDataDir } from "./support/servers.js";

/** every `start` spawned: stopped in `finally` when an assertion fails first (else the test file never ends) */
const started: ReturnType<typeof spawn>[] = [];

async function start(dataDir: string) {
  const ready = join(dataDir, "ready");
  rmSync(ready, { force: true });
  const env: NodeJS.ProcessEnv = { ...process.env, GONGKAI_DATA_DIR: dataDir, PORT: "0", GONGKAI_READY_FILE: ready };
  delete env.DATABASE_URL;
  delete env.MEILI_URL;
  // what `npm start` runs (npm itself is left out: it does not pass Ctrl-C on to a child it spawns here)
  const child = spawn(process.execPath, ["--import", "./scripts/ts-loader.mjs", "src/cli.ts", "start"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  let log = "";
  child.stdout.on("data", (c) => (log += c));
  child.stderr.on("data", (c) => (log += c));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  for (let i = 0; i < 600 && !existsSync(ready); i++) await new Promise((r) => setTimeout(r, 250));
  assert.ok(existsSync(ready), `not ready:\n${log}`);
  return { url: readFileSync(ready, "utf8"), child, exited, log: () => log };
}

async function gql(url: string, query: string) {
  const r = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });
  return (await r.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

test("npm start: demo data, the example queries answer, Ctrl-C stops it all, a restart reuses the data", {
  timeout: 300_000,
}, async () => {
  const dir = tempDataDir("start");
  try {
    const a = await start(dir.path);
    for (const ex of EXAMPLE_QUERIES) {
      const r = await gql(a.url, ex.query);
      assert.equal(r.errors, undefined, `${ex.title}: ${JSON.stringify(r.errors)}`);
      assert.ok(JSON.stringify(r.data).length > 100, `${ex.title} answers with data: ${JSON.stringify(r.data)}`);
    }
    const count = (await gql(a.url, "{ reports(first: 1) { totalCount } }")).data as {
      reports: { totalCount: number };
    };
    assert.ok(count.reports.totalCount >= 50);
    const page = await fetch(a.url.replace(/graphql$/, ""));
    assert.match(await page.text(), /gongkai/);
    process.kill(a.child.pid!, "SIGINT");
    await a.exited;
    const pm = join(dir.path, "postgres", "postmaster.pid");
    for (let i = 0; i < 40 && existsSync(pm); i++) await new Promise((r) => setTimeout(r, 250));
    assert.ok(!existsSync(pm), "embedded Postgres stopped");

    const b = await start(dir.path);
    assert.doesNotMatch(b.log(), /loading \d+ invented demo reports/);
    const again = (await gql(b.url, "{ reports(first: 1) { totalCount } }")).data as {
      reports: { totalCount: number };
    };
    assert.equal(again.reports.totalCount, count.reports.totalCount);
    process.kill(b.child.pid!, "SIGINT");
    await b.exited;
  } finally {
    for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill("SIGTERM");
    await Promise.all(
      started.map((c) =>
        c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((r) => c.once("exit", r)),
      ),
    );
    dir.remove();
  }
});
