/**
 * The search evaluation end to end on a sample (npm run eval:search runs all of it): the corpus parsed,
 * stored and indexed by the product's code in servers of a temp dir, five judged queries through every
 * ranking, the measures computed. No threshold on ranking quality here — that is the script's report.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadJudgments, loadQueries } from "../../scripts/eval-search/judged-set.js";
import { evaluate, openEvalCorpus } from "../../scripts/eval-search/run.js";
import { queryTerms } from "../../src/text/segment.js";
import { corpusMissing } from "../corpus/corpus.js";

const missing = corpusMissing("seeds") ?? corpusMissing("real");

test("eval:search on five queries: every ranking measured, NDCG@10 and recall within [0, 1]", {
  skip: missing ?? false,
  timeout: 240_000,
}, async (t) => {
  const corpus = await openEvalCorpus();
  try {
    assert.ok(corpus.sections.size >= 150, `${corpus.sections.size} sections`);
    assert.ok([...corpus.sections.keys()].some((r) => r.startsWith("real/")));
    const queries = loadQueries().slice(0, 5);
    const { perQuery, summary } = await evaluate(corpus, queries, loadJudgments());
    assert.equal(perQuery.length, queries.length * corpus.rankings.length);
    assert.deepEqual(
      summary.map((s) => s.ranking),
      corpus.rankings.map((r) => r.name),
    );
    for (const s of summary) {
      assert.equal(s.measured, queries.length, s.ranking);
      assert.ok(s.ndcg10 >= 0 && s.ndcg10 <= 1, `${s.ranking} ndcg ${s.ndcg10}`);
      assert.ok(s.recall > 0 && s.recall <= 1, `${s.ranking} recall ${s.recall}`);
    }
    // the product's lists are its hits: each section of the year order's top 10 holds the query
    for (const p of perQuery.filter((x) => x.ranking === "year order"))
      for (const ref of p.top.slice(0, 10))
        for (const term of queryTerms(p.query.query))
          assert.ok(corpus.sections.get(ref)?.normalized.includes(term), `${p.query.id}: ${ref} lacks ${term}`);
    t.diagnostic(
      summary.map((s) => `${s.ranking}: ndcg@10 ${s.ndcg10.toFixed(3)}, recall ${s.recall.toFixed(3)}`).join("; "),
    );
  } finally {
    await corpus.close();
  }
});
