/**
 * API benchmark (not a test): p50/p95 latency of report-by-id, a filtered list, search with filters
 * (ranked through Meilisearch, and exact in Postgres) and an aggregate by province × year, over HTTP on
 * loopback, against the bench data set (data.ts: N invented reports with every figure and three
 * narrative sections, the Meilisearch index built by the real reindex — shared with bench:search).
 *   npm run bench:api -- --reports 100000 [--requests 300] [--concurrency 1] [--data-dir DIR] [--keep] [--only REGEX]
 * (--only: the scenarios whose name matches the regular expression TEXT). Besides latency it reports the CPU time per request
 * of the API process, Postgres (when embedded here) and Meilisearch: the figure that holds on a shared
 * machine, where latency grows with the load.
 * The data goes to a database `gongkai_bench` on DATABASE_URL, else on an embedded Postgres under
 * --data-dir (default: a temp dir, removed afterwards unless --keep; a kept one is reused when it holds
 * exactly N reports, and so is its index). The API runs as its own process (the `serve` command, with
 * the embedded Meilisearch under --data-dir as MEILI_URL); requests are sent with node's http client and
 * a keep-alive agent, `concurrency` at a time, at most `requests` per scenario and at most --seconds
 * (default 60) each.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { freePort } from "../../src/util/free-port.js";
import { postgresCpuSeconds, processCpuSeconds } from "./proc.js";
import { loadAverage, openBenchDatabase, openBenchIndex, type BenchDatabase, type BenchIndex } from "./data.js";

const { values: opt } = parseArgs({
  options: {
    reports: { type: "string", default: "10000" },
    requests: { type: "string", default: "300" },
    concurrency: { type: "string", default: "1" },
    seconds: { type: "string", default: "60" },
    "data-dir": { type: "string" },
    keep: { type: "boolean", default: false },
    only: { type: "string" },
  },
});
const N = Number(opt.reports);
const REQUESTS = Number(opt.requests);
const CONCURRENCY = Number(opt.concurrency);
const SECONDS = Number(opt.seconds);
if (!(N > 0 && REQUESTS > 0 && CONCURRENCY > 0 && SECONDS > 0))
  throw new Error("--reports, --requests, --concurrency, --seconds must be positive");

/** In about 4 summaries of 5 of the invented narrative (src/synthetic/narrative.ts). */
const SEARCH_TERM = "保密审查";
const dataDir = resolve(opt["data-dir"] ?? mkdtempSync(join(tmpdir(), "gongkai-bench-")));
let db: BenchDatabase | undefined;
let index: BenchIndex | undefined;
let child: ChildProcess | undefined;

