// search end to end over HTTP: the exact path in Postgres, the ranked path through a SearchBackend
// (in memory here: the Meilisearch one plugs in the same way), search ∩ where, facets, paging,
// SEARCH_UNAVAILABLE, and hostile query strings.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createApolloServer, startHttpServer } from "../../src/server.js";
import { normalizeText } from "../../src/search/segment.js";
import { PHRASE, seedCorpus, seedSynthetic, startTestApi, type TestApi } from "./support/api.js";
import { MemorySearch } from "./support/memory-search.js";

const memory = new MemorySearch();
let t: TestApi;
before(async () => {
  // a small id-filter limit, so that both ways of joining ranked hits with the where are exercised
  t = await startTestApi("api_search", { search: memory, searchOptions: { idFilterLimit: 10, scanLimit: 1000 } });
  await seedCorpus(t.ds, t.dataDir);
  await seedSynthetic(t.ds, t.dataDir);
  await memory.load(t.ds);
});
after(async () => { await t?.close(); });

const GD_COUNTY_2023 = { year: { _eq: 2023 }, province: { _eq: "广东省" }, level: { _eq: "county" }, kind: { _eq: "government" } };
const SEARCH = `query($q: String!, $w: ReportWhere, $s: [SectionKey!], $exact: Boolean, $f: Int, $a: String) {
  search(query: $q, where: $w, sections: $s, exact: $exact, first: $f, after: $a) {
    totalCount exhaustive
    edges { cursor node { reportId section snippet highlights { start end } score report { id year agency { name province } } } }
    pageInfo { hasNextPage endCursor }
    facets { year { value count } province { value count } level { value count } kind { value count } section { value count } } } }`;

type Hit = { reportId: number; section: string; snippet: string; highlights: { start: number; end: number }[]; score: number | null };

/** What SQL says matches: sections containing every term (strpos: no LIKE involved) of current reports under `cond`. */
async function truth(terms: string[], cond = "TRUE", params: unknown[] = []): Promise<string[]> {
  const p = [...params];
  const termSql = terms.map((x) => { p.push(x); return `strpos(s.text_simplified, $${p.length}) > 0`; });
  const rows = await t.ds.query(`SELECT s.report_id, s.key FROM section s JOIN report_wide w ON w.report_id = s.report_id
    WHERE w.is_current AND ${cond} AND ${termSql.join(" AND ")} ORDER BY 1, 2`, p);
  return rows.map((r: { report_id: number; key: string }) => `${r.report_id}/${r.key}`).sort();
}

async function allHits(vars: Record<string, unknown>, first = 7) {
  const hits: Hit[] = [];
  let after: string | null = null;
  let last: any;
  for (let guard = 0; guard < 200; guard++) {
    const r: any = await t.gql(SEARCH, { ...vars, f: first, a: after });
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    last = r.data.search;
    hits.push(...last.edges.map((e: { node: Hit }) => e.node));
    if (!last.pageInfo.hasNextPage) break;
    after = last.pageInfo.endCursor;
  }
  return { hits, total: last.totalCount as number, facets: last.facets, exhaustive: last.exhaustive as boolean };
}
const keys = (hits: Hit[]) => hits.map((h) => `${h.reportId}/${h.section}`).sort();

