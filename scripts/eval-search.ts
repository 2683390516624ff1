/**
 * The search evaluation (not a test; docs/search-eval.md): NDCG@10 and recall of each ranking — the
 * product's ranked search in each order and a BM25 baseline over jieba words — on the judged query set.
 *
 *   npm run eval:search [-- --verbose] [--only q01,q02]
 *   npm run eval:search -- --pool [--depth 20]   the pooled sections not yet judged, with their text
 *   npm run eval:search -- --split-words         a diagnostic: the product is sent 政务新媒体，管理 for
 *                                                政务新媒体 管理 (its white-space rule joins the words)
 *
 * The corpus (invented fixtures + ../shared/corpus/{seeds,real}, GONGKAI_CORPUS_DIR) is parsed, stored and
 * indexed by the product's own code in embedded servers of a temp dir, removed at the end.
 */
import { loadJudgments, loadQueries } from "./eval-search/judged-set.js";
import { mean } from "./eval-search/metrics.js";
import { evaluate, openEvalCorpus, type EvalCorpus } from "./eval-search/run.js";
import { queryTerms } from "../src/text/segment.js";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const log = (s: string) => process.stderr.write(`${s}\n`);
const pct = (x: number) => (Number.isNaN(x) ? "  n/a" : x.toFixed(3));

async function pool(corpus: EvalCorpus, depth: number) {
  const queries = loadQueries();
  const judgments = loadJudgments();
  const toRead = new Set<string>();
  for (const q of queries) {
    const judged = judgments.get(q.id) ?? new Map();
    const pooled = new Set<string>();
    for (const r of corpus.rankings) for (const ref of (await r.run(q.query)).slice(0, depth)) pooled.add(ref);
    const open = [...pooled].filter((ref) => !judged.has(ref)).sort();
    if (!open.length) continue;
    console.log(`## ${q.id} ${q.kind} 「${q.query}」 — ${open.length} to judge`);
    for (const ref of open) {
      console.log(`${q.id}\t${ref}\t`);
      toRead.add(ref);
    }
  }
  console.log(`\n# ${toRead.size} sections to read\n`);
  for (const ref of [...toRead].sort()) {
    console.log(`==== ${ref}\n${corpus.sections.get(ref)?.text ?? "(not in the corpus)"}\n`);
  }
}

async function main() {
  const started = Date.now();
  const corpus = await openEvalCorpus({ log, splitWords: process.argv.includes("--split-words") });
  try {
    if (process.argv.includes("--pool")) return await pool(corpus, Number(arg("depth") ?? 20));
    const only = arg("only")?.split(",");
    const queries = loadQueries().filter((q) => !only || only.includes(q.id));
    const { perQuery, summary } = await evaluate(corpus, queries, loadJudgments());
    if (process.argv.includes("--verbose")) {
      // one line a query: NDCG@10 / recall / hits of each ranking, then any unjudged section of a top 10
      const cell = (x: number | null) => (x === null ? "  n/a" : pct(x));
      console.log(`query ${summary.map((s) => s.ranking.padEnd(20)).join(" ")}  (NDCG@10 recall hits)`);
      for (const q of queries) {
        const mine = perQuery.filter((p) => p.query.id === q.id);
        const cells = mine.map((p) => `${cell(p.ndcg10)} ${cell(p.recall)} ${String(p.returned).padStart(3)}    `);
        const unjudged = mine.flatMap((p) => p.unjudged.map((ref) => `${p.ranking}: ${ref}`));
        console.log(
          `${q.id}  ${cells.join(" ")} ${q.kind.padEnd(11)} 「${q.query}」${unjudged.length ? `  unjudged in a top 10: ${unjudged.join(", ")}` : ""}`,
        );
      }
      console.log("");
    }
    console.log(
      `${queries.length} queries, ${corpus.sections.size} sections (${[...corpus.sections.keys()].filter((r) => r.startsWith("invented/")).length} invented)`,
    );
    console.log("ranking           NDCG@10  recall  measured  unjudged-in-top-10");
    for (const s of summary)
      console.log(
        `${s.ranking.padEnd(16)}  ${pct(s.ndcg10).padStart(7)}  ${pct(s.recall).padStart(6)}  ${String(s.measured).padStart(8)}  ${String(s.unjudgedInTop10).padStart(18)}`,
      );
    // NDCG@10 by kind of query: where a ranking wins or loses
    const kinds = [...new Set(queries.map((q) => q.kind))];
    console.log(`\nNDCG@10 by kind    ${kinds.map((k) => k.padStart(11)).join(" ")}`);
    for (const s of summary) {
      const cells = kinds.map((k) =>
        pct(mean(perQuery.filter((p) => p.ranking === s.ranking && p.query.kind === k).map((p) => p.ndcg10))).padStart(
          11,
        ),
      );
      console.log(`${s.ranking.padEnd(16)}   ${cells.join(" ")}`);
    }
    console.log(
      `(queries)          ${kinds.map((k) => String(queries.filter((q) => q.kind === k).length).padStart(11)).join(" ")}`,
    );
    // the product's promise (docs/search.md): every section whose text holds every term is a hit
    const missed = queries.flatMap((q) => {
      const terms = queryTerms(q.query);
      const got = new Set(perQuery.find((p) => p.query.id === q.id && p.ranking === "year order")?.all ?? []);
      const truth = [...corpus.sections.values()].filter((s) => terms.every((t) => s.normalized.includes(t)));
      const lost = truth.filter((s) => !got.has(s.ref));
      return lost.length ? [`${q.id} 「${q.query}」 ${lost.length} of ${truth.length}`] : [];
    });
    console.log(
      missed.length
        ? `\nsections that hold every term of the query but the product's search did not return: ${missed.join("; ")}`
        : "\nthe product's search returned every section that holds every term of the query",
    );
    log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
  } finally {
    await corpus.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
