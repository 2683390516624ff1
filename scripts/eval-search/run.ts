/**
 * The evaluation run: the corpus (fixtures.ts) parsed by the product's parser and stored through its
 * write path into an embedded Postgres, indexed into an embedded Meilisearch by the product's indexer (a
 * temporary data dir, removed afterwards); then every query through each ranking — the product's ranked
 * search in each order, and the in-process BM25 baseline over jieba words of the same stored texts —
 * and the measures of metrics.ts against the judgments.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { DataSource } from "typeorm";
import { createDataSource } from "../../src/db/data-source.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../src/db/embedded-postgres.js";
import { storeParsedReport } from "../../src/ingest/store.js";
import { fatalOf, parseReport } from "../../src/parser/index.js";
import { createSearchClient } from "../../src/search/client.js";
import { SearchIndexer } from "../../src/search/indexer.js";
import { startEmbeddedMeilisearch, type EmbeddedMeilisearch } from "../../src/search/meili-launcher.js";
import type { SearchInput } from "../../src/search/params.js";
import { SearchService } from "../../src/search/service.js";
import { ensureIndex } from "../../src/search/settings.js";
import { normalizeText, queryTerms, rankingWordsOfTerm, searchWordsOfNormalized } from "../../src/text/segment.js";
import nodejieba from "nodejieba";
const cutWords = (t: string): string[] =>
  (nodejieba.cut(t) as string[]).filter((w) => w.length >= 2 && /\p{Script=Han}/u.test(w));
import { Bm25 } from "./bm25.js";
import { evalSources, NARRATIVE_KEYS } from "./fixtures.js";
import type { EvalQuery } from "./judged-set.js";
import { mean, ndcgAt, recall, unjudgedAt } from "./metrics.js";

export const DEFAULT_CORPUS_DIR = resolve(process.env.GONGKAI_CORPUS_DIR ?? "../shared/corpus");
const INDEX = "sections_eval";

/** A section of the corpus as stored: its ref, the original text, the normalised text. */
export interface EvalSection {
  ref: string;
  text: string;
  normalized: string;
}

/** A ranking: a query → every section it returns, best first (as refs). */
export interface Ranking {
  name: string;
  run(query: string): Promise<string[]>;
}

export interface EvalCorpus {
  sections: Map<string, EvalSection>;
  rankings: Ranking[];
  close(): Promise<void>;
}

/** The product's ranked search as a ranking: every page of hits, in the order given by `order`. */
function productRanking(
  name: string,
  service: SearchService,
  refOf: Map<string, string>,
  order: Partial<SearchInput>,
  split = false,
): Ranking {
  return {
    name,
    async run(query) {
      const refs: string[] = [];
      for (let page = 1; ; page++) {
        const res = await service.search({
          query: split ? query.trim().split(/\s+/).join("，") : query,
          page,
          hitsPerPage: 100,
          ...order,
        });
        for (const h of res.hits) refs.push(refOf.get(h.id) ?? `unknown/${h.id}`);
        if (page >= res.totalPages) return refs;
      }
    },
  };
}

