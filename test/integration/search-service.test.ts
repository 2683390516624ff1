// The ranked search service (services/search.service.ts) against a fake engine and a real Postgres: what
// it does with the engine's candidates — checks terms the index only approximates, leaves out reports no
// longer current, joins the where, hands the engine only the conditions it can take, maps its failures.
// The end-to-end tests (api-search, search-query-set) run the same service with the real Meilisearch.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { SearchInputError } from "../../src/search/params.js";
import type {
  SearchBackend,
  SearchBackendHit,
  SearchRequest,
  SearchResponse,
} from "../../src/search/search-backend.js";
import { ApiError } from "../../src/services/errors.js";
import { ReportSearchService } from "../../src/services/search.service.js";
import { openTestDatabase, type TestDatabase } from "./support/database.js";
import { storeSynthetic, syntheticParse } from "./support/search.js";

/** An engine that finds everything: every section it is given, in that order, whatever the query. */
class FakeBackend implements SearchBackend {
  requests: SearchRequest[] = [];
  failure: Error | null = null;
  constructor(private readonly candidates: () => SearchBackendHit[]) {}
  async search(req: SearchRequest): Promise<SearchResponse> {
    this.requests.push(req);
    if (this.failure) throw this.failure;
    const all = this.candidates();
    return { hits: all.slice(req.offset, req.offset + req.limit), total: all.length, facets: {} };
  }
}

const TERM = "测试专用短语"; // six characters: the index matches it only pair by pair
let db: TestDatabase;
let sections: { reportId: number; section: string }[] = [];
const backend = new FakeBackend(() => sections.map((s) => ({ ...s, snippet: "", highlights: [], score: 1 })));
let service: ReportSearchService;
const ids = (hits: { reportId: number; section: string }[]) => hits.map((h) => `${h.reportId}-${h.section}`);

before(async () => {
  db = await openTestDatabase("search_fake");
  for (let seed = 1; seed <= 4; seed++) await storeSynthetic(db.ds, syntheticParse(seed, { year: 2020 + seed }));
  // the term in two sections only
  await db.ds.query(
    `UPDATE section SET text = text || $1, text_simplified = text_simplified || $1
    WHERE (report_id, key) IN (SELECT report_id, key FROM section WHERE key = 'summary' ORDER BY report_id LIMIT 2)`,
    [TERM],
  );
  sections = await db.ds.query(`SELECT report_id AS "reportId", key AS section FROM section
    WHERE key IN ('summary', 'problems_improvements', 'other') ORDER BY report_id, key`);
  service = new ReportSearchService(db.ds, backend);
});

after(async () => {
  await db?.close();
});

test("a term the index matches only approximately: candidates without it are left out, counts exact", async () => {
  const truth = await db.ds.query(
    `SELECT report_id || '-' || key AS id FROM section WHERE strpos(text_simplified, $1) > 0 ORDER BY report_id, key`,
    [TERM],
  );
  assert.equal(truth.length, 2);
  const res = await service.search({ query: TERM, limit: 10, offset: 0 });
  assert.deepEqual(
    ids(res.hits),
    truth.map((t: { id: string }) => t.id),
  );
  assert.equal(res.total, 2);
  assert.equal(res.exhaustive, true);
  assert.ok(res.hits.every((h) => h.snippet.includes(TERM) && h.highlights.length > 0));
});

test("hits of a report that is no longer current are left out, and the next page starts after the engine's page", async () => {
  const [old] = await db.ds.query(`SELECT id, agency_id, year FROM report WHERE is_current ORDER BY id LIMIT 1`);
  await db.ds.query(`UPDATE report SET is_current = false WHERE id = $1`, [old.id]);
  try {
    const res = await service.search({ query: "公开", limit: 5, offset: 0 });
    assert.ok(res.hits.every((h) => h.reportId !== old.id));
    assert.equal(res.nextOffset, 5, "the engine's five candidates were looked at");
    assert.equal(res.hits.length, 5 - sections.slice(0, 5).filter((s) => s.reportId === old.id).length);
  } finally {
    await db.ds.query(`UPDATE report SET is_current = true WHERE id = $1`, [old.id]);
  }
});

test("the where: the engine gets the conditions it can take, Postgres checks the rest", async () => {
  const [r] =
    await db.ds.query(`SELECT r.id, f.value FROM report r JOIN figure f ON f.report_id = r.id AND f.variable = 't3_new_total'
    WHERE r.year > 2022 ORDER BY f.value DESC LIMIT 1`);
  backend.requests = [];
  const res = await service.search({
    query: "公开",
    limit: 20,
    offset: 0,
    where: { year: { _gt: 2022 }, figure: { variable: "t3_new_total", _gte: Number(r.value) } },
  });
  assert.deepEqual(backend.requests[0].filters, [{ field: "year", op: "gt", value: 2022 }]);
  assert.ok(res.hits.length > 0 && res.hits.every((h) => h.reportId === r.id), JSON.stringify(ids(res.hits)));
  assert.equal(res.total, res.hits.length);

  backend.requests = [];
  const none = await service.search({ query: "公开", limit: 20, offset: 0, where: { province: { _in: [] } } });
  assert.deepEqual([none.total, backend.requests.length], [0, 0], "an empty _in answers without the engine");
});

test("the engine's failures: refused input is BAD_USER_INPUT, anything else SEARCH_UNAVAILABLE", async () => {
  const code = async () =>
    service.search({ query: "公开", limit: 5, offset: 0 }).then(
      () => "none",
      (e) => (e instanceof ApiError ? e.code : String(e)),
    );
  try {
    backend.failure = new SearchInputError("year.gte must be an integer");
    assert.equal(await code(), "BAD_USER_INPUT");
    backend.failure = new Error("connect ECONNREFUSED");
    assert.equal(await code(), "SEARCH_UNAVAILABLE");
  } finally {
    backend.failure = null;
  }
  const exact = await service.search({ query: TERM, limit: 5, offset: 0, exact: true });
  assert.equal(exact.total, 2, "exact: true never asks the engine");
});
