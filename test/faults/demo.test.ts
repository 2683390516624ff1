// GONGKAI_DEMO=false means real reports only, everywhere (issue 15, item 13): the 60 invented reports
// still showed in `reports`, `aggregate` and exact search. Now an API made with realOnly (what serving
// passes for GONGKAI_DEMO=false) shows none of them in any read; `demo remove` deletes them.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { run as demoCommand } from "../../src/commands/demo.js";
import { createApolloServer, startHttpServer, type RunningServer } from "../../src/server.js";
import { gqlAt, PHRASE, seedSynthetic, startTestApi, storeFile, type TestApi } from "../integration/support/api.js";
import { runQuiet } from "../integration/support/ingest.js";
import { renderReport } from "../../src/synthetic/render.js";
import { syntheticValues } from "../../src/synthetic/values.js";

let t: TestApi;
let real: RunningServer;
let realId = 0;
before(
  async () => {
    t = await startTestApi("faults_demo");
    await seedSynthetic(t.ds, t.dataDir);
    const text = renderReport(syntheticValues(9, "2021"), {
      format: "2021",
      year: 2022,
      agency: "广州市天河区人民政府",
      layout: "lines",
    }).replace("持续优化", `对涉及${PHRASE}的申请依法审慎处理。持续优化`);
    realId = (await storeFile(t.ds, t.dataDir, "real.txt", Buffer.from(text))).reportId;
    real = await startHttpServer(createApolloServer({ ds: t.ds, dataDir: t.dataDir, realOnly: true }), { port: 0 });
  },
  { timeout: 120_000 },
);
after(async () => {
  await real?.close();
  await t?.close();
});

const READS = `query($q: String!) {
  reports(first: 100) { totalCount nodes { id synthetic } }
  agencies(first: 100) { totalCount nodes { name reports { id synthetic } } }
  aggregate(groupBy: [year]) { count }
  search(query: $q, exact: true) { totalCount nodes { reportId } }
}`;

test("GONGKAI_DEMO=false: no invented report in reports, report, agencies, aggregate or exact search; demo remove deletes them", {
  timeout: 60_000,
}, async () => {
  const demo = await t.gql(READS, { q: PHRASE });
  assert.ok(demo.data.reports.totalCount > 60, "the demo instance shows the invented reports");
  const r = await gqlAt(real.url, READS, { q: PHRASE });
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  assert.deepEqual(
    r.data.reports.nodes.map((n: { id: number }) => n.id),
    [realId],
  );
  assert.equal(r.data.reports.totalCount, 1);
  assert.equal(r.data.agencies.totalCount, 1);
  assert.deepEqual(
    r.data.agencies.nodes[0].reports.map((x: { synthetic: boolean }) => x.synthetic),
    [false],
  );
  assert.equal(
    r.data.aggregate.reduce((s: number, g: { count: number }) => s + g.count, 0),
    1,
  );
  assert.deepEqual(
    r.data.search.nodes.map((n: { reportId: number }) => n.reportId),
    [realId],
  );
  const [synthetic] = await t.ds.query("SELECT id FROM report WHERE synthetic LIMIT 1");
  const one = await gqlAt(real.url, `query($id: Int!) { report(id: $id) { id } }`, { id: synthetic.id });
  assert.equal(one.errors, undefined);
  assert.equal(one.data.report, null, "an invented report is not there");

  const stored = async (synthetic: boolean): Promise<string[]> =>
    (
      await t.ds.query(
        `SELECT DISTINCT s.storage_path AS path FROM source_file s JOIN report r ON r.source_file_sha256 = s.sha256
         WHERE r.synthetic = $1`,
        [synthetic],
      )
    ).map((x: { path: string }) => join(t.dataDir, x.path.replace(/@.*$/, "")));
  const demoFiles = await stored(true);
  const realFiles = await stored(false);
  assert.ok(demoFiles.length > 0 && demoFiles.every((f) => existsSync(f)), "the demo's bytes are stored");

  const removed = await runQuiet(() =>
    demoCommand(["remove"], { ...process.env, DATABASE_URL: t.db.url, GONGKAI_DATA_DIR: t.dataDir }),
  );
  assert.equal(removed.code, 0, removed.err);
  assert.match(removed.out, /60 invented reports/);
  const after = await t.gql(READS, { q: PHRASE });
  assert.equal(after.errors, undefined, JSON.stringify(after.errors));
  assert.equal(after.data.reports.totalCount, 1, "only the real report is left");
  const [outbox] = await t.ds.query("SELECT count(*)::int AS n FROM search_outbox WHERE op = 'delete'");
  assert.ok(outbox.n >= 60, "their search documents are queued for removal");
  // the stored bytes went with them (blobs of their own, packs no source file refers to); the real one's stay
  assert.deepEqual(
    demoFiles.filter((f) => existsSync(f)),
    [],
  );
  assert.ok(realFiles.length === 1 && existsSync(realFiles[0]!), "the real report's bytes stay");
});