async function startApi(url: string, search: BenchIndex): Promise<string> {
  const port = await freePort();
  child = spawn(
    process.execPath,
    ["--import", "./scripts/ts-loader.mjs", "src/commands/serve.ts", "--port", String(port)],
    {
      env: {
        ...process.env,
        DATABASE_URL: url,
        MEILI_URL: search.meili.url,
        MEILI_MASTER_KEY: search.meili.masterKey,
        GONGKAI_DATA_DIR: dataDir,
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    child!.stdout!.on("data", (c: Buffer) => {
      out += c;
      const m = /API at (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child!.once("exit", (code) => reject(new Error(`serve exited with ${code}`)));
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

interface Scenario {
  name: string;
  query: string;
  variables: (i: number) => Record<string, unknown>;
}

const PROVINCES = ["广东省", "浙江省", "四川省", "河南省", "山东省", "江苏省", "湖南省", "云南省"];
const YEARS = [2019, 2020, 2021, 2022, 2023];
const pick = <T>(xs: T[], i: number) => xs[(i * 7919) % xs.length];

const SCENARIOS: Scenario[] = [
  {
    name: "report by id",
    query: `query($id: Int!) { report(id: $id) { id year format agency { name province level } table3 { t3_new_total { value raw status } t3_granted_total { value } }
      table4 { t4_review_total { value } } sections { key } otherYears { year } } }`,
    variables: (i) => ({ id: 1 + ((i * 104729) % N) }),
  },
  {
    name: "filtered list (year, province, figure > 50, ordered by figure, 20 + totalCount)",
    query: `query($y: Int, $p: String) { reports(where: { year: { _eq: $y }, province: { _eq: $p }, figure: { variable: t3_new_total, _gt: 50 } },
      orderBy: [{ figure: t3_new_total, direction: desc }], first: 20) { totalCount nodes { id agency { name } table3 { t3_new_total { value } } } } }`,
    variables: (i) => ({ y: pick(YEARS, i), p: pick(PROVINCES, i + 3) }),
  },
  // ranked search by relevance (the default) and by year (year_desc: the order before issue 20), same run
  ...(["relevance", "year_desc"] as const).flatMap((order): Scenario[] => [
    {
      name: `search "${SEARCH_TERM}" ranked, orderBy ${order}, no where (20 hits + facets)`,
      query: `query($q: String!) { search(query: $q, orderBy: ${order}, first: 20) {
      totalCount edges { node { reportId section snippet highlights { start end } score report { agency { name } } } }
      facets { year { value count } province { value count } level { value count } section { value count } } } }`,
      variables: () => ({ q: SEARCH_TERM }),
    },
    {
      name: `search "${SEARCH_TERM}" ranked, orderBy ${order}, where year + province (20 hits + facets)`,
      query: `query($q: String!, $y: Int, $p: String) { search(query: $q, orderBy: ${order}, where: { year: { _eq: $y }, province: { _eq: $p } }, first: 20) {
      totalCount edges { node { reportId section snippet highlights { start end } score report { agency { name } } } }
      facets { year { value count } province { value count } level { value count } section { value count } } } }`,
      variables: (i) => ({ q: SEARCH_TERM, y: pick(YEARS, i), p: pick(PROVINCES, i + 5) }),
    },
  ]),
  {
    name: `search "${SEARCH_TERM}" ranked, where level + kind + year ≥ 2021 (20 hits + facets)`,
    query: `query($q: String!, $l: Level) { search(query: $q, where: { level: { _eq: $l }, kind: { _eq: government }, year: { _gte: 2021 } }, first: 20) {
      totalCount edges { node { reportId section snippet score report { agency { name } } } } facets { province { value count } year { value count } } } }`,
    variables: (i) => ({ q: SEARCH_TERM, l: pick(["county", "city", "province"], i) }),
  },
  {
    name: `search "${SEARCH_TERM}" ranked, where figure t3_new_total > 100 (ids from Postgres; 20 hits + facets)`,
    query: `query($q: String!) { search(query: $q, where: { figure: { variable: t3_new_total, _gt: 100 } }, first: 20) {
      totalCount edges { node { reportId snippet } } facets { province { value count } } } }`,
    variables: () => ({ q: SEARCH_TERM }),
  },
  {
    name: `search "${SEARCH_TERM}" exact, where year + province (20 hits + facets)`,
    query: `query($q: String!, $y: Int, $p: String) { search(query: $q, exact: true, where: { year: { _eq: $y }, province: { _eq: $p } }, first: 20) {
      totalCount edges { node { reportId section snippet highlights { start end } report { agency { name } } } }
      facets { year { value count } province { value count } level { value count } section { value count } } } }`,
    variables: (i) => ({ q: SEARCH_TERM, y: pick(YEARS, i), p: pick(PROVINCES, i + 5) }),
  },
  {
    name: `search "${SEARCH_TERM}" exact, where figure t3_new_total > 100 (20 hits + facets)`,
    query: `query($q: String!) { search(query: $q, exact: true, where: { figure: { variable: t3_new_total, _gt: 100 } }, first: 20) {
      totalCount edges { node { reportId snippet } } facets { province { value count } } } }`,
    variables: () => ({ q: SEARCH_TERM }),
  },
  {
    name: "aggregate province × year (count, sum/avg of 2 variables)",
    query: `{ aggregate(groupBy: [province, year], measures: [t3_new_total, t3_granted_total]) { group { province year } count measures { sum avg } } }`,
    variables: () => ({}),
  },
];

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** CPU seconds so far of the API process, Postgres (when embedded here) and Meilisearch. */
function cpuNow(): [number, number, number] {
  const pgDir = join(dataDir, "postgres");
  return [
    processCpuSeconds(child!.pid!),
    process.env.DATABASE_URL || !existsSync(join(pgDir, "postmaster.pid")) ? NaN : postgresCpuSeconds(pgDir),
    processCpuSeconds(index!.meili.pid),
  ];
}

async function run(url: string, s: Scenario) {
  for (let i = 0; i < 5; i++) await post(url, JSON.stringify({ query: s.query, variables: s.variables(i + 1000) })); // warm-up
  const cpu0 = cpuNow();
  const times: number[] = [];
  let next = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS && performance.now() < deadline) {
        const i = next++;
        const body = JSON.stringify({ query: s.query, variables: s.variables(i) });
        const t = performance.now();
        const res = await post(url, body);
        times.push(performance.now() - t);
        if (res.status !== 200 || res.text.includes('"errors"'))
          throw new Error(`${s.name}: ${res.status} ${res.text.slice(0, 300)}`);
      }
    }),
  );
  const wall = (performance.now() - started) / 1000;
  const cpu = cpuNow().map((c, i) => ((c - cpu0[i]) * 1000) / times.length);
  times.sort((a, b) => a - b);
  return {
    n: times.length,
    p50: pct(times, 50),
    p95: pct(times, 95),
    p99: pct(times, 99),
    max: times.at(-1)!,
    rps: times.length / wall,
    cpu,
  };
}

try {
  db = await openBenchDatabase(dataDir, N);
  index = await openBenchIndex(dataDir, db.ds);
  const api = await startApi(db.url, index);
  console.log(
    `API ${api} (own process); ${REQUESTS} requests per scenario, concurrency ${CONCURRENCY}, node ${process.version}, ${cpus().length} cores`,
  );
  // other work on the machine moves these figures a lot: say how busy it was
  console.log(`load average before: ${loadAverage()}`);
  console.log(
    `| scenario | n | p50 ms | p95 ms | p99 ms | max ms | req/s | CPU ms/request: API + Postgres + Meilisearch | load average after |\n|---|---|---|---|---|---|---|---|---|`,
  );
  for (const s of SCENARIOS.filter((x) => !opt.only || new RegExp(opt.only).test(x.name))) {
    const r = await run(api, s);
    const cpu = r.cpu.map((c) => (Number.isNaN(c) ? "?" : c.toFixed(1))).join(" + ");
    console.log(
      `| ${s.name} | ${r.n} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.rps.toFixed(1)} | ${cpu} | ${loadAverage()} |`,
    );
  }
} finally {
  agent.destroy();
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
  await index?.meili.stop();
  await db?.close();
  if (!opt["data-dir"] && !opt.keep) rmSync(dataDir, { recursive: true, force: true });
  else console.log(`data kept in ${dataDir}`);
}
