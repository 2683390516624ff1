// Mutations over HTTP: the API key is required; ingest (upload, server path), re-parse, delete — each
// checked in the database, including the search outbox rows.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { renderReport } from "../../src/synthetic/render.js";
import { syntheticValues } from "../../src/synthetic/values.js";
import { createApolloServer, startHttpServer } from "../../src/server.js";
import { CORPUS_DIR, corpusMissing } from "../corpus/corpus.js";
import { agencyLockKey } from "../../src/ingest/agency-store.js";
import { API_KEY, startTestApi, type TestApi } from "./support/api.js";

let t: TestApi;
before(async () => {
  t = await startTestApi("api_mut", { ingestRoots: [CORPUS_DIR] });
});
after(async () => {
  await t?.close();
});

const KEY = { authorization: `Bearer ${API_KEY}` };
const report = (agency: string, year: number, seed: number, layout: "lines" | "pipe" = "lines", published?: string) =>
  renderReport(syntheticValues(seed, "2021"), { format: "2021", year, agency, layout, published });
const UPLOAD = `mutation($n: String!, $b: String!) { ingestUpload(filename: $n, contentBase64: $b) { file outcome reportId error report { id year agency { name } } } }`;
const upload = (name: string, text: string, headers: Record<string, string> = KEY) =>
  t.gql(UPLOAD, { n: name, b: Buffer.from(text).toString("base64") }, headers);
const outbox = async (id: number) =>
  (await t.ds.query("SELECT op FROM search_outbox WHERE report_id = $1 ORDER BY id", [id])).map(
    (r: { op: string }) => r.op,
  );

describe("authentication", () => {
  test("every mutation without the key, or with a wrong one, is UNAUTHENTICATED and changes nothing", async () => {
    const before = (await t.ds.query("SELECT count(*)::int AS n FROM report"))[0].n;
    const mutations = [
      `mutation { deleteReport(id: 1) { reportId } }`,
      `mutation { reparseReport(id: 1) { reportId } }`,
      `mutation { ingestPath(path: "${CORPUS_DIR}") { outcome } }`,
    ];
    const attempts: Record<string, string>[] = [{}, { authorization: "Bearer wrong" }, { "x-api-key": `${API_KEY}x` }];
    for (const headers of attempts) {
      for (const m of mutations) {
        const r = await t.gql(m, undefined, headers);
        assert.equal(r.errors?.[0].extensions?.code, "UNAUTHENTICATED", `${m} ${JSON.stringify(headers)}`);
      }
      const u = await upload("a.txt", report("广州市番禺区人民政府", 2023, 1), headers);
      assert.equal(u.errors?.[0].extensions?.code, "UNAUTHENTICATED");
    }
    assert.equal((await t.ds.query("SELECT count(*)::int AS n FROM report"))[0].n, before);
  });

  test("a server without GONGKAI_API_KEY refuses every mutation, whatever the request sends", async () => {
    const api = createApolloServer({ ds: t.ds });
    const server = await startHttpServer(api, { port: 0 });
    try {
      const res = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...KEY },
        body: JSON.stringify({ query: "mutation { deleteReport(id: 1) { reportId } }" }),
      });
      const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
      assert.equal(body.errors[0].extensions.code, "UNAUTHENTICATED");
      assert.match(body.errors[0].message, /disabled/);
    } finally {
      await server.close();
    }
  });

  test("CORS: any origin may call; preflight answered", async () => {
    const pre = await fetch(t.server.url, {
      method: "OPTIONS",
      headers: { origin: "https://example.org", "access-control-request-method": "POST" },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get("access-control-allow-origin"), "*");
    assert.match(pre.headers.get("access-control-allow-headers") ?? "", /authorization/);
  });

  test("large bodies are refused without the key (413), accepted with it", async () => {
    const big = JSON.stringify({ query: `{ codebook { name } }`, variables: { pad: "x".repeat(2 * 1024 * 1024) } });
    const open = await fetch(t.server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: big,
    });
    assert.equal(open.status, 413);
    const keyed = await fetch(t.server.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...KEY },
      body: big,
    });
    assert.equal(keyed.status, 200);
  });
});

