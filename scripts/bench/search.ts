/**
 * Search benchmark (not a test): the bench data set (data.ts: N invented reports with figures and 3
 * narrative sections each, the Meilisearch index built by the real reindex), then search latency — ranked
 * search end to end (with app-built snippets), with facets, Meilisearch's own time — against the
 * Postgres substring baseline (the exact path the API serves, services/exact-search.service.ts), all in
 * the same run.
 *
 *   npm run bench:search -- --reports 5000 [--rounds 10] [--data-dir DIR] [--keep] [--rebuild]
 *
 * Without --data-dir the servers live in a temporary folder that is removed at the end (--keep keeps
 * it). A --data-dir that already holds the data set of this size is reused, index included (`--rebuild`
 * forces the index build); bench:api runs against the same folder.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { DataSource } from "typeorm";
import { DEFAULT_FACETS, type SearchFilters } from "../../src/search/params.js";
import { SearchService } from "../../src/search/service.js";
import { ExactSearch } from "../../src/services/exact-search.service.js";
import type { ReportWhere } from "../../src/services/where.js";
import { duMb, loadAverage, openBenchDatabase, openBenchIndex, type BenchIndex } from "./data.js";
import type { FillResult } from "./fill.js";

const arg = (name: string, dflt?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const REPORTS = Number(arg("reports", "5000"));
const ROUNDS = Number(arg("rounds", "10"));
const KEEP = process.argv.includes("--keep");
const REBUILD = process.argv.includes("--rebuild");
const dataDir = arg("data-dir") ? resolve(arg("data-dir")!) : mkdtempSync(join(tmpdir(), "gongkai-bench-search-"));

const log = (s: string) => process.stderr.write(`${s}\n`);
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(1) : ms.toFixed(0));

async function main() {
  log(
    `bench:search — ${REPORTS} reports, data in ${dataDir}; ${process.version}, ${execFileSync("nproc").toString().trim()} cores`,
  );
  const db = await openBenchDatabase(dataDir, REPORTS);
  const ds = db.ds;
  let meili: Awaited<ReturnType<typeof openBenchIndex>>["meili"] | undefined;
  try {
    const ix = await openBenchIndex(dataDir, ds, REBUILD);
    meili = ix.meili;
    const service = new SearchService({ client: ix.client, indexName: ix.indexName });
    const sizes = {
      meili: duMb(dataDir),
      postgres: ((await ds.query(`SELECT pg_database_size(current_database()) / 1048576 AS mb`)) as { mb: string }[])[0]
        .mb,
      meiliRss: rssMb(meili.pid),
    };
    const loadBefore = loadAverage();
    const latency = await measure(service, ds);
    const load = `${loadBefore} → ${loadAverage()}`;
    report(
      db.filled,
      ix.build,
      sizes,
      latency,
      load,
      await ds.query(`SELECT count(*)::int AS n, avg(length(text))::int AS chars FROM section`),
    );
  } finally {
    await meili?.stop();
    await db.close();
    if (!KEEP && !arg("data-dir")) rmSync(dataDir, { recursive: true, force: true });
  }
}

interface BenchQuery {
  query: string;
  filters?: SearchFilters;
}
const QUERIES: BenchQuery[] = [
  { query: "政务公开" },
  { query: "依申请公开" },
  { query: "申请公开" },
  { query: "行政复议" },
  { query: "复议" },
  { query: "政策解读" },
  { query: "信息处理费" },
  { query: "保密审查" },
  { query: "门户网站" },
  { query: "在线访谈" },
  { query: "法定期限内" },
  { query: "政務公開" },
  { query: "依申請公開" },
  { query: "2023年" },
  { query: "12345热线" },
  { query: "行政复议，行政诉讼" },
  { query: "政策解读，图文解读" },
  { query: "乡村振兴，主动公开" },
  { query: "政务公开", filters: { province: "广东省" } },
  { query: "政策解读", filters: { year: { gte: 2022 } } },
  { query: "复议", filters: { kind: "government", year: 2023 } },
  { query: "信息处理费", filters: { province: ["浙江省", "江苏省"] } },
  { query: "义务教育" },
  { query: "城市更新，专题专栏" },
];

type Samples = Record<string, number[]>;

/** The bench filters as the API's where (the values here are already as stored). */
function whereOf(filters: SearchFilters = {}): ReportWhere {
  const where: Record<string, unknown> = {};
  for (const [field, v] of Object.entries(filters)) {
    if (field === "year" && typeof v === "object" && !Array.isArray(v))
      where.year = { _gte: (v as { gte?: number }).gte, _lte: (v as { lte?: number }).lte };
    else where[field] = Array.isArray(v) ? { _in: v } : { _eq: v };
  }
  return where as ReportWhere;
}

const exactPage = (exact: ExactSearch, q: BenchQuery) =>
  exact.search({ query: q.query, where: whereOf(q.filters), limit: 20, offset: 0 });

