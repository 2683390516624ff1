// The search evaluation's pure parts (scripts/eval-search): the measures, the BM25 baseline, the
// fixture and judged-set readers, and the invented reports read back by the product's parser.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Bm25 } from "../../scripts/eval-search/bm25.js";
import { inventedReportText, loadInvented, parseFixture } from "../../scripts/eval-search/fixtures.js";
import { loadJudgments, loadQueries } from "../../scripts/eval-search/judged-set.js";
import { mean, ndcgAt, recall, unjudgedAt } from "../../scripts/eval-search/metrics.js";
import { parseText } from "../../src/parser/index.js";
import { normalizeText } from "../../src/text/segment.js";

const grades = new Map([
  ["a", 2],
  ["b", 1],
  ["c", 0],
  ["d", 1],
]);

test("NDCG@10: graded gains 2^g − 1 over log2(rank + 1), against the ideal order of every judged section", () => {
  assert.equal(ndcgAt(["a", "b", "d", "c"], grades), 1);
  assert.equal(ndcgAt(["a", "d", "b"], grades), 1, "equal grades in any order");
  // b, a: (1/1 + 3/log2 3) / (3/1 + 1/log2 3 + 1/2)
  const ideal = 3 + 1 / Math.log2(3) + 1 / 2;
  assert.ok(Math.abs(ndcgAt(["b", "a"], grades)! - (1 + 3 / Math.log2(3)) / ideal) < 1e-12);
  // an unjudged section counts as 0 and pushes the rest down
  assert.ok(Math.abs(ndcgAt(["x", "a"], grades)! - 3 / Math.log2(3) / ideal) < 1e-12);
  assert.equal(ndcgAt([], grades), 0);
  assert.equal(ndcgAt(["a"], new Map([["a", 0]])), null, "nothing relevant: not measured");
  // only the first k count
  const many = Array.from({ length: 12 }, (_, i) => `z${i}`);
  assert.equal(ndcgAt([...many, "a"], grades, 10), 0);
});

test("recall: the share of sections graded ≥ 1 found anywhere in the list; unjudged refs of the top k", () => {
  assert.equal(recall(["c", "x", "a"], grades), 1 / 3);
  assert.equal(recall(["d", "b", "a"], grades), 1);
  assert.equal(recall([], new Map([["c", 0]])), null);
  assert.deepEqual(unjudgedAt(["a", "x", "y"], grades, 2), ["x"]);
  assert.equal(mean([1, null, 0.5]), 0.75);
  assert.ok(Number.isNaN(mean([null])));
});

test("BM25: rarer words weigh more, repeated words saturate, longer sections are normalised", () => {
  const bm = new Bm25((t) => t.split(" "));
  bm.add("about", "保密审查 保密审查 机制 制度");
  bm.add("passing", "公开 保密审查 公开 公开 公开 公开 公开 公开");
  bm.add("other", "公开 机制");
  bm.add("none", "公开 制度");
  const r = bm.search("保密审查");
  assert.deepEqual(
    r.map(([ref]) => ref),
    ["about", "passing"],
  );
  assert.ok(r[0][1] > r[1][1]);
  // two query words: a section with both ranks first; 保密审查 and 机制 are equally rare (2 of 4), so
  // the short section with one of them outranks the long one that has its word once among many
  assert.deepEqual(
    bm.search("保密审查 机制").map(([ref]) => ref),
    ["about", "other", "passing"],
  );
  // punctuation-only tokens are not words
  assert.deepEqual(bm.search("。"), []);
});

test("the fixture format: reports, sections, script; errors name the line", () => {
  const [r] = parseFixture(
    "# c\n=== x1 | 某市示例局 | 2022 | traditional\n--- summary\n一段。\n二段。\n--- other\n无。\n",
  );
  assert.deepEqual(r, {
    id: "x1",
    agency: "某市示例局",
    year: 2022,
    traditional: true,
    sections: { summary: "一段。\n\n二段。", problems_improvements: "", other: "无。" },
  });
  assert.throws(() => parseFixture("=== x | a | 22\n", "f.txt"), /f\.txt:1: bad report line/);
  assert.throws(() => parseFixture("=== x | a | 2022\n--- intro\n", "f.txt"), /f\.txt:2/);
  assert.throws(() => parseFixture("=== x | a | 2022\ntext\n", "f.txt"), /text outside a section/);
});

test("every invented report reads back through the product's parser with its narrative sections", () => {
  const reports = loadInvented();
  assert.ok(reports.length >= 40);
  reports.forEach((r, i) => {
    const parsed = parseText(inventedReportText(r, 1000 + i), `${r.id}.txt`);
    assert.equal(parsed.meta.year, r.year, r.id);
    for (const key of ["summary", "problems_improvements", "other"] as const) {
      const got = normalizeText(parsed.sections[key] ?? "").replace(/\s/g, "");
      const want = normalizeText(r.sections[key]).replace(/\s/g, "");
      assert.equal(got, want, `${r.id} ${key}`);
    }
  });
});

test("the judged set: ≥ 40 queries of every kind, grades 0/1/2 for known queries only", () => {
  const queries = loadQueries();
  assert.ok(queries.length >= 40);
  for (const kind of ["term", "phrase", "topic", "traditional", "straddle"])
    assert.ok(
      queries.some((q) => q.kind === kind),
      kind,
    );
  const judgments = loadJudgments();
  const ids = new Set(queries.map((q) => q.id));
  for (const [q, m] of judgments) {
    assert.ok(ids.has(q), `judgments for unknown query ${q}`);
    for (const g of m.values()) assert.ok(g === 0 || g === 1 || g === 2);
  }
  for (const q of queries)
    assert.ok(
      [...(judgments.get(q.id)?.values() ?? [])].some((g) => g > 0),
      `${q.id} has no relevant section`,
    );
});
