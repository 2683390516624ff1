/**
 * Search benchmark (not a test): N invented reports (3 narrative sections each) written straight into
 * an embedded Postgres, the Meilisearch index built by the real reindex, then search latency — ranked
 * search end to end (with app-built snippets), with facets, Meilisearch's own time — against the
 * Postgres substring baseline (the exact path), all in the same run.
 *
 *   npm run bench:search -- --reports 5000 [--rounds 10] [--data-dir DIR] [--keep] [--skip-jieba]
 *
 * Without --data-dir the servers live in a temporary folder that is removed at the end (--keep keeps
 * it). With a --data-dir that already holds a benchmark database of the same size, the data and the
 * index are reused (`--rebuild` forces the index build).
 */
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { DataSource } from "typeorm";
import { createDataSource } from "../../src/db/data-source.js";
import { startEmbeddedPostgres } from "../../src/db/embedded-postgres.js";
import { createSearchClient } from "../../src/search/client.js";
import { exactSearch, exactWhere, FROM_SECTIONS } from "../../src/search/exact.js";
import { SearchIndexer } from "../../src/search/indexer.js";
import { startEmbeddedMeilisearch } from "../../src/search/meili-launcher.js";
import { filterClauses, type SearchFilters } from "../../src/search/params.js";
import { indexTokens, normalizeText, queryTerms, queryTokens } from "../../src/search/segment.js";
import { SearchService } from "../../src/search/service.js";
import { ensureIndex } from "../../src/search/settings.js";
import { syntheticNarrative } from "../../src/synthetic/narrative.js";
import { rng } from "../../src/synthetic/values.js";

const arg = (name: string, dflt?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const REPORTS = Number(arg("reports", "5000"));
const ROUNDS = Number(arg("rounds", "10"));
const KEEP = process.argv.includes("--keep");
const REBUILD = process.argv.includes("--rebuild");
const SKIP_JIEBA = process.argv.includes("--skip-jieba");
const dataDir = arg("data-dir") ? resolve(arg("data-dir")!) : mkdtempSync(join(tmpdir(), "gongkai-bench-search-"));
const INDEX = "sections";

// Places for invented agencies (province, city); levels and kinds follow from the agency's form.
const PLACES: [string, string][] = [
  ["广东省", "广州市"], ["广东省", "深圳市"], ["广东省", "佛山市"], ["上海市", "上海市"], ["北京市", "北京市"],
  ["福建省", "福州市"], ["福建省", "厦门市"], ["云南省", "昆明市"], ["浙江省", "杭州市"], ["浙江省", "宁波市"],
  ["江苏省", "南京市"], ["江苏省", "苏州市"], ["四川省", "成都市"], ["湖北省", "武汉市"], ["湖南省", "长沙市"],
  ["山东省", "济南市"], ["山东省", "青岛市"], ["河南省", "郑州市"], ["陕西省", "西安市"], ["辽宁省", "沈阳市"],
];
const BODIES = ["人民政府", "发展和改革委员会", "教育局", "公安局", "民政局", "财政局", "人力资源和社会保障局",
  "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "水务局", "农业农村局", "商务局", "文化广电旅游局",
  "卫生健康委员会", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "政务服务数据管理局"];

const log = (s: string) => process.stderr.write(`${s}\n`);
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(1) : ms.toFixed(0));

