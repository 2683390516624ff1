/**
 * The white-space rule end to end (docs/search.md): reports whose printed text breaks terms with line
 * wraps and spaces (部\n分公开, 2024 年, 中国\n特色, 0 元, traditional script), with the gold corpus beside
 * them, searched over HTTP in both modes — ranked (a real Meilisearch, fed by the outbox drain) and exact
 * (Postgres). The truth is computed here in plain code from the PRINTED text (`section.text`), not from
 * anything the product stores: simplified script, then white space between two Han characters or a
 * digit and a Han character removed. Every query must find exactly the true sections (recall and
 * precision 100%) in both modes, and every term must be highlighted whole in the snippet.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { meiliBackend } from "../../src/commands/serving.js";
import { toHalfWidth, toSimplified } from "../../src/text/normalize.js";
import { SearchIndexer } from "../../src/search/indexer.js";
import { JOINED_SPACE_PATTERN, normalizeText } from "../../src/text/segment.js";
import { seedCorpus, startTestApi, type TestApi } from "./support/api.js";
import { openTestSearch, storeSynthetic, syntheticParse, type TestSearch } from "./support/search.js";

let t: TestApi;
let meili: TestSearch;

/** Invented narratives: each printed as a PDF or a typesetter would break it. */
const TEXTS: string[] = [
  "本机关全年办理依申请公开二十件，其中部\n分公开三件，予以公开十七件。",
  "本机关全年办理依申请公开十件，其中部分公开两件。",
  "本機關全年辦理依申請公開八件，其中部\n分公開一件，收取信息處理費 0 元。",
  "2024 年，本机关坚持以中国\n特色社会主义思想为指导，推进政务公开。",
  "2024年，本机关主动公开政府信息一千条，收取信息处理费0元。",
  "２０２４年本机关认真落实条例，部 分 公 开 的申请均在期限内答复。",
  // negatives: punctuation or a digit between, another order, another year
  "本机关的部分。公开内容以目录为准；2023 2024 年度对照。",
  "公开部分政府信息；2025 年将继续推进中国，特色工作。",
  "行政复议\n一件，2024 年无行政诉讼；\n（一）部分\n公开\n申请办理情况",
];

/** A query, its terms as a reader means them (simplified, no spaces), and the truth from the printed text. */
const QUERIES = [
  "部分公开",
  "部 分公开",
  "部分公開",
  "2024年",
  "2024 年",
  "中国特色",
  "0元",
  "信息处理费",
  "部分公开，2024年",
  "行政复议、2024年",
];

/** The printed text in the form the rule compares: simplified, half-width, lower case, joined white space. */
function compared(text: string): string {
  const s = toHalfWidth(toSimplified(text)).toLowerCase();
  // written out here, independently of the product's rule: drop white space whose two neighbours are
  // Han characters, or a digit and a Han character
  let out = "";
  const isHan = (c: string | undefined) => c !== undefined && /\p{Script=Han}/u.test(c);
  const isDigit = (c: string | undefined) => c !== undefined && /[0-9]/.test(c);
  for (let i = 0; i < s.length; i++) {
    if (/\s/.test(s[i])) {
      let j = i;
      while (j < s.length && /\s/.test(s[j])) j++;
      const a = s[i - 1];
      const b = s[j];
      if ((isHan(a) && (isHan(b) || isDigit(b))) || (isDigit(a) && isHan(b))) {
        i = j - 1;
        continue;
      }
      out += " ";
      i = j - 1;
      continue;
    }
    out += s[i];
  }
  return out;
}

/** A reader's terms: split at punctuation; the rule joins the spaces inside a term. */
const termsOf = (q: string) =>
  compared(q)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

