// `serve` as its own process on an empty data folder: embedded Postgres and Meilisearch (the same opening
// as `npm start`, serving.ts), ranked search through Meilisearch, a report uploaded over the API found by
// ranked search once the periodic drain has indexed it and gone again after deleteReport; SIGINT stops
// everything; --no-search serves without Meilisearch (ranked SEARCH_UNAVAILABLE, exact still answers).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { renderReport } from "../../src/synthetic/render.js";
import { syntheticValues } from "../../src/synthetic/values.js";
import { gqlAt } from "./support/api.js";
import { tempDataDir } from "./support/servers.js";

const KEY = "serve-test-key-0123456789";

async function serve(dataDir: string, args: string[] = []) {
  const env: NodeJS.ProcessEnv = { ...process.env, GONGKAI_DATA_DIR: dataDir, GONGKAI_API_KEY: KEY };
  delete env.DATABASE_URL;
  delete env.MEILI_URL;
  const child = spawn(
    process.execPath,
    ["--import", "./scripts/ts-loader.mjs", "src/cli.ts", "serve", "--port", "0", ...args],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  child.stdout.on("data", (c) => (log += c));
  child.stderr.on("data", (c) => (log += c));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  for (let i = 0; i < 600 && !/API at \S+/.test(log) && child.exitCode === null; i++) await sleep(250);
  const url = /API at (\S+)/.exec(log)?.[1];
  assert.ok(url, `serve did not start:\n${log}`);
  return {
    url,
    log: () => log,
    async stop() {
      child.kill("SIGINT");
      await exited;
    },
  };
}

const RANKED = `query($q: String!, $exact: Boolean) { search(query: $q, exact: $exact) { totalCount nodes { reportId section snippet } } }`;

test("serve: Meilisearch behind ranked search, uploads indexed by the drain, --no-search, SIGINT stops it all", {
  timeout: 300_000,
}, async () => {
  const dir = tempDataDir("serve");
  try {
    const a = await serve(dir.path);
    try {
      assert.match(a.log(), /ranked search: Meilisearch at http/);
      const empty = await gqlAt(a.url, RANKED, { q: "过程性信息" });
      assert.equal(empty.errors, undefined, JSON.stringify(empty.errors));
      assert.equal(empty.data.search.totalCount, 0);

      const text = renderReport(syntheticValues(5, "2021"), {
        format: "2021",
        year: 2023,
        agency: "广州市越秀区人民政府",
        layout: "lines",
      }).replace("持续优化", "对涉及过程性信息的申请依法审慎处理。持续优化");
      const up = await gqlAt(
        a.url,
        `mutation($n: String!, $b: String!) { ingestUpload(filename: $n, contentBase64: $b) { outcome reportId } }`,
        { n: "yuexiu-2023.txt", b: Buffer.from(text).toString("base64") },
        { authorization: `Bearer ${KEY}` },
      );
      assert.equal(up.errors, undefined, JSON.stringify(up.errors));
      assert.equal(up.data.ingestUpload.outcome, "stored");
      const id = up.data.ingestUpload.reportId;

      // the periodic drain (every 5 s) brings it into the index
      let found: any;
      for (let i = 0; i < 60; i++) {
        found = await gqlAt(a.url, RANKED, { q: "过程性信息" });
        if (found.data?.search.totalCount > 0) break;
        await sleep(500);
      }
      assert.equal(found.errors, undefined, JSON.stringify(found.errors));
      assert.deepEqual(
        found.data.search.nodes.map((n: { reportId: number }) => n.reportId),
        [id],
      );
      assert.match(found.data.search.nodes[0].snippet, /过程性信息/);

      const del = await gqlAt(
        a.url,
        `mutation($id: Int!) { deleteReport(id: $id) { reportId } }`,
        { id },
        { authorization: `Bearer ${KEY}` },
      );
      assert.equal(del.errors, undefined, JSON.stringify(del.errors));
      let gone: any;
      for (let i = 0; i < 60; i++) {
        // the API leaves out a deleted report at once; the drain then removes it from the index
        gone = await gqlAt(a.url, RANKED, { q: "过程性信息" });
        if (gone.data?.search.totalCount === 0) break;
        await sleep(500);
      }
      assert.equal(gone.data.search.totalCount, 0);
    } finally {
      await a.stop();
    }
    const pm = join(dir.path, "postgres", "postmaster.pid");
    for (let i = 0; i < 40 && existsSync(pm); i++) await sleep(250);
    assert.ok(!existsSync(pm), "embedded Postgres stopped");

    const b = await serve(dir.path, ["--no-search"]);
    try {
      assert.match(b.log(), /ranked search: unavailable/);
      const r = await gqlAt(b.url, RANKED, { q: "公开" });
      assert.equal(r.errors?.[0].extensions?.code, "SEARCH_UNAVAILABLE");
      const exact = await gqlAt(b.url, RANKED, { q: "公开", exact: true });
      assert.equal(exact.errors, undefined, JSON.stringify(exact.errors));
    } finally {
      await b.stop();
    }
  } finally {
    dir.remove();
  }
});
