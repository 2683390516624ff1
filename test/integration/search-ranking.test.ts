/**
 * Ranked search orders by relevance (docs/search.md, "Ranking"), against a real Meilisearch over HTTP:
 * invented reports whose sections are written here, so that what should come first is known. Every
 * order (relevance, year_desc, year_asc) finds the same sections with the same totals and facets.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { meiliBackend } from "../../src/commands/serving.js";
import { SearchIndexer } from "../../src/search/indexer.js";
import { startTestApi, type TestApi } from "./support/api.js";
import { openTestSearch, storeSynthetic, syntheticParse, type TestSearch } from "./support/search.js";

let t: TestApi;
let meili: TestSearch;

const PLAIN = "本机关按照条例要求，做好年度报告编制工作，及时回应社会关切。";
/** Invented reports: year and the three searched sections. */
const REPORTS: { name: string; year: number; summary: string; problems_improvements: string; other: string }[] = [
  {
    name: "about",
    year: 2019,
    summary: "本机关严格落实保密审查制度。保密审查坚持先审查后发布，全年保密审查拟发布信息三百条，保密审查未发现问题。",
    problems_improvements: PLAIN,
    other: PLAIN,
  },
  {
    name: "passing-other",
    year: 2024,
    summary: "本机关推进政务服务标准化，优化办事流程，办理时限压缩一半。",
    problems_improvements: PLAIN,
    other: "附：本报告经保密审查后印发。联系电话见网站。",
  },
  {
    name: "passing-summary",
    year: 2022,
    summary: "本机关推进政务服务标准化，优化办事流程，经保密审查后发布办事指南，办理时限压缩一半。",
    problems_improvements: PLAIN,
    other: PLAIN,
  },
  // 公开: a whole word in one, straddling two words (办公 | 开会) in the other
  {
    name: "straddle",
    year: 2025,
    summary: "本机关在新址办公开会讨论年度计划，明确分工。",
    problems_improvements: PLAIN,
    other: PLAIN,
  },
  {
    name: "whole-word",
    year: 2018,
    summary: "本机关主动公开年度计划，明确分工。",
    problems_improvements: PLAIN,
    other: PLAIN,
  },
  // related hits: the phrase as printed in one, its words apart in another, one word only in a third
  {
    name: "phrase",
    year: 2020,
    summary: "本机关对收到的申请均在法定期限内答复申请人，答复期限符合条例规定。",
    problems_improvements: PLAIN,
    other: PLAIN,
  },
  {
    name: "apart",
    year: 2021,
    summary: "本机关收到的申请均按时答复，无一超过法定期限。",
    problems_improvements: PLAIN,
    other: PLAIN,
  },
  {
    name: "reply-only",
    year: 2023,
    summary: "本机关对群众来信均及时答复，办理情况良好。",
    problems_improvements: PLAIN,
    other: PLAIN,
  },
];

const ids = new Map<number, string>();

before(
  async () => {
    meili = await openTestSearch("ranking");
    t = await startTestApi("search_ranking", {
      search: meiliBackend({ client: meili.client, indexName: meili.indexName }),
    });
    for (const [i, r] of REPORTS.entries()) {
      const parsed = syntheticParse(200 + i, { agency: `排序测试${i}局`, year: r.year });
      const { summary, problems_improvements, other } = r;
      const stored = await storeSynthetic(t.ds, {
        ...parsed,
        sections: { ...parsed.sections, summary, problems_improvements, other, problems: "", improvements: "" },
      });
      ids.set(stored.reportId, r.name);
    }
    const drained = await new SearchIndexer({ ds: t.ds, client: meili.client, indexName: meili.indexName }).drain();
    assert.equal(drained.failed, 0);
  },
  { timeout: 240_000 },
);

after(async () => {
  await t?.close();
  await meili?.close();
});

const SEARCH = `query($q: String!, $order: SearchOrder, $first: Int, $a: String) {
  search(query: $q, orderBy: $order, first: $first, after: $a) {
    totalCount exhaustive facets { year { value count } section { value count } }
    nodes { reportId section snippet highlights { start end } report { year } }
    pageInfo { hasNextPage endCursor } } }`;

interface Hit {
  reportId: number;
  section: string;
  snippet: string;
  highlights: { start: number; end: number }[];
  report: { year: number };
}

async function search(q: string, order?: string, first = 100, after?: string) {
  const res = await t.gql(SEARCH, { q, order, first, a: after });
  assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  return res.data.search as {
    totalCount: number;
    exhaustive: boolean;
    facets: unknown;
    nodes: Hit[];
    pageInfo: { hasNextPage: boolean; endCursor: string };
  };
}
const named = (hits: Hit[]) => hits.map((h) => `${ids.get(h.reportId)}/${h.section}`);

test("a section about the query (several times, in its summary) ranks above one naming it once, and `other` last", async () => {
  const res = await search("保密审查");
  assert.deepEqual(named(res.nodes), ["about/summary", "passing-summary/summary", "passing-other/other"]);
  // by year the newest comes first, whatever it is about
  const byYear = await search("保密审查", "year_desc");
  assert.deepEqual(named(byYear.nodes), ["passing-other/other", "passing-summary/summary", "about/summary"]);
});

