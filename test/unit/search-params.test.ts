import { test } from "node:test";
import assert from "node:assert/strict";
import {
  buildSearchParams,
  filterClauses,
  literal,
  meiliFilter,
  relatedParams,
  SearchInputError,
} from "../../src/search/params.js";
import { hanWord } from "../../src/text/segment.js";

test("the query is normalised like the documents and sent as one phrase per term", () => {
  const b = buildSearchParams({ query: "  行政復議，“依申請公開”，2023 年；行政复议", orderBy: "year_desc" });
  assert.deepEqual(b.terms, ["行政复议", "依申请公开", "2023年"]);
  // one word per Han character, written as its Latin-letter word (segment.ts hanWord)
  const han = (s: string) => s.replace(/\p{Script=Han}/gu, hanWord);
  assert.equal(b.q, han(`"行 政 复 议" "依 申 请 公 开" "2023 年"`));
  assert.equal(b.params.matchingStrategy, "all", "a two-word query must not silently drop a word");
});

test("an empty query lists sections (placeholder search); defaults for paging and no facets", () => {
  const b = buildSearchParams({ query: "" });
  assert.equal(b.q, "");
  assert.deepEqual(b.terms, []);
  assert.equal(b.params.page, 1);
  assert.equal(b.params.hitsPerPage, 20);
  assert.equal(b.params.facets, undefined);
  assert.equal(b.params.filter, undefined);
  assert.ok(!(b.params.attributesToRetrieve ?? []).includes("textZh"), "the searchable form is not sent back");
  assert.equal(b.params.attributesToCrop, undefined, "snippets are built in the app");
  assert.equal(b.params.attributesToHighlight, undefined);
});

test("filters: lists are any-of, fields are all-of, keywords are all-of, years take ranges", () => {
  const b = buildSearchParams({
    query: "政务公开",
    filters: {
      year: { gte: 2021, lte: 2023 },
      province: ["廣東省", "上海市"],
      level: "city",
      terms: ["政策解读", "门户网站"],
      synthetic: false,
    },
    sections: ["summary", "other"],
  });
  assert.equal(
    b.params.filter,
    `(year >= 2021 AND year <= 2023) AND (province IN ["广东省", "上海市"]) AND (level = "city") AND ` +
      `(terms = "政策解读" AND terms = "门户网站") AND (synthetic = false) AND (section IN ["summary", "other"])`,
  );
  assert.equal(
    buildSearchParams({ query: "x", sections: ["summary", "problems_improvements", "other"] }).params.filter,
    undefined,
    "all sections: no filter",
  );
  assert.equal(
    buildSearchParams({ query: "x", filters: { year: [2020, 2021], agencyId: 7 } }).params.filter,
    `(year IN [2020, 2021]) AND (agencyId = 7)`,
  );
});

test("a filter value with quotes, backslashes or OR stays one quoted value", () => {
  const evil = `广东省" OR province = "上海市`;
  const f = meiliFilter(filterClauses({ province: evil }));
  assert.equal(f, `(province = "广东省\\" OR province = \\"上海市")`);
  assert.equal(literal(`a\\" OR 1 = 1 OR x = "`), `"a\\\\\\" OR 1 = 1 OR x = \\""`);
  // the escaped value, read back the way the filter grammar reads a quoted string, is the value itself
  const unquote = (s: string) => s.slice(1, -1).replace(/\\(.)/g, "$1");
  for (const v of [evil, `x\\`, `\\"`, `"`, `a'b`, "省) OR (year > 0"]) assert.equal(unquote(literal(v)), v);
});

test("bad input is refused with SearchInputError, never passed on", () => {
  const bad: unknown[] = [
    { query: "x", filters: { year: "2020 OR 1=1" } },
    { query: "x", filters: { year: 2020.5 } },
    { query: "x", filters: { year: {} } },
    { query: "x", filters: { level: "city OR x" } },
    { query: "x", filters: { kind: ["government", "x"] } },
    { query: "x", filters: { format: "2020" } },
    { query: "x", filters: { agencyId: "1" } },
    { query: "x", filters: { province: [] } },
    { query: "x", filters: { province: " " } },
    { query: "x", filters: { nope: 1 } },
    { query: "x", filters: { synthetic: "true" } },
    { query: "x", sections: ["problems"] },
    { query: "x", sections: [] },
    { query: "x", page: 0 },
    { query: "x", hitsPerPage: 1000 },
    { query: "x", facets: ["textZh"] },
    { query: "x", orderBy: "agency:asc" },
    { query: "x", orderBy: "year:desc" },
    { query: "长".repeat(201) },
    { query: "一，二，三，四，五，六，七，八，九，十，十一" },
  ];
  for (const input of bad) {
    assert.throws(() => buildSearchParams(input as never), SearchInputError, JSON.stringify(input));
  }
});