before(
  async () => {
    meili = await openTestSearch("wraps");
    t = await startTestApi("search_wraps", {
      search: meiliBackend({ client: meili.client, indexName: meili.indexName }),
    });
    await seedCorpus(t.ds, t.dataDir);
    for (const [i, text] of TEXTS.entries()) {
      const parsed = syntheticParse(100 + i, { agency: `测试${i}局`, year: 2024 });
      await storeSynthetic(t.ds, { ...parsed, sections: { ...parsed.sections, summary: text } });
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

const SEARCH = `query($q: String!, $exact: Boolean, $a: String) {
  search(query: $q, exact: $exact, first: 100, after: $a) {
    totalCount relatedCount exhaustive nodes { reportId section snippet highlights { start end } match } pageInfo { hasNextPage endCursor } } }`;

test("every query finds exactly the sections whose printed text holds its terms, in both modes, highlighted whole", {
  timeout: 120_000,
}, async () => {
  const rows = (await t.ds.query(
    `SELECT s.report_id, s.key, s.text FROM section s JOIN report r ON r.id = s.report_id
      WHERE r.is_current AND s.key IN ('summary', 'problems_improvements', 'other') AND s.text <> ''`,
  )) as { report_id: number; key: string; text: string }[];
  let found = 0;
  for (const q of QUERIES) {
    const terms = termsOf(q);
    const truth = rows
      .filter((r) => terms.every((term) => compared(r.text).includes(term)))
      .map((r) => `${r.report_id}/${r.key}`)
      .sort();
    assert.ok(truth.length > 0, `${q} has true hits`);
    for (const exact of [false, true]) {
      const res = await t.gql(SEARCH, { q, exact });
      assert.equal(res.errors, undefined, JSON.stringify(res.errors));
      const s = res.data.search;
      assert.equal(s.exhaustive, true);
      assert.equal(s.pageInfo.hasNextPage, false);
      // the hits holding every term (ranked search lists related ones after them: match, relatedCount)
      const nodes = s.nodes as { reportId: number; section: string; match: string }[];
      const all = nodes.filter((h) => h.match === "all_terms");
      const related = nodes.slice(all.length);
      assert.ok(
        related.every((h) => h.match === "related"),
        `${q}: related hits after every all-terms hit`,
      );
      assert.equal(related.length, s.relatedCount);
      for (const h of related)
        assert.ok(!truth.includes(`${h.reportId}/${h.section}`), `${q}: a related hit does not hold every term`);
      s.nodes = all;
      const got = all.map((h) => `${h.reportId}/${h.section}`).sort();
      assert.deepEqual(got, truth, `${q} (${exact ? "exact" : "ranked"}): recall and precision`);
      assert.equal(s.totalCount, truth.length);
      for (const h of s.nodes as { snippet: string; highlights: { start: number; end: number }[] }[]) {
        const marked = h.highlights.map((x) => compared(h.snippet.slice(x.start, x.end)).replace(/\s/g, ""));
        for (const term of terms)
          assert.ok(
            marked.some((m) => m.includes(term)),
            `${q}: ${term} marked whole in «${h.snippet}» (${marked.join(" | ")})`,
          );
        for (const m of marked)
          assert.ok(
            terms.some((term) => m.startsWith(term)) && terms.some((term) => m.endsWith(term)),
            `${q}: «${m}» is a match`,
          );
      }
      found += got.length;
    }
  }
  assert.ok(found > 20);
});

test("a wrapped term is marked across the line break, in the printed text", async () => {
  const res = await t.gql(SEARCH, { q: "部分公开", exact: true });
  const wrapped = (
    res.data.search.nodes as { snippet: string; highlights: { start: number; end: number }[] }[]
  ).flatMap((h) => h.highlights.map((x) => h.snippet.slice(x.start, x.end)));
  assert.ok(wrapped.includes("部\n分公开"), wrapped.join(" | "));
  // (the traditional report's two lines are both of the page's width: its display form joins the wrap)
  assert.ok(wrapped.includes("部分公開"), `traditional stays traditional: ${JSON.stringify(wrapped)}`);
  assert.ok(wrapped.includes("部 分 公 开"));
});

test("Postgres reads the rule's pattern as JavaScript does (the migration applied it to stored text)", async () => {
  for (const text of [
    ...TEXTS,
    "a 部 b",
    "第 3 条 第 4 款",
    "12 34 年",
    "𠀀 𠀁 字",
    "中\t\n 文 ipv6 改造",
    "年 2 月",
  ]) {
    const norm = toHalfWidth(toSimplified(text)).toLowerCase().replace(/\s+/g, " ");
    const [row] = (await t.ds.query(`SELECT regexp_replace($1, $2, '', 'g') AS s`, [norm, JOINED_SPACE_PATTERN])) as {
      s: string;
    }[];
    assert.equal(row.s.trim(), normalizeText(text), JSON.stringify(text));
  }
});