async function main() {
  log(`bench:search — ${REPORTS} reports, data in ${dataDir}; ${process.version}, ${execFileSync("nproc").toString().trim()} cores`);
  const pg = await startEmbeddedPostgres({ dataDir, database: "bench" });
  const ds = createDataSource(pg.url, { migrationsRun: true });
  await ds.initialize();
  const meili = await startEmbeddedMeilisearch({ dataDir });
  const client = createSearchClient({ url: meili.url, apiKey: meili.masterKey });
  try {
    const [{ n: have }] = (await ds.query(`SELECT count(*)::int AS n FROM report`)) as { n: number }[];
    let generation: { ms: number; chars: number; sections: number } | null = null;
    if (have !== REPORTS) {
      if (have) await ds.query(`TRUNCATE search_outbox, diagnostic, section, figure, report, source_file, agency RESTART IDENTITY CASCADE`);
      generation = await generate(ds);
    }
    await ensureIndex(client, INDEX);
    const indexed = (await client.index(INDEX).getStats()).numberOfDocuments;
    let build: { ms: number; documents: number } | null = null;
    if (REBUILD || generation || indexed === 0) {
      const indexer = new SearchIndexer({ ds, client, indexName: INDEX, log });
      let last = 0;
      const r = await indexer.reindex((p) => {
        if (Date.now() - last > 10_000 || p.documents === p.total) { last = Date.now(); log(`  indexed ${p.documents}/${p.total}`); }
      });
      build = { ms: r.ms, documents: r.documents };
    }
    const service = new SearchService({ client, indexName: INDEX, ds });
    const sizes = {
      meili: execFileSync("du", ["-sm", join(dataDir, "meili", "data")]).toString().split("\t")[0],
      postgres: ((await ds.query(`SELECT pg_database_size(current_database()) / 1048576 AS mb`)) as { mb: string }[])[0].mb,
      meiliRss: rssMb(meili.pid),
    };
    const latency = await measure(service, ds);
    report(generation, build, sizes, latency, await ds.query(`SELECT count(*)::int AS n, avg(length(text))::int AS chars FROM section`));
  } finally {
    await ds.destroy();
    await meili.stop();
    await pg.stop();
    if (!KEEP && !arg("data-dir")) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** N invented reports written with plain INSERTs (the ingest path parses; here only search matters). */
async function generate(ds: DataSource) {
  const started = performance.now();
  const r = rng(20240601);
  const agencies = Math.max(1, Math.ceil(REPORTS / 6)); // ~6 years per agency
  const agencyRows = Array.from({ length: agencies }, (_, i) => {
    const [province, city] = PLACES[i % PLACES.length];
    const body = BODIES[Math.floor(i / PLACES.length) % BODIES.length];
    const name = `${city}${i >= PLACES.length * BODIES.length ? `第${Math.floor(i / (PLACES.length * BODIES.length))}` : ""}${body}`;
    return { name, province, city: province === city ? null : city, level: province === city ? "province" : "city", kind: body === "人民政府" ? "government" : "department" };
  });
  for (let i = 0; i < agencyRows.length; i += 1000) {
    const part = agencyRows.slice(i, i + 1000);
    await ds.query(
      `INSERT INTO agency (canonical_name, province, city, level, kind) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      [part.map((a) => a.name), part.map((a) => a.province), part.map((a) => a.city), part.map((a) => a.level), part.map((a) => a.kind)],
    );
  }
  await ds.query(`INSERT INTO source_file (sha256, original_name, media_type, size, storage_path) VALUES ($1, 'bench', 'text/plain', 0, 'bench')`, ["0".repeat(64)]);
  let chars = 0, sections = 0;
  const BATCH = 500;
  for (let first = 0; first < REPORTS; first += BATCH) {
    const ids: number[] = [], years: number[] = [], agencyIds: number[] = [], formats: string[] = [], scripts: string[] = [];
    const sec = { report: [] as number[], key: [] as string[], text: [] as string[], simplified: [] as string[], tokens: [] as string[] };
    for (let k = first; k < Math.min(REPORTS, first + BATCH); k++) {
      const agency = k % agencies;
      const year = 2019 + (Math.floor(k / agencies) % 6);
      const traditional = r() < 0.1;
      ids.push(k + 1); years.push(year); agencyIds.push(agency + 1); formats.push(year >= 2021 ? "2021" : "2019");
      scripts.push(traditional ? "traditional" : "simplified");
      const n = syntheticNarrative(k, { year, agency: agencyRows[agency].name, traditional });
      for (const [key, text] of Object.entries(n)) {
        sec.report.push(k + 1); sec.key.push(key); sec.text.push(text);
        sec.simplified.push(normalizeText(text)); sec.tokens.push(indexTokens(text).join(" "));
        chars += text.length; sections++;
      }
    }
    await ds.transaction(async (m) => {
      await m.query(
        `INSERT INTO report (id, agency_id, year, format, script, source_file_sha256, parser_version, status, synthetic)
         SELECT id, a, y, f, s, $6, 'bench', 'parsed', true FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::text[]) AS t(id, a, y, f, s)`,
        [ids, agencyIds, years, formats, scripts, "0".repeat(64)],
      );
      await m.query(
        `INSERT INTO section (report_id, key, text, text_simplified, tokens) SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[])`,
        [sec.report, sec.key, sec.text, sec.simplified, sec.tokens],
      );
    });
    if ((first / BATCH) % 20 === 0) log(`  generated ${Math.min(REPORTS, first + BATCH)}/${REPORTS} reports`);
  }
  await ds.query(`SELECT setval(pg_get_serial_sequence('report', 'id'), $1)`, [REPORTS]);
  await ds.query(`ANALYZE`);
  return { ms: performance.now() - started, chars, sections };
}

interface BenchQuery { query: string; filters?: SearchFilters }
const QUERIES: BenchQuery[] = [
  { query: "政务公开" }, { query: "依申请公开" }, { query: "申请公开" }, { query: "行政复议" }, { query: "复议" },
  { query: "政策解读" }, { query: "信息处理费" }, { query: "保密审查" }, { query: "门户网站" }, { query: "在线访谈" },
  { query: "法定期限内" }, { query: "政務公開" }, { query: "依申請公開" }, { query: "2023年" }, { query: "12345热线" },
  { query: "行政复议 行政诉讼" }, { query: "政策解读 图文解读" }, { query: "乡村振兴 主动公开" },
  { query: "政务公开", filters: { province: "广东省" } }, { query: "政策解读", filters: { year: { gte: 2022 } } },
  { query: "复议", filters: { kind: "government", year: 2023 } }, { query: "信息处理费", filters: { province: ["浙江省", "江苏省"] } },
  { query: "义务教育" }, { query: "城市更新 专题专栏" },
];

type Samples = Record<string, number[]>;

async function measure(service: SearchService, ds: DataSource) {
  const s: Samples = { search: [], searchFacets: [], meiliServer: [], pgSubstring: [], pgWords: [] };
  const hits: Record<string, number> = {};
  // warm-up: every query once down every path
  for (const q of QUERIES) {
    await service.search({ ...q, facets: true });
    await exactSearch(ds, { ...q, limit: 20 });
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of QUERIES) {
      let t = performance.now();
      const res = await service.search({ ...q, hitsPerPage: 20 });
      s.search.push(performance.now() - t);
      s.meiliServer.push(res.processingTimeMs);
      hits[q.query + JSON.stringify(q.filters ?? {})] = res.totalHits;
      t = performance.now();
      await service.search({ ...q, hitsPerPage: 20, facets: true });
      s.searchFacets.push(performance.now() - t);
    }
  }
  // Postgres is 10–100× slower: fewer rounds, same queries
  const pgRounds = Math.max(1, Math.ceil(ROUNDS / 5));
  for (let round = 0; round < pgRounds; round++) {
    for (const q of QUERIES) {
      let t = performance.now();
      await exactSearch(ds, { ...q, limit: 20 });
      s.pgSubstring.push(performance.now() - t);
      // the slow alternative: one round is enough to see it (and --skip-jieba leaves it out)
      if (round === 0 && !SKIP_JIEBA) {
        t = performance.now();
        await jiebaPrefilterCount(ds, q);
        s.pgWords.push(performance.now() - t);
      }
    }
  }
  return { samples: s, hits };
}

/** The alternative measured for the exact path: the jieba tsvector GIN as prefilter, then the substring check. */
async function jiebaPrefilterCount(ds: DataSource, q: BenchQuery): Promise<number> {
  const terms = queryTerms(q.query);
  const { where, params } = exactWhere(terms, filterClauses(q.filters));
  const words = terms.map((t) => {
    params.push(queryTokens(t).join(" "));
    return `to_tsvector('simple', s.tokens) @@ plainto_tsquery('simple', $${params.length})`;
  });
  const [row] = (await ds.query(`SELECT count(*)::int AS n ${FROM_SECTIONS} WHERE ${[where, ...words].join(" AND ")}`, params)) as { n: number }[];
  return row.n;
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
  generation: { ms: number; chars: number; sections: number } | null,
  build: { ms: number; documents: number } | null,
  sizes: { meili: string; postgres: string; meiliRss: string },
  latency: Awaited<ReturnType<typeof measure>>,
  [counts]: { n: number; chars: number }[],
) {
  const out: string[] = [];
  out.push(`## bench:search — ${REPORTS} reports, ${counts.n} sections (avg ${counts.chars} chars), ${new Date().toISOString().slice(0, 10)}`);
  if (generation) out.push(`generate + jieba tokens + insert: ${(generation.ms / 1000).toFixed(1)} s (${(generation.chars / 1e6).toFixed(1)} M chars)`);
  if (build) {
    const perS = build.documents / (build.ms / 1000);
    out.push(`index build (reindex: Postgres → documents → Meilisearch → swap): ${(build.ms / 1000).toFixed(1)} s, ${perS.toFixed(0)} sections/s`);
  }
  out.push(`on disk: Meilisearch ${sizes.meili} MB (RSS ${sizes.meiliRss} MB), Postgres ${sizes.postgres} MB`);
  out.push("");
  out.push(`| path (${QUERIES.length} queries) | samples | p50 ms | p95 ms | max ms |`);
  out.push("|---|---|---|---|---|");
  const rows: [string, number[]][] = [
    ["search, 20 hits + snippets (end to end)", latency.samples.search],
    ["search + facet counts (end to end)", latency.samples.searchFacets],
    ["  of which Meilisearch server time", latency.samples.meiliServer],
    ["Postgres substring baseline (exact: count + first 20)", latency.samples.pgSubstring],
    ["(measured alternative) count with jieba tsvector GIN + substring", latency.samples.pgWords],
  ];
  for (const [name, xs] of rows) if (xs.length) out.push(`| ${name} | ${xs.length} | ${fmt(pct(xs, 50))} | ${fmt(pct(xs, 95))} | ${fmt(Math.max(...xs))} |`);
  out.push("");
  out.push(`hits per query: ${Object.entries(latency.hits).map(([q, n]) => `${q.replace("{}", "")} ${n}`).join("; ")}`);
  console.log(out.join("\n"));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