test("facets, orderBy and paging are passed through validated", () => {
  const b = buildSearchParams({ query: "复议", facets: true, orderBy: "year_asc", page: 3, hitsPerPage: 50 });
  assert.deepEqual(b.params.facets, ["year", "province", "level", "kind", "section"]);
  assert.deepEqual(buildSearchParams({ query: "复议", facets: ["year", "terms"] }).params.facets, ["year", "terms"]);
  assert.deepEqual(b.params.sort, ["year:asc"]);
  assert.equal(b.params.page, 3);
  assert.equal(b.params.hitsPerPage, 50);
  assert.deepEqual(buildSearchParams({ query: "复议", facets: ["year"] }).params.facets, ["year"]);
  assert.equal(buildSearchParams({ query: "复议", orderBy: "relevance" }).params.sort, undefined);
  assert.deepEqual(buildSearchParams({ query: "复议", orderBy: "year_desc" }).params.sort, ["year:desc"]);
});

test("relevance adds the terms' jieba words after the phrases, as optional words; year orders send phrases only", () => {
  const rel = buildSearchParams({ query: "主动公开，保密审查" });
  assert.equal(rel.params.matchingStrategy, "last");
  const [p1, p2, ...words] = rel.q.split(/ (?=["w])/);
  assert.ok(p1.startsWith('"') && p2.startsWith('"'), rel.q);
  assert.equal(words.length, 3, rel.q); // 主动公开 | 保密, 审查
  assert.ok(
    words.every((w) => /^w[a-pr]+$/.test(w)),
    rel.q,
  );
  const year = buildSearchParams({ query: "主动公开，保密审查", orderBy: "year_desc" });
  assert.equal(year.params.matchingStrategy, "all");
  assert.equal(year.q, `${p1} ${p2}`);
  // at most ten query terms (Meilisearch reads no more): phrases first
  const many = buildSearchParams({
    query: "政务新媒体管理，保密审查，依申请公开，过程性信息，主动公开，行政复议，公开化",
  });
  assert.equal(many.q.split(/ (?=["w])/).length, 10);
});

test("related hits: the words query drops words from the end; the overlap needs every phrase and the first word; off where they do not apply", () => {
  const b = buildSearchParams({ query: "主动公开，保密审查", filters: { year: 2023 } });
  assert.ok(b.related);
  const { related, overlap } = relatedParams(b);
  assert.equal(related.q, b.related.words.join(" "));
  assert.equal(related.params.matchingStrategy, "last");
  assert.equal(overlap.q, [...b.related.phrases, b.related.words[0]].join(" "));
  assert.equal(overlap.params.matchingStrategy, "all");
  // the same filters as the all-terms hits
  assert.equal(related.params.filter, b.params.filter);
  assert.equal(overlap.params.filter, b.params.filter);
  for (const input of [
    { query: "主动公开", related: false },
    { query: "主动公开", orderBy: "year_desc" as const },
    { query: "主动公开", orderBy: "year_asc" as const },
    { query: "主动公开", idsOnly: true },
    { query: "公，开" }, // no word of two characters: nothing to relate by
  ])
    assert.equal(buildSearchParams(input).related, undefined, JSON.stringify(input));
});

test("ids-only pages: up to 1,000 hits without text; id filters take up to 10,000 ids, other lists 100 values", () => {
  const b = buildSearchParams({ query: "公开", idsOnly: true, hitsPerPage: 1000 });
  assert.deepEqual(b.params.attributesToRetrieve, ["id", "reportId", "section"]);
  assert.throws(
    () => buildSearchParams({ query: "公开", hitsPerPage: 1000 }),
    SearchInputError,
    "pages with text stay at 100",
  );
  assert.throws(() => buildSearchParams({ query: "公开", idsOnly: true, hitsPerPage: 1001 }), SearchInputError);
  const ids = Array.from({ length: 5000 }, (_, i) => i + 1);
  assert.equal(filterClauses({ reportId: ids })[0].op, "in");
  assert.throws(() => filterClauses({ reportId: [...ids, ...ids, 1] }), SearchInputError);
  assert.throws(() => filterClauses({ province: Array.from({ length: 101 }, (_, i) => `省${i}`) }), SearchInputError);
});

test("takesValuesAsGiven / takesYearRange: what the index filter takes unchanged", async () => {
  const { takesValuesAsGiven, takesYearRange } = await import("../../src/search/params.js");
  assert.equal(takesValuesAsGiven("province", ["广东省", "浙江省"]), true);
  assert.equal(takesValuesAsGiven("province", ["廣東省"]), false, "normalised to 广东省");
  assert.equal(takesValuesAsGiven("province", ["广东省", "广东省"]), false, "deduplicated");
  assert.equal(takesValuesAsGiven("level", ["county"]), true);
  assert.equal(takesValuesAsGiven("level", ["County"]), false);
  assert.equal(takesValuesAsGiven("year", [2023]), true);
  assert.equal(takesValuesAsGiven("year", [1800]), false);
  assert.equal(takesYearRange({ gte: 2021 }), true);
  assert.equal(takesYearRange({ gte: 1 }), false);
});