test("a whole word ranks above the same characters straddling two words (主动公开 vs 办公开会)", async () => {
  const res = await search("公开");
  assert.deepEqual(named(res.nodes), ["whole-word/summary", "straddle/summary"]);
});

test("every order finds the same sections with the same totals and facets; year orders are strictly by year; pages add up", async () => {
  for (const q of ["保密审查", "公开", "本机关", "年度计划，明确分工"]) {
    const rel = await search(q);
    const asc = await search(q, "year_asc");
    const desc = await search(q, "year_desc");
    assert.ok(rel.totalCount > 0, q);
    for (const other of [asc, desc]) {
      assert.equal(other.totalCount, rel.totalCount, q);
      assert.equal(other.exhaustive, rel.exhaustive, q);
      assert.deepEqual(other.facets, rel.facets, q);
      assert.deepEqual(named(other.nodes).sort(), named(rel.nodes).sort(), q);
    }
    const years = (r: typeof rel) => r.nodes.map((h) => h.report.year);
    assert.deepEqual(
      years(asc),
      [...years(asc)].sort((a, b) => a - b),
      q,
    );
    assert.deepEqual(
      years(desc),
      [...years(desc)].sort((a, b) => b - a),
      q,
    );
    // pages of 2 in relevance order: the same hits in the same order as one page
    const paged: Hit[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await search(q, undefined, 2, after);
      assert.equal(page.totalCount, rel.totalCount);
      paged.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    assert.deepEqual(named(paged), named(rel.nodes), q);
  }
});

const RELATED = `query($q: String!, $order: SearchOrder, $related: Boolean, $exact: Boolean, $first: Int, $a: String) {
  search(query: $q, orderBy: $order, related: $related, exact: $exact, first: $first, after: $a) {
    totalCount relatedCount facets { year { value count } section { value count } }
    edges { cursor node { reportId section match } }
    pageInfo { hasNextPage endCursor } } }`;

async function allRelated(vars: Record<string, unknown>, first: number) {
  const hits: { name: string; match: string }[] = [];
  let after: string | undefined;
  let firstPage: any;
  for (let guard = 0; guard < 100; guard++) {
    const res = await t.gql(RELATED, { ...vars, first, a: after });
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const page = res.data.search;
    firstPage ??= page;
    assert.equal(page.totalCount, firstPage.totalCount);
    assert.equal(page.relatedCount, firstPage.relatedCount);
    assert.deepEqual(page.facets, firstPage.facets);
    for (const e of page.edges)
      hits.push({ name: `${ids.get(e.node.reportId)}/${e.node.section}`, match: e.node.match });
    if (!page.pageInfo.hasNextPage) break;
    assert.equal(page.edges.length, first, "only the last page is short");
    after = page.pageInfo.endCursor;
  }
  return {
    hits,
    totalCount: firstPage.totalCount as number,
    relatedCount: firstPage.relatedCount as number,
    facets: firstPage.facets,
  };
}

test("related hits: after every section holding all terms, counted apart; off with related: false, in year order and exact search", async () => {
  // 法定期限内答复: a term the index matches approximately (checked in Postgres); 答复，期限: two short terms
  for (const [q, all, related] of [
    ["法定期限内答复", ["phrase/summary"], ["apart/summary"]],
    ["答复，期限", ["phrase/summary", "apart/summary"], ["reply-only/summary"]],
  ] as const) {
    const one = await allRelated({ q }, 100);
    assert.deepEqual(
      one.hits
        .filter((h) => h.match === "all_terms")
        .map((h) => h.name)
        .sort(),
      [...all].sort(),
      q,
    );
    assert.deepEqual(
      one.hits.filter((h) => h.match === "related").map((h) => h.name),
      related,
      q,
    );
    assert.equal(one.totalCount, all.length, q);
    assert.equal(one.relatedCount, related.length, q);
    assert.deepEqual(
      one.hits.map((h) => h.match),
      [...all.map(() => "all_terms"), ...related.map(() => "related")],
      `${q}: all-terms hits first`,
    );
    // pages of 1 and 2: the same hits in the same order, no section twice, none left out
    for (const first of [1, 2])
      assert.deepEqual((await allRelated({ q }, first)).hits, one.hits, `${q}, pages of ${first}`);
    // strict: related: false, year orders and exact search list the all-terms hits only, with the same counts
    for (const vars of [{ related: false }, { order: "year_desc" }, { order: "year_asc" }, { exact: true }]) {
      const strict = await allRelated({ q, ...vars }, 1);
      assert.deepEqual(strict.hits.map((h) => h.name).sort(), [...all].sort(), `${q} ${JSON.stringify(vars)}`);
      assert.ok(strict.hits.every((h) => h.match === "all_terms"));
      assert.equal(strict.totalCount, one.totalCount);
      assert.equal(strict.relatedCount, 0);
      assert.deepEqual(strict.facets, one.facets, `${q}: facets count the all-terms hits`);
    }
  }
});
