/**
 * Real Meilisearch: the bundled binary under a temp dir, through our node:http client.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import type { Meilisearch } from "meilisearch";
import { apiError, awaitTask, createSearchClient, SearchTaskError } from "../../src/search/client.js";
import { createHttpClient } from "../../src/search/http-client.js";
import { startEmbeddedMeilisearch, type EmbeddedMeilisearch } from "../../src/search/meili-launcher.js";
import { waitForExit } from "../../src/util/process.js";
import { orphanServer, tempDataDir } from "./support/servers.js";

const INDEX = `sections_test_${process.pid}_${Date.now()}`;
const dataDir = tempDataDir("meili");
let meili: EmbeddedMeilisearch | undefined;
let client: Meilisearch;

before(async () => {
  meili = await startEmbeddedMeilisearch({ dataDir: dataDir.path });
  client = createSearchClient({ url: meili.url, apiKey: meili.masterKey });
});

after(async () => {
  await meili?.stop();
  dataDir.remove();
});

test("the master key is generated once and kept private", () => {
  assert.ok(meili);
  const keyFile = `${dataDir.path}/meili/master-key`;
  assert.equal(readFileSync(keyFile, "utf8").trim(), meili.masterKey);
  assert.ok(meili.masterKey.length >= 32);
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);
});

test("Chinese documents are indexed and 申请公开 finds 依申请公开", async () => {
  await awaitTask(client.createIndex(INDEX, { primaryKey: "id" }));
  const index = client.index(INDEX);
  await awaitTask(
    index.addDocuments([
      { id: "1-summary", text: "本机关全年共收到依申请公开申请1200件。" },
      { id: "2-summary", text: "全年办理行政复议案件3件，行政诉讼案件1件。" },
    ]),
  );
  const result = await index.search("申请公开", { matchingStrategy: "all" });
  assert.deepEqual(
    result.hits.map((h) => h.id),
    ["1-summary"],
  );
});

test("a failed task makes awaitTask throw with the task's error", async () => {
  const failing = awaitTask(client.index(INDEX).addDocuments([{ id: "not a valid id!", text: "x" }]));
  await assert.rejects(failing, (e: unknown) => {
    assert.ok(e instanceof SearchTaskError);
    assert.equal(e.task.status, "failed");
    assert.equal(e.task.error?.code, "invalid_document_id");
    return true;
  });
});

test("HTTP errors and aborts come through the node:http client like through fetch", async () => {
  const missing = client.getIndex(`missing_${process.pid}`);
  await assert.rejects(missing, (e: unknown) => apiError(e)?.cause?.code === "index_not_found");
  assert.ok(meili);
  const wrongKey = createSearchClient({ url: meili.url, apiKey: "wrong" });
  await assert.rejects(wrongKey.getIndexes(), (e: unknown) => apiError(e)?.response.status === 403);

  // the client recognises its own timeouts by the abort reason, as fetch rejects with it
  const reason = Symbol("timeout");
  const http = createHttpClient();
  await assert.rejects(
    http(new URL(`${meili.url}/health`), { signal: AbortSignal.abort(reason) }),
    (e) => e === reason,
  );
  assert.deepEqual(await http(new URL(`${meili.url}/health`), {}), { status: "available" });
});

test("a restart on the same data dir reuses the key and the indexed documents", async () => {
  assert.ok(meili);
  const key = meili.masterKey;
  await meili.stop();
  meili = await startEmbeddedMeilisearch({ dataDir: dataDir.path });
  assert.equal(meili.masterKey, key);
  client = createSearchClient({ url: meili.url, apiKey: meili.masterKey });
  const stats = await client.index(INDEX).getStats();
  assert.equal(stats.numberOfDocuments, 2);
});

test("a server whose only user is SIGKILLed is stopped by its watchdog; the next start reuses the index", async () => {
  assert.ok(meili);
  await meili.stop();
  meili = undefined;

  const { pid: orphan } = (await orphanServer("meili", dataDir.path)) as { pid: number };
  assert.ok(await waitForExit(orphan, 20_000), "the watchdog stopped the server of the killed owner");

  meili = await startEmbeddedMeilisearch({ dataDir: dataDir.path });
  client = createSearchClient({ url: meili.url, apiKey: meili.masterKey });
  assert.equal((await client.index(INDEX).getStats()).numberOfDocuments, 2);
});