describe("ingest, re-parse, delete", () => {
  test("upload: stored, then unchanged when sent again; a second file for the agency+year is a revision", async () => {
    const text = report("广州市番禺区人民政府", 2023, 11, "lines", "2024-01-20");
    const first = await upload("panyu-2023.txt", text);
    assert.equal(first.errors, undefined, JSON.stringify(first.errors));
    assert.equal(first.data.ingestUpload.outcome, "stored");
    assert.deepEqual(first.data.ingestUpload.report.agency, { name: "广州市番禺区人民政府" });
    const id = first.data.ingestUpload.reportId;
    assert.deepEqual(await outbox(id), ["upsert"]);

    const again = await upload("panyu-2023-copy.txt", text);
    assert.deepEqual([again.data.ingestUpload.outcome, again.data.ingestUpload.reportId], ["unchanged", id]);

    const second = await upload("panyu-2023-v2.txt", report("广州市番禺区人民政府", 2023, 12, "pipe", "2024-02-01"));
    assert.equal(second.data.ingestUpload.outcome, "revision");
    assert.deepEqual(await outbox(id), ["upsert", "delete"]);
  });

  test("upload: unsupported types, bad base64 and unreadable files are told apart", async () => {
    const exe = await upload("x.exe", "MZ");
    assert.equal(exe.errors?.[0].extensions?.code, "BAD_USER_INPUT");
    const bad = await t.gql(UPLOAD, { n: "x.txt", b: "not base64!" }, KEY);
    assert.equal(bad.errors?.[0].extensions?.code, "BAD_USER_INPUT");
    const junk = await upload("junk.txt", "这不是一份年度报告。");
    assert.equal(junk.data.ingestUpload.outcome, "failed");
    assert.match(junk.data.ingestUpload.error, /NOT_A_REPORT/);
  });

  test("ingest from a server path: only inside the ingest roots", async (c) => {
    if (corpusMissing("seeds")) return c.skip("corpus not found");
    const q = `mutation($p: String!) { ingestPath(path: $p) { file outcome reportId error } }`;
    const r = await t.gql(q, { p: join(CORPUS_DIR, "seeds") }, KEY);
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    // every entry accounted for: the 5 reports stored, the gold files beside them listed as not read
    const stored = r.data.ingestPath.filter((f: { outcome: string }) => f.outcome === "stored");
    assert.equal(stored.length, 5, JSON.stringify(r.data.ingestPath));
    assert.ok(
      r.data.ingestPath.every(
        (f: { outcome: string; file: string }) => f.outcome === "stored" || /\.(json|md)$/.test(f.file),
      ),
      JSON.stringify(r.data.ingestPath),
    );
    for (const p of [
      "/etc",
      "/etc/passwd",
      join(CORPUS_DIR, "seeds", "..", "..", "..", "..", "etc", "passwd"),
      "/no/such/file",
    ]) {
      const out = await t.gql(q, { p }, KEY);
      assert.equal(out.errors?.[0].extensions?.code, "BAD_USER_INPUT", p);
    }
    const missing = await t.gql(q, { p: join(CORPUS_DIR, "nope") }, KEY);
    assert.equal(missing.errors?.[0].extensions?.code, "NOT_FOUND");
  });

  test("re-parse restores figures from the stored bytes and queues the report for the index", async () => {
    const up = await upload("haizhu-2022.txt", report("广州市海珠区人民政府", 2022, 21));
    const id = up.data.ingestUpload.reportId;
    const [orig] = await t.ds.query("SELECT value FROM figure WHERE report_id = $1 AND variable = 't3_new_total'", [
      id,
    ]);
    await t.ds.query("UPDATE figure SET value = -1 WHERE report_id = $1", [id]);
    await t.ds.query("DELETE FROM section WHERE report_id = $1", [id]);
    const r = await t.gql(
      `mutation($id: Int!) { reparseReport(id: $id) { reportId parserVersion diagnostics warnings report { table3 { t3_new_total { value } } sections { key } } } }`,
      { id },
      KEY,
    );
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    assert.equal(r.data.reparseReport.report.table3.t3_new_total.value, Number(orig.value));
    assert.ok(r.data.reparseReport.report.sections.length > 0);
    assert.deepEqual(r.data.reparseReport.warnings, []);
    assert.deepEqual(await outbox(id), ["upsert", "upsert"]);

    const none = await t.gql(`mutation { reparseReport(id: 987654) { reportId } }`, undefined, KEY);
    assert.equal(none.errors?.[0].extensions?.code, "NOT_FOUND");
    await t.ds.query(
      "UPDATE source_file SET storage_path = 'files/gone' WHERE sha256 = (SELECT source_file_sha256 FROM report WHERE id = $1)",
      [id],
    );
    const gone = await t.gql(`mutation($id: Int!) { reparseReport(id: $id) { reportId } }`, { id }, KEY);
    assert.equal(gone.errors?.[0].extensions?.code, "NOT_FOUND");
  });

  test("re-parse keeps the status vocabulary and the cross-year diagnostics of the neighbouring years", async () => {
    const ids: number[] = [];
    for (const [i, year] of [2021, 2022, 2023].entries()) {
      const up = await upload(`yuexiu-${year}.txt`, report("广州市越秀区人民政府", year, 41 + i));
      assert.equal(up.data.ingestUpload.outcome, "stored", JSON.stringify(up));
      ids.push(up.data.ingestUpload.reportId);
    }
    const state = async () => ({
      status: await t.ds.query("SELECT id, status FROM report WHERE id = ANY($1::int[]) ORDER BY id", [ids]),
      crossYear: await t.ds.query(
        "SELECT report_id, code, variable, message FROM diagnostic WHERE report_id = ANY($1::int[]) AND code LIKE 'XY%' ORDER BY report_id, code, variable, message",
        [ids],
      ),
    });
    const before = await state();
    // invented figures of three years do not carry over: both later years have cross-year warnings
    assert.deepEqual([...new Set(before.crossYear.map((d: { report_id: number }) => d.report_id))], ids.slice(1));
    const r = await t.gql(`mutation($id: Int!) { reparseReport(id: $id) { reportId warnings } }`, { id: ids[1] }, KEY);
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    const after = await state();
    assert.deepEqual(after.crossYear, before.crossYear);
    for (const { status } of after.status) assert.ok(["ok", "inconsistent", "incomplete"].includes(status), status);
    assert.deepEqual(after.status, before.status);

    // deleting the middle year leaves the year after with nothing to compare against
    const d = await t.gql(`mutation($id: Int!) { deleteReport(id: $id) { reportId } }`, { id: ids[1] }, KEY);
    assert.equal(d.errors, undefined, JSON.stringify(d.errors));
    assert.deepEqual((await state()).crossYear, []);
  });

  test("re-parse waits for the lock an ingest of the same place takes", async () => {
    const up = await upload("baiyun-2022.txt", report("广州市白云区人民政府", 2022, 51));
    const id = up.data.ingestUpload.reportId;
    const [a] = await t.ds.query(
      "SELECT a.division_code, a.province, a.name_key FROM report r JOIN agency a ON a.id = r.agency_id WHERE r.id = $1",
      [id],
    );
    const key = agencyLockKey({ place: a.division_code ?? a.province ?? "", synthetic: false, key: a.name_key });
    const holder = t.ds.createQueryRunner();
    await holder.connect();
    await holder.query("BEGIN");
    await holder.query("SELECT pg_advisory_xact_lock(hashtext($1))", [key]);
    let settled = false;
    const pending = t.gql(`mutation($id: Int!) { reparseReport(id: $id) { reportId } }`, { id }, KEY).finally(() => {
      settled = true;
    });
    let waiting = false;
    try {
      for (let i = 0; i < 200 && !waiting && !settled; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const [w] =
          await t.ds.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
        waiting = w.n > 0;
      }
      assert.ok(waiting, "the re-parse did not wait for the place's lock");
      assert.equal(settled, false);
    } finally {
      await holder.query("COMMIT");
      await holder.release();
    }
    const r = await pending;
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  });

  test("delete: the report goes, its removal is queued, the previous revision becomes current", async () => {
    const v1 = (await upload("liwan-2021.txt", report("广州市荔湾区人民政府", 2021, 31, "lines", "2022-01-20"))).data
      .ingestUpload.reportId;
    // published later: the current revision (src/ingest/revisions.ts)
    const v2 = (await upload("liwan-2021-b.txt", report("广州市荔湾区人民政府", 2021, 32, "pipe", "2022-02-01"))).data
      .ingestUpload.reportId;
    const r = await t.gql(`mutation($id: Int!) { deleteReport(id: $id) { reportId promotedId } }`, { id: v2 }, KEY);
    assert.deepEqual(r.data.deleteReport, { reportId: v2, promotedId: v1 });
    const gone = await t.gql(`query($id: Int!) { report(id: $id) { id } }`, { id: v2 });
    assert.deepEqual([gone.data.report, gone.errors], [null, undefined], "a deleted report is null");
    const [{ is_current }] = await t.ds.query("SELECT is_current FROM report WHERE id = $1", [v1]);
    assert.equal(is_current, true);
    assert.deepEqual(await outbox(v2), ["upsert", "delete"]);
    assert.deepEqual((await outbox(v1)).slice(-1), ["upsert"]);
    assert.equal((await t.ds.query("SELECT count(*)::int AS n FROM figure WHERE report_id = $1", [v2]))[0].n, 0);
    const again = await t.gql(`mutation($id: Int!) { deleteReport(id: $id) { reportId } }`, { id: v2 }, KEY);
    assert.equal(again.errors?.[0].extensions?.code, "NOT_FOUND");
  });
});
