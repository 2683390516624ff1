/**
 * Postgres and Meilisearch in step, on real servers: sync after ingest, revisions and deletions,
 * Meilisearch stopped in the middle of an ingest, a refused batch, reindex-and-swap under searches,
 * settings put back, escaped filters.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { run as reindexCommand } from "../../src/commands/reindex.js";
import { SearchOutbox } from "../../src/entities/index.js";
import { awaitTask, SearchUnavailableError } from "../../src/search/client.js";
import { SearchIndexer, startPeriodicDrain } from "../../src/search/indexer.js";
import { SearchService } from "../../src/search/service.js";
import { ensureIndex, INDEX_SETTINGS, settingsDifferences } from "../../src/search/settings.js";
import { openTestDatabase, type TestDatabase } from "./support/database.js";
import {
  apiExact,
  expectedIds,
  indexedIds,
  openTestSearch,
  storeSynthetic,
  syntheticParse,
  type TestSearch,
} from "./support/search.js";

let db: TestDatabase;
let search: TestSearch;
const indexer = () => new SearchIndexer({ ds: db.ds, client: search.client, indexName: search.indexName });
const service = () => new SearchService({ client: search.client, indexName: search.indexName });
const outboxRows = () => db.ds.getRepository(SearchOutbox).find({ order: { id: "ASC" } });
let seed = 100;
const store = (o: Parameters<typeof syntheticParse>[1] = {}) => storeSynthetic(db.ds, syntheticParse(seed++, o));

before(async () => {
  [db, search] = await Promise.all([openTestDatabase("search_sync"), openTestSearch("sync")]);
});

after(async () => {
  await search?.close();
  await db?.close();
});

async function assertConverged(message: string) {
  assert.deepEqual(await indexedIds(search.client, search.indexName), await expectedIds(db.ds), message);
}

test("after ingest a drain brings every section into the index and empties the outbox", async () => {
  const stored = [
    await store({ agency: "广州市同步局", year: 2022 }),
    await store({ agency: "上海市同步委员会", year: 2023, traditional: true }),
  ];
  const result = await indexer().drain();
  assert.equal(result.synced, 2);
  assert.equal(result.unavailable, false);
  assert.deepEqual(await outboxRows(), []);
  await assertConverged("index = current sections");
  const hits = (await service().search({ query: "政务公开", filters: { agencyId: stored[1].agencyId } })).hits;
  assert.ok(hits.length > 0 && hits.every((h) => h.reportId === stored[1].reportId));
});

test("a new revision replaces the old report's documents; a deleted report leaves the index", async () => {
  const first = await store({ agency: "福州市修订局", year: 2021, published: "2022-01-20" });
  await indexer().drain();
  const second = await store({ agency: "福州市修订局", year: 2021, published: "2022-02-01" }); // later: current
  assert.equal(second.supersededId, first.reportId);
  await indexer().drain();
  const ids = await indexedIds(search.client, search.indexName);
  assert.ok(!ids.some((id) => id.startsWith(`${first.reportId}-`)), "superseded documents removed");
  assert.ok(ids.some((id) => id.startsWith(`${second.reportId}-`)));

  // deleting a report (what a delete command does): the row outlives the report
  await db.ds.transaction(async (m) => {
    await m.query(`DELETE FROM report WHERE id = $1`, [second.reportId]);
    await m.getRepository(SearchOutbox).insert({ reportId: second.reportId, op: "delete" });
  });
  await indexer().drain();
  assert.ok(!(await indexedIds(search.client, search.indexName)).some((id) => id.startsWith(`${second.reportId}-`)));
  await assertConverged("after revision and deletion");
});

test("Meilisearch stopped in the middle of an ingest: nothing is lost, the index converges after the restart", async () => {
  const periodic = startPeriodicDrain(indexer(), 50);
  for (let i = 0; i < 3; i++) await store();
  await periodic.drainNow();
  await search.stop();
  for (let i = 0; i < 4; i++) await store({ traditional: i % 2 === 0 });
  const down = await periodic.drainNow();
  await periodic.stop();
  assert.equal(down.unavailable, true, "the drain saw Meilisearch down");
  const waiting = await outboxRows();
  assert.equal(waiting.length, 4, "rows wait");
  assert.ok(
    waiting.every((r) => r.attempts === 0),
    "being down is not an attempt against the report",
  );
  await assert.rejects(
    service().search({ query: "公开" }),
    (e: unknown) => e instanceof SearchUnavailableError && e.code === "SEARCH_UNAVAILABLE",
  );

  const exact = await apiExact(db.ds, "公开");
  assert.ok(exact.total > 0, "exact mode does not need Meilisearch");

  await search.restart();
  const up = await indexer().drain();
  assert.equal(up.synced, 4);
  assert.deepEqual(await outboxRows(), []);
  await assertConverged("after the restart");
});

test("a refused batch counts an attempt with the error and is retried until it goes through", async () => {
  // an index whose primary key the documents lack: every addDocuments task fails
  await awaitTask(search.client.deleteIndex(search.indexName));
  await awaitTask(search.client.createIndex(search.indexName, { primaryKey: "missing" }));
  const stored = await store();
  const failed = await indexer().drain();
  assert.equal(failed.failed, 1);
  assert.equal(failed.unavailable, false);
  const [row] = await outboxRows();
  assert.equal(row.reportId, stored.reportId);
  assert.equal(row.attempts, 1);
  assert.match(row.lastError ?? "", /failed/);

  // put the index right (as a reindex would): the row goes through
  await awaitTask(search.client.deleteIndex(search.indexName));
  await ensureIndex(search.client, search.indexName);
  await indexer().reindex();
  assert.deepEqual(await outboxRows(), []);
  await assertConverged("after the reindex");
});

test("reindex swaps a new index in while searches run: no search fails, none sees an empty index", async () => {
  for (let i = 0; i < 6; i++) await store();
  await indexer().drain();
  const before = (await service().search({ query: "政务公开" })).totalHits;
  assert.ok(before > 0);

  let stop = false;
  const errors: unknown[] = [];
  const totals: number[] = [];
  const searcher = async () => {
    while (!stop) {
      try {
        totals.push((await service().search({ query: "政务公开", hitsPerPage: 5 })).totalHits);
      } catch (e) {
        errors.push(e);
      }
    }
  };
  const searchers = [searcher(), searcher()];
  const progress: number[] = [];
  // a report written during the reindex reaches the new index through the drain after the swap
  const during = store();
  const result = await indexer().reindex((p) => progress.push(p.documents));
  await during;
  await sleep(20);
  stop = true;
  await Promise.all(searchers);
  assert.deepEqual(errors, []);
  assert.ok(totals.length > 5, `searches ran during the reindex (${totals.length})`);
  assert.ok(
    totals.every((n) => n >= before),
    "never an empty or partial index",
  );
  assert.equal(result.index, search.indexName);
  assert.ok(progress.at(-1) === result.documents);
  await indexer().drain();
  await assertConverged("after reindex + drain");
  const indexes = (await search.client.getIndexes({ limit: 100 })).results.map((i) => i.uid);
  assert.deepEqual(
    indexes.filter((uid) => uid.startsWith(`${search.indexName}_`)),
    [],
    "the old index is deleted",
  );
});

test("a live index deleted by hand is created again, with our settings, by the next drain", async () => {
  await awaitTask(search.client.deleteIndex(search.indexName));
  await store();
  await indexer().drain();
  assert.deepEqual(settingsDifferences(await search.client.index(search.indexName).getSettings()), []);
  // the index now holds what was drained since; a reindex brings back the rest
  await indexer().reindex();
  await assertConverged("after the reindex");
});

test("an index in an older searchable form (Han characters in textZh, an older form number) is told apart, and a reindex brings it up to date", async () => {
  await store();
  await indexer().drain();
  assert.equal(await indexer().holdsOlderForm(), false, "today's documents");
  const index = search.client.index(search.indexName);
  const [doc] = (await index.getDocuments({ limit: 1 })).results as { textZh: string }[];
  // the form of the first release: the simplified text itself, one Han character per word
  await awaitTask(index.updateDocuments([{ ...doc, textZh: "政 务 公 开" }]));
  assert.equal(await indexer().holdsOlderForm(), true);
  await indexer().reindex();
  assert.equal(await indexer().holdsOlderForm(), false);
  // documents of the form before the white-space rule carry no form number (replaced whole: no merge)
  const [today] = (await index.getDocuments({ limit: 1 })).results as Record<string, unknown>[];
  const { form: _, ...before } = today;
  await awaitTask(index.addDocuments([before]));
  assert.equal(await indexer().holdsOlderForm(), true, "a document without the form number");
  await indexer().reindex();
  assert.equal(await indexer().holdsOlderForm(), false);
  await assertConverged("after the rebuild");
});

test("settings are applied and checked: a setting changed by hand is put back", async () => {
  await awaitTask(
    search.client
      .index(search.indexName)
      .updateSettings({ searchableAttributes: ["text"], typoTolerance: { enabled: true } }),
  );
  await ensureIndex(search.client, search.indexName);
  const settings = await search.client.index(search.indexName).getSettings();
  assert.deepEqual(settings.searchableAttributes, INDEX_SETTINGS.searchableAttributes);
  assert.equal(settings.typoTolerance?.enabled, false);
});

test("filter values from users are escaped: quotes and OR cannot widen a filter", async () => {
  const odd = `广东省" OR province = "上海市`;
  const stored = await store({ agency: "广州市转义局", year: 2020 });
  const other = await store({ agency: "上海市转义委员会", year: 2020 });
  await db.ds.query(`UPDATE agency SET province = $1 WHERE id = $2`, [odd, stored.agencyId]);
  await db.ds.getRepository(SearchOutbox).insert([{ reportId: stored.reportId, op: "upsert" }]);
  await indexer().drain();

  const s = service();
  for (const value of [
    `广东省" OR province = "上海市" OR year > 0 OR province = "`,
    `上海市" OR "1" = "1`,
    `\\" OR year > 0`,
  ]) {
    assert.equal((await s.search({ query: "", filters: { province: value } })).totalHits, 0, value);
    // the API's exact path refuses a place that is not a division name before any SQL runs
    await assert.rejects(apiExact(db.ds, "公开", { province: value }), /is not a province name/, value);
  }
  const exactValue = await s.search({ query: "", filters: { province: odd }, hitsPerPage: 100 });
  assert.ok(
    exactValue.hits.length > 0 && exactValue.hits.every((h) => h.reportId === stored.reportId),
    "the odd value itself matches its report only",
  );
  const shanghai = await s.search({ query: "", filters: { province: "上海市", year: 2020 }, hitsPerPage: 100 });
  assert.ok(shanghai.hits.every((h) => h.reportId === other.reportId));
});

test("the reindex command rebuilds the configured index from the configured database", async () => {
  const saved = { ...process.env };
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    MEILI_URL: search.meili.url,
    MEILI_MASTER_KEY: search.meili.masterKey,
  });
  try {
    assert.equal(await reindexCommand(["--progress", "none"]), 0);
    assert.equal(await reindexCommand(["--bogus"]), 2);
  } finally {
    process.env = saved;
  }
  // the command's index is the default one, "sections"
  assert.deepEqual(await indexedIds(search.client, "sections"), await expectedIds(db.ds));
});