async function measure(service: SearchService, ds: DataSource) {
  const s: Samples = {
    search: [],
    searchStrict: [],
    searchPastAll: [],
    searchYear: [],
    searchFacets: [],
    searchTerms: [],
    meiliServer: [],
    meiliServerYear: [],
    pgSubstring: [],
  };
  const exact = new ExactSearch(ds);
  const hits: Record<string, number> = {};
  // warm-up: every query once down every path
  for (const q of QUERIES) {
    await service.search({ ...q, facets: true });
    await exactPage(exact, q);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of QUERIES) {
      let t = performance.now();
      const res = await service.search({ ...q, hitsPerPage: 20 });
      s.search.push(performance.now() - t);
      s.meiliServer.push(res.processingTimeMs);
      hits[q.query + JSON.stringify(q.filters ?? {})] = res.totalHits;
      // relevance without related hits (one search call instead of a multi-search of three)
      t = performance.now();
      await service.search({ ...q, hitsPerPage: 20, related: false });
      s.searchStrict.push(performance.now() - t);
      // the first page of related hits (past every all-terms hit): one more multi-search
      if (res.relatedCount > 0) {
        t = performance.now();
        await service.search({ ...q, hitsPerPage: 20, page: Math.floor(res.totalHits / 20) + 1 });
        s.searchPastAll.push(performance.now() - t);
      }
      // the old ranking (newest year first), in the same run: phrases only, sorted by year
      t = performance.now();
      const byYear = await service.search({ ...q, hitsPerPage: 20, orderBy: "year_desc" });
      s.searchYear.push(performance.now() - t);
      s.meiliServerYear.push(byYear.processingTimeMs);
      if (byYear.totalHits !== res.totalHits)
        throw new Error(`${q.query}: year order found ${byYear.totalHits}, relevance ${res.totalHits}`);
      t = performance.now();
      await service.search({ ...q, hitsPerPage: 20, facets: true });
      s.searchFacets.push(performance.now() - t);
      t = performance.now();
      await service.search({ ...q, hitsPerPage: 20, facets: [...DEFAULT_FACETS, "terms"] });
      s.searchTerms.push(performance.now() - t);
    }
  }
  // Postgres is 10–100× slower: fewer rounds, same queries
  const pgRounds = Math.max(1, Math.ceil(ROUNDS / 5));
  for (let round = 0; round < pgRounds; round++) {
    for (const q of QUERIES) {
      const t = performance.now();
      await exactPage(exact, q);
      s.pgSubstring.push(performance.now() - t);
    }
  }
  return { samples: s, hits };
}

function pct(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function rssMb(pid: number): string {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(execFileSync("cat", [`/proc/${pid}/status`]).toString());
    return m ? String(Math.round(Number(m[1]) / 1024)) : "?";
  } catch {
    return "?";
  }
}

function report(
  generation: FillResult | null,
  build: BenchIndex["build"],
  sizes: { meili: string; postgres: string; meiliRss: string },
  latency: Awaited<ReturnType<typeof measure>>,
  load: string,
  [counts]: { n: number; chars: number }[],
) {
  const out: string[] = [];
  out.push(
    `## bench:search — ${REPORTS} reports, ${counts.n} sections (avg ${counts.chars} chars), ${new Date().toISOString().slice(0, 10)}`,
  );
  if (generation)
    out.push(
      `fill (figures, sections, indexes): ${(generation.ms / 1000).toFixed(1)} s (${(generation.chars / 1e6).toFixed(1)} M chars)`,
    );
  if (build) {
    const perS = build.documents / (build.ms / 1000);
    out.push(
      `index build (reindex: Postgres → documents → Meilisearch → swap): ${(build.ms / 1000).toFixed(1)} s, ${perS.toFixed(0)} sections/s; load average ${build.loadBefore} → ${build.loadAfter}`,
    );
  }
  out.push(`on disk: Meilisearch ${sizes.meili} MB (RSS ${sizes.meiliRss} MB), Postgres ${sizes.postgres} MB`);
  out.push(
    `load average during the measurements: ${load} (${execFileSync("nproc").toString().trim()} cores, shared with other jobs)`,
  );
  out.push("");
  out.push(`| path (${QUERIES.length} queries) | samples | p50 ms | p95 ms | max ms |`);
  out.push("|---|---|---|---|---|");
  const rows: [string, number[]][] = [
    ["search by relevance, 20 hits + snippets (end to end)", latency.samples.search],
    ["  of which Meilisearch server time", latency.samples.meiliServer],
    ["search by relevance without related hits (related: false), 20 hits + snippets", latency.samples.searchStrict],
    [
      "search by relevance, the page where related hits start (queries with ≤ 1,000 hits)",
      latency.samples.searchPastAll,
    ],
    ["search by year (the old order, year_desc), 20 hits + snippets (end to end)", latency.samples.searchYear],
    ["  of which Meilisearch server time", latency.samples.meiliServerYear],
    ["search + facet counts: year, province, level, kind, section (end to end)", latency.samples.searchFacets],
    ["search + those facets and the `terms` keyword facet (end to end)", latency.samples.searchTerms],
    ["Postgres substring baseline (exact: count + first 20)", latency.samples.pgSubstring],
  ];
  for (const [name, xs] of rows)
    if (xs.length)
      out.push(`| ${name} | ${xs.length} | ${fmt(pct(xs, 50))} | ${fmt(pct(xs, 95))} | ${fmt(Math.max(...xs))} |`);
  out.push("");
  out.push(
    `hits per query: ${Object.entries(latency.hits)
      .map(([q, n]) => `${q.replace("{}", "")} ${n}`)
      .join("; ")}`,
  );
  console.log(out.join("\n"));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
