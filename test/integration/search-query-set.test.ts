/**
 * The query set (support/query-set.ts) over the gold corpus and invented reports, against the
 * exhaustive truth from Postgres (every current section whose simplified text contains every term,
 * filters applied in plain code): ranked search must find every true section (recall 100%) and each of
 * its first ten hits must contain the query; the exact path the API serves (`search(exact: true)`) must
 * find exactly the true sections.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { awaitTask } from "../../src/search/client.js";
import { loadDocuments } from "../../src/search/documents.js";
import { SearchIndexer } from "../../src/search/indexer.js";
import { buildSearchParams } from "../../src/search/params.js";
import { alignedText, queryTerms } from "../../src/text/segment.js";
import { ensureIndex } from "../../src/search/settings.js";
import { SearchService } from "../../src/search/service.js";
import { MeilisearchBackend } from "../../src/search/backend.js";
import { corpusMissing } from "../corpus/corpus.js";
import { openTestDatabase, type TestDatabase } from "./support/database.js";
import { QUERY_SET, type QueryCase } from "./support/query-set.js";
import {
  apiExact,
  openTestSearch,
  storeCorpus,
  storeSynthetic,
  syntheticParse,
  type TestSearch,
} from "./support/search.js";

const missing = corpusMissing("seeds") ?? corpusMissing("real");
let db: TestDatabase;
let search: TestSearch;
let service: SearchService;

interface Row {
  id: string;
  text_simplified: string;
  year: number;
  province: string | null;
  level: string | null;
  kind: string | null;
  key: string;
  synthetic: boolean;
}
let rows: Row[] = [];

before(async () => {
  if (missing) return;
  [db, search] = await Promise.all([openTestDatabase("search_qs"), openTestSearch("qs")]);
  await storeCorpus(db.ds);
  for (let seed = 1; seed <= 40; seed++)
    await storeSynthetic(db.ds, syntheticParse(seed, { traditional: seed % 4 === 0 }));
  const drained = await new SearchIndexer({ ds: db.ds, client: search.client, indexName: search.indexName }).drain();
  assert.equal(drained.unavailable, false);
  service = new SearchService({ client: search.client, indexName: search.indexName });
  rows = (await db.ds.query(
    `SELECT s.report_id || '-' || s.key AS id, s.text_simplified, r.year, a.province, a.level, a.kind, s.key, r.synthetic
       FROM section s JOIN report r ON r.id = s.report_id JOIN agency a ON a.id = r.agency_id
      WHERE r.is_current AND s.key IN ('summary', 'problems_improvements', 'other') AND s.text <> ''`,
  )) as Row[];
});

after(async () => {
  await search?.close();
  await db?.close();
});

/** The truth for one case, in plain code over the rows Postgres holds. */
function truth(c: QueryCase): Set<string> {
  const terms = queryTerms(c.query);
  const f = c.filters ?? {};
  const any = <T>(v: T | readonly T[] | undefined, x: T) =>
    v === undefined || (Array.isArray(v) ? v.includes(x) : v === x);
  const toSimplifiedPlace = (p: unknown) => (p === "廣東省" ? "广东省" : p);
  return new Set(
    rows
      .filter((r) => {
        if (!terms.every((t) => r.text_simplified.includes(t))) return false;
        if (c.sections && !c.sections.includes(r.key as never)) return false;
        if (f.year !== undefined) {
          if (typeof f.year === "object" && !Array.isArray(f.year)) {
            const range = f.year as { gte?: number; lte?: number };
            if ((range.gte !== undefined && r.year < range.gte) || (range.lte !== undefined && r.year > range.lte))
              return false;
          } else if (!any(f.year as number | number[], r.year)) return false;
        }
        if (f.province !== undefined && r.province !== toSimplifiedPlace(f.province)) return false;
        if (!any(f.level as string | string[] | undefined, r.level ?? "")) return false;
        if (!any(f.kind as string | string[] | undefined, r.kind ?? "")) return false;
        if (f.synthetic !== undefined && r.synthetic !== f.synthetic) return false;
        return true;
      })
      .map((r) => r.id),
  );
}