describe("exact search (Postgres)", () => {
  test(`"2023 reports of 广东省 county governments that mention ${PHRASE} and received more than 100 applications" in one request`, async () => {
    const where = { ...GD_COUNTY_2023, figure: { variable: "t3_new_total", _gt: 100 } };
    const got = await allHits({ q: PHRASE, w: where, exact: true });
    const want = await truth([PHRASE], "w.year = 2023 AND w.province = '广东省' AND w.level = 'county' AND w.kind = 'government' AND w.t3_new_total > 100");
    assert.ok(want.length > 0, "the data holds such reports");
    assert.deepEqual(keys(got.hits), want);
    assert.equal(got.total, want.length);
  });

  test("all hits, paged: no hit twice, totals and facets as in SQL; traditional reports are found too", async () => {
    const got = await allHits({ q: PHRASE, exact: true }, 4);
    const want = await truth([PHRASE]);
    assert.deepEqual(keys(got.hits), want);
    assert.equal(new Set(keys(got.hits)).size, got.hits.length);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM section s JOIN report r ON r.id = s.report_id
      WHERE r.is_current AND r.script = 'traditional' AND strpos(s.text_simplified, $1) > 0`, [PHRASE]);
    assert.ok(n > 0, "some hits are traditional-script reports");
    const years = await t.ds.query(`SELECT w.year::text AS value, count(*)::int AS count FROM section s JOIN report_wide w ON w.report_id = s.report_id
      WHERE w.is_current AND strpos(s.text_simplified, $1) > 0 GROUP BY 1 ORDER BY 2 DESC, 1`, [PHRASE]);
    assert.deepEqual(got.facets.year, years);
    const sections = got.facets.section.reduce((s: number, f: { count: number }) => s + f.count, 0);
    assert.equal(sections, got.total);
  });

  test("snippets come from the original text, highlights mark the matched words", async () => {
    const got = await allHits({ q: "過程性信息", exact: true }, 50);
    assert.ok(got.hits.length > 0);
    let traditional = 0;
    for (const h of got.hits) {
      assert.ok(h.highlights.length > 0, "a highlight per hit");
      for (const { start, end } of h.highlights) assert.equal(normalizeText(h.snippet.slice(start, end)), PHRASE);
      if (h.snippet.includes("過程性")) traditional++;
      assert.equal(h.score, null, "exact hits are not ranked");
    }
    assert.ok(traditional > 0, "a traditional report shows its own script");
  });

  test("several terms must all occur; sections restrict", async () => {
    const got = await allHits({ q: "依申请公开 法定期限", s: ["summary"], exact: true }, 100);
    const want = await truth(["依申请公开", "法定期限"], "s.key = 'summary'");
    assert.deepEqual(keys(got.hits), want);
  });

  test("hostile query strings are text to look for, nothing else", async () => {
    for (const q of ["%", "_", "\\", "'; DROP TABLE section; --", "%' OR '1'='1", "$1", "a%b_c"]) {
      const r: any = await t.gql(SEARCH, { q, exact: true, f: 100 });
      assert.equal(r.errors, undefined, `${q}: ${JSON.stringify(r.errors)}`);
      const want = await truth(normalizeText(q).split(" "));
      assert.equal(r.data.search.totalCount, want.length, q);
    }
    const [{ n }] = await t.ds.query("SELECT count(*)::int AS n FROM section");
    assert.ok(n > 0);
  });

  test("empty and oversized queries are refused", async () => {
    for (const q of ["", "   ", "长".repeat(201)]) {
      const r = await t.gql(SEARCH, { q, exact: true });
      assert.equal(r.errors?.[0].extensions?.code, "BAD_USER_INPUT", q.slice(0, 10));
    }
  });
});

describe("ranked search (SearchBackend) ∩ where", () => {
  test("structured filters go to the index as conditions; hits, total and facets are the engine's", async () => {
    memory.requests = [];
    const got = await allHits({ q: PHRASE, w: { year: { _gte: 2021 }, province: { _in: ["广东省", "浙江省"] } } });
    assert.deepEqual(keys(got.hits), await truth([PHRASE], "w.year >= 2021 AND w.province IN ('广东省', '浙江省')"));
    assert.deepEqual(memory.requests[0].filters, [
      { field: "year", op: "gte", value: 2021 }, { field: "province", op: "in", values: ["广东省", "浙江省"] }]);
    assert.ok(got.hits.every((h) => typeof h.score === "number"));
    assert.equal(got.exhaustive, true);
  });

  test("figure filters are resolved in Postgres and passed as report ids (small sets): exact ∩", async () => {
    memory.requests = [];
    const where = { ...GD_COUNTY_2023, figure: { variable: "t3_new_total", _gt: 100 } };
    const got = await allHits({ q: PHRASE, w: where });
    const want = await truth([PHRASE], "w.year = 2023 AND w.province = '广东省' AND w.level = 'county' AND w.kind = 'government' AND w.t3_new_total > 100");
    assert.ok(want.length > 0);
    assert.deepEqual(keys(got.hits), want);
    assert.equal(got.total, want.length);
    assert.ok(memory.requests[0].filters.some((c) => c.field === "reportId"), "the where became a reportId filter");
  });

  test("where selecting more reports than the id filter takes: the engine's hits are filtered in Postgres", async () => {
    memory.requests = [];
    const where = { figure: { variable: "t3_new_total", _gte: 0 }, _not: { province: { _eq: "四川省" } } };
    const got = await allHits({ q: PHRASE, w: where }, 5);
    const want = await truth([PHRASE], "w.t3_new_total >= 0 AND NOT (w.province = '四川省')");
    assert.deepEqual(keys(got.hits), want);
    assert.equal(got.total, want.length);
    assert.equal(got.exhaustive, true, "the engine had fewer hits than the scan limit");
    assert.ok(memory.requests.some((r) => r.snippets === false), "scanned without snippets");
    const provinces = got.facets.province.map((f: { value: string }) => f.value);
    assert.ok(!provinces.includes("四川省"));
  });

  test("_in: [] matches nothing without asking the engine", async () => {
    memory.requests = [];
    const got = await allHits({ q: PHRASE, w: { year: { _in: [] } } });
    assert.equal(got.total, 0);
    assert.equal(memory.requests.length, 0);
  });

  test("when the engine is down: SEARCH_UNAVAILABLE for ranked search; exact search and everything else still answer", async () => {
    memory.down = true;
    try {
      const r = await t.gql(SEARCH, { q: PHRASE });
      assert.equal(r.errors?.[0].extensions?.code, "SEARCH_UNAVAILABLE");
      assert.equal(r.data, null);
      const exact = await t.gql(SEARCH, { q: PHRASE, exact: true });
      assert.equal(exact.errors, undefined);
      assert.ok(exact.data.search.totalCount > 0);
      const reports = await t.gql(`{ reports(first: 1) { totalCount } aggregate(groupBy: [YEAR]) { count } }`);
      assert.equal(reports.errors, undefined);
    } finally {
      memory.down = false;
    }
  });

  test("without a search backend, ranked search is SEARCH_UNAVAILABLE", async () => {
    const api = createApolloServer({ ds: t.ds });
    const server = await startHttpServer(api, { port: 0 });
    try {
      const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: `{ search(query: "公开") { totalCount } }` }) });
      const body = await res.json() as { errors: { extensions: { code: string } }[] };
      assert.equal(body.errors[0].extensions.code, "SEARCH_UNAVAILABLE");
    } finally {
      await server.close();
    }
  });
});