/** Parses, stores and indexes the corpus in servers of a temp dir; the rankings to compare. */
export async function openEvalCorpus(
  o: {
    corpusDir?: string;
    log?: (s: string) => void;
    /**
     * a diagnostic: send the product's search the words of a query as separate terms (政务新媒体，管理)
     * rather than as typed — its white-space rule joins 政务新媒体 管理 into the one phrase 政务新媒体管理
     */
    splitWords?: boolean;
  } = {},
): Promise<EvalCorpus> {
  const log = o.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), "gongkai-eval-search-"));
  let pg: EmbeddedPostgres | undefined;
  let meili: EmbeddedMeilisearch | undefined;
  let ds: DataSource | undefined;
  const close = async () => {
    await ds?.destroy().catch(() => undefined);
    await pg?.stop();
    await meili?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    [pg, meili] = await Promise.all([
      startEmbeddedPostgres({ dataDir: dir, database: "gongkai_eval", log }),
      startEmbeddedMeilisearch({ dataDir: dir }),
    ]);
    ds = createDataSource(pg.url, { migrationsRun: true });
    await ds.initialize();
    const client = createSearchClient({ url: meili.url, apiKey: meili.masterKey });
    await ensureIndex(client, INDEX);

    const nameOf = new Map<number, string>();
    for (const src of evalSources(o.corpusDir ?? DEFAULT_CORPUS_DIR)) {
      const file = src.name.split("/").pop()!;
      const parsed = await parseReport(src.bytes, { filename: src.invented ? `${file}.txt` : file });
      const fatal = fatalOf(parsed);
      if (fatal) throw new Error(`${src.name}: does not parse (${fatal.code}: ${fatal.message})`);
      if (!Object.values(parsed.sections).some(Boolean)) continue; // a report without narrative sections
      const sha256 = createHash("sha256").update(src.bytes).digest("hex");
      const stored = await storeParsedReport(
        ds,
        parsed,
        { sha256, originalName: file, mediaType: "text/plain", size: src.bytes.length, storagePath: `files/${sha256}` },
        { synthetic: src.invented },
      );
      if (stored.current === false || stored.supersededId !== null)
        throw new Error(`${src.name}: shares its agency and year with another report of the corpus`);
      nameOf.set(stored.reportId, src.name);
    }
    const drained = await new SearchIndexer({ ds, client, indexName: INDEX }).drain();
    if (drained.unavailable || drained.failed) throw new Error("the evaluation index could not be built");

    const rows = (await ds.query(
      `SELECT s.report_id, s.key, s.text, s.text_simplified FROM section s JOIN report r ON r.id = s.report_id
        WHERE r.is_current AND s.key = ANY($1) AND s.text <> ''`,
      [NARRATIVE_KEYS],
    )) as { report_id: number; key: string; text: string; text_simplified: string }[];
    const sections = new Map<string, EvalSection>();
    const refOf = new Map<string, string>();
    const bm25 = new Bm25((t) => searchWordsOfNormalized(normalizeText(t)));
    for (const r of rows) {
      const ref = `${nameOf.get(r.report_id)}#${r.key}`;
      sections.set(ref, { ref, text: r.text, normalized: r.text_simplified });
      refOf.set(`${r.report_id}-${r.key}`, ref);
      bm25.add(ref, r.text_simplified);
    }
    log(`eval corpus: ${nameOf.size} reports, ${sections.size} sections`);

    const service = new SearchService({ client, indexName: INDEX });
    const rankings: Ranking[] = [
      productRanking("year order", service, refOf, { orderBy: "year_desc" }, o.splitWords),
      { name: "BM25 (jieba)", run: async (q) => bm25.search(q).map(([ref]) => ref) },
      productRanking("relevance", service, refOf, { orderBy: "relevance" }, o.splitWords),
      productRanking("relevance, all terms", service, refOf, { orderBy: "relevance", related: false }, o.splitWords),
    ];
    // a diagnostic: the product's own hits (the same sections as year order and relevance) in BM25's
    // order — how much of BM25's lead is its order, and how much the sections it finds beyond them
    const yearOrder = rankings[0];
    rankings.push({
      name: "BM25 on its hits",
      async run(q) {
        const score = new Map(bm25.search(q));
        return (await yearOrder.run(q)).sort((a, b) => (score.get(b) ?? 0) - (score.get(a) ?? 0));
      },
    });
    if (process.env.EVAL_RELATED) {
      const index = client.index(INDEX);
      // a diagnostic (EVAL_RELATED=last,frequency,all,last:0.5): what else related hits could be — the
      // all-terms hits, then a words-only query's hits with that matchingStrategy (and at least that
      // share of the query's words in the text)
      const relevance = rankings[3];
      for (const strategy of process.env.EVAL_RELATED.split(",")) {
        rankings.push({
          name: `related ${strategy}`,
          async run(q) {
            const first = await relevance.run(q);
            const seen = new Set(first);
            const words = [...new Set(queryTerms(q).flatMap(rankingWordsOfTerm))].slice(0, 10);
            if (!words.length) return first;
            const [strat, minShare] = strategy.split(":");
            const res = await index.search(words.join(" "), {
              matchingStrategy: strat as "last",
              limit: 1000,
              attributesToRetrieve: ["id", "text"],
            });
            const plain = [...new Set(queryTerms(q).flatMap((t) => cutWords(t)))];
            for (const h of res.hits as { id: string; text: string }[]) {
              const ref = refOf.get(h.id) ?? `unknown/${h.id}`;
              if (seen.has(ref)) continue;
              if (minShare) {
                const n = normalizeText(h.text);
                const have = plain.filter((w) => n.includes(w)).length;
                if (have < Number(minShare) * plain.length) continue;
              }
              seen.add(ref);
              first.push(ref);
            }
            return first;
          },
        });
      }
    }
    return { sections, rankings, close };
  } catch (e) {
    await close();
    throw e;
  }
}

export interface QueryResult {
  query: EvalQuery;
  ranking: string;
  ndcg10: number | null;
  recall: number | null;
  returned: number;
  /** refs in the top 10 never judged for this query */
  unjudged: string[];
  top: string[];
  /** the whole list */
  all: string[];
}

export interface EvalSummary {
  ranking: string;
  ndcg10: number;
  recall: number;
  /** queries measured (with at least one section graded ≥ 1) */
  measured: number;
  unjudgedInTop10: number;
}

/** Every query through every ranking, measured against the judgments. */
export async function evaluate(
  corpus: EvalCorpus,
  queries: readonly EvalQuery[],
  judgments: ReadonlyMap<string, ReadonlyMap<string, number>>,
): Promise<{ perQuery: QueryResult[]; summary: EvalSummary[] }> {
  const perQuery: QueryResult[] = [];
  for (const ranking of corpus.rankings) {
    for (const query of queries) {
      const list = await ranking.run(query.query);
      const grades = judgments.get(query.id) ?? new Map<string, number>();
      perQuery.push({
        query,
        ranking: ranking.name,
        ndcg10: ndcgAt(list, grades, 10),
        recall: recall(list, grades),
        returned: list.length,
        unjudged: unjudgedAt(list, grades, 10),
        top: list.slice(0, 20),
        all: list,
      });
    }
  }
  const summary = corpus.rankings.map((r): EvalSummary => {
    const mine = perQuery.filter((p) => p.ranking === r.name);
    return {
      ranking: r.name,
      ndcg10: mean(mine.map((p) => p.ndcg10)),
      recall: mean(mine.map((p) => p.recall)),
      measured: mine.filter((p) => p.ndcg10 !== null).length,
      unjudgedInTop10: mine.reduce((n, p) => n + p.unjudged.length, 0),
    };
  });
  return { perQuery, summary };
}