test("query set: recall 100% against the substring truth, every top-10 hit contains the query, exact counts", {
  skip: missing ?? false,
}, async (t) => {
  assert.ok(QUERY_SET.length >= 30);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const lines: string[] = [];
  let extras = 0;
  for (const c of QUERY_SET) {
    const expected = truth(c);
    const label = `${c.kind} "${c.query}"${c.filters ? ` ${JSON.stringify(c.filters)}` : ""}${c.sections ? ` ${c.sections}` : ""}`;
    const got: string[] = [];
    for (let page = 1; ; page++) {
      const res = await service.search({
        query: c.query,
        filters: c.filters,
        sections: c.sections,
        page,
        hitsPerPage: 100,
        related: false, // the hits holding every term (related hits: search-related.test.ts)
      });
      got.push(...res.hits.map((h) => h.id));
      if (page === 1) {
        assert.equal(
          res.totalHits,
          expected.size + res.hits.filter((h) => !expected.has(h.id)).length,
          `${label}: totalHits`,
        );
        const terms = queryTerms(c.query);
        for (const h of res.hits.slice(0, 10)) {
          for (const term of terms)
            assert.ok(byId.get(h.id)!.text_simplified.includes(term), `${label}: top-10 hit ${h.id} lacks ${term}`);
          if (terms.length) assert.ok(h.snippet.highlights.length > 0, `${label}: ${h.id} snippet marks nothing`);
        }
      }
      if (page >= res.totalPages) break;
    }
    const missed = [...expected].filter((id) => !got.includes(id));
    assert.deepEqual(missed, [], `${label}: missed sections`);
    const extra = got.filter((id) => !expected.has(id));
    extras += extra.length;

    if (queryTerms(c.query).length) {
      const exact = await apiExact(db.ds, c.query, c.filters, c.sections);
      assert.equal(exact.total, expected.size, `${label}: exact count`);
      assert.equal(exact.exhaustive, true);
      assert.deepEqual(new Set(exact.hits.map((h) => `${h.reportId}-${h.section}`)), expected, `${label}: exact hits`);
      lines.push(
        `${label}: truth ${expected.size}, search ${got.length} (extra ${extra.length}), exact ${exact.total}`,
      );
    } else {
      lines.push(`${label}: truth ${expected.size}, search ${got.length} (extra ${extra.length})`);
    }
  }
  t.diagnostic(
    `${QUERY_SET.length} queries over ${rows.length} sections; search recall 100%; extra hits ${extras}; the API's exact path finds exactly the true sections`,
  );
  for (const l of lines) t.diagnostic(l);
});

test("a simplified query finds a traditional-script report and the snippet shows it as printed", {
  skip: missing ?? false,
}, async () => {
  const res = await service.search({ query: "认真贯彻落实", hitsPerPage: 100 });
  const traditional = res.hits.find((h) => /認真貫徹落實/.test(h.snippet.text));
  assert.ok(traditional, "a hit in the traditional seed");
  const marked = traditional.snippet.highlights.map((x) => traditional.snippet.text.slice(x.start, x.end));
  assert.ok(marked.includes("認真貫徹落實"), marked.join(","));
});

test("the GraphQL backend's scan (ids only, pages of 1,000) returns the hits of the full pages, in order, without facets", {
  skip: missing ?? false,
}, async () => {
  const backend = new MeilisearchBackend(service);
  const request = { query: "政务公开", filters: [], offset: 0, limit: 150 };
  const full = await backend.search(request);
  const scan = await backend.search({ ...request, snippets: false });
  assert.ok(full.hits.length > 100, `${full.hits.length} hits: the full request spans two pages`);
  assert.deepEqual(
    scan.hits.map((h) => `${h.reportId}-${h.section}`),
    full.hits.map((h) => `${h.reportId}-${h.section}`),
  );
  assert.ok(scan.hits.every((h) => h.snippet === "" && h.highlights.length === 0));
  assert.ok(full.hits.every((h) => h.snippet.length > 0));
  assert.equal(scan.total, full.total);
  assert.deepEqual(scan.facets, {}, "a scan's caller counts facets over the hits it keeps");
});

test("an instance of real reports only (GONGKAI_DEMO=false) never shows invented ones", {
  skip: missing ?? false,
}, async () => {
  const realOnly = new SearchService({ client: search.client, indexName: search.indexName, realOnly: true });
  const res = await realOnly.search({ query: "政务公开", filters: { synthetic: true }, hitsPerPage: 100 });
  assert.ok(res.hits.length > 0 && res.hits.every((h) => !h.synthetic));
  assert.equal(res.totalHits, truth({ kind: "filter", query: "政务公开", filters: { synthetic: false } }).size);
  assert.equal((await apiExact(db.ds, "政务公开", { synthetic: false })).total, res.totalHits);
});

test("measured alternative: Meilisearch's own segmentation of the plain simplified text misses sub-words", {
  skip: missing ?? false,
}, async (t) => {
  // the same documents and settings, textZh the plain simplified text instead of one word per character
  const plain = `${search.indexName}_plain`;
  await ensureIndex(search.client, plain);
  const reports = (await db.ds.query(`SELECT id FROM report WHERE is_current`)) as { id: number }[];
  const docs = (
    await loadDocuments(
      db.ds,
      reports.map((r) => r.id),
    )
  ).map((d) => ({ ...d, textZh: alignedText(d.text) }));
  await awaitTask(search.client.index(plain).addDocuments(docs));
  let found = 0,
    total = 0,
    extra = 0;
  const misses: string[] = [];
  for (const c of QUERY_SET) {
    const expected = truth(c);
    const built = buildSearchParams({ query: c.query, filters: c.filters, sections: c.sections });
    // each term as a phrase: Meilisearch then segments it the way it segmented the documents
    const q = built.terms.map((x) => `"${x}"`).join(" ");
    const res = await search.client
      .index(plain)
      .search(q, { ...built.params, page: 1, hitsPerPage: 1000, attributesToRetrieve: ["id"] });
    const got = new Set(res.hits.map((h) => h.id as string));
    const hit = [...expected].filter((id) => got.has(id)).length;
    found += hit;
    total += expected.size;
    extra += got.size - hit;
    if (hit < expected.size) misses.push(`"${c.query}" ${hit}/${expected.size}`);
  }
  t.diagnostic(
    `plain simplified text: recall ${found}/${total} (${((100 * found) / total).toFixed(1)}%), extra ${extra}; short of 100% on ${misses.length} queries: ${misses.join("; ")}`,
  );
  assert.ok(found <= total);
});
