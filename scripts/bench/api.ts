/**
 * API benchmark (not a test): p50/p95 latency of report-by-id, a filtered list, search with filters and
 * an aggregate by province × year, over HTTP on loopback, against N invented reports.
 *   npm run bench:api -- --reports 100000 [--requests 300] [--concurrency 1] [--data-dir DIR] [--keep]
 * The data goes to a database `gongkai_bench` on DATABASE_URL, else on an embedded Postgres under
 * --data-dir (default: a temp dir, removed afterwards unless --keep; a kept one is reused when it holds
 * exactly N reports). The API runs as its own process (the `serve` command); requests are sent with
 * node's http client and a keep-alive agent, `concurrency` at a time, at most `requests` per scenario
 * and at most --seconds (default 60) each. Search is the exact Postgres path: no Meilisearch backend is
 * plugged into the API yet.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { createDataSource } from "../../src/db/data-source.js";
import { ensureDatabase } from "../../src/db/databases.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../src/db/embedded-postgres.js";
import { freePort } from "../../src/util/free-port.js";
import { insertBenchData, SEARCH_TERM } from "./api-data.js";

const { values: opt } = parseArgs({ options: {
  reports: { type: "string", default: "10000" }, requests: { type: "string", default: "300" },
  concurrency: { type: "string", default: "1" }, seconds: { type: "string", default: "60" },
  "data-dir": { type: "string" }, keep: { type: "boolean", default: false },
} });
const N = Math.ceil(Number(opt.reports) / 5) * 5;
const REQUESTS = Number(opt.requests);
const CONCURRENCY = Number(opt.concurrency);
const SECONDS = Number(opt.seconds);
if (!(N > 0 && REQUESTS > 0 && CONCURRENCY > 0 && SECONDS > 0)) throw new Error("--reports, --requests, --concurrency, --seconds must be positive");

const dataDir = opt["data-dir"] ?? mkdtempSync(join(tmpdir(), "gongkai-bench-"));
let embedded: EmbeddedPostgres | undefined;
let child: ChildProcess | undefined;
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(0)} s`;

async function prepare(): Promise<string> {
  const serverUrl = process.env.DATABASE_URL || (embedded = await startEmbeddedPostgres({ dataDir })).serverUrl;
  const url = await ensureDatabase(serverUrl, "gongkai_bench");
  const ds = createDataSource(url, { migrationsRun: true });
  await ds.initialize();
  await ds.destroy();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const [{ n }] = (await client.query("SELECT count(*)::int AS n FROM report")).rows;
    if (n === N) { console.log(`reusing ${N} reports in ${dataDir}`); return url; }
    await client.query("TRUNCATE agency, source_file, report, figure, section, diagnostic, search_outbox RESTART IDENTITY CASCADE");
    console.log(`inserting ${N} reports…`);
    await insertBenchData(client, N, (done) => {
      if (!/^\d+ reports$/.test(done) || Number(done.split(" ")[0]) % 10000 === 0 || done === `${N} reports`) console.log(`  ${done} (${elapsed()})`);
    });
    await client.query("VACUUM ANALYZE");
    const sizes = (await client.query(`SELECT (SELECT count(*) FROM figure)::int AS figures, (SELECT count(*) FROM section)::int AS sections,
      pg_size_pretty(pg_database_size(current_database())) AS size`)).rows[0];
    console.log(`  done in ${elapsed()}: ${sizes.figures} figures, ${sizes.sections} sections, database ${sizes.size}`);
  } finally {
    await client.end();
  }
  return url;
}

async function startApi(url: string): Promise<string> {
  const port = await freePort();
  child = spawn(process.execPath, ["--import", "./scripts/ts-loader.mjs", "src/commands/serve.ts", "--port", String(port)], {
    env: { ...process.env, DATABASE_URL: url }, stdio: ["ignore", "pipe", "inherit"],
  });
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
    const req = http.request(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

interface Scenario { name: string; query: string; variables: (i: number) => Record<string, unknown> }

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
      orderBy: [{ figure: t3_new_total, direction: DESC }], first: 20) { totalCount nodes { id agency { name } table3 { t3_new_total { value } } } } }`,
    variables: (i) => ({ y: pick(YEARS, i), p: pick(PROVINCES, i + 3) }),
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
    query: `{ aggregate(groupBy: [PROVINCE, YEAR], measures: [t3_new_total, t3_granted_total]) { group { province year } count measures { sum avg } } }`,
    variables: () => ({}),
  },
];

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function run(url: string, s: Scenario) {
  for (let i = 0; i < 5; i++) await post(url, JSON.stringify({ query: s.query, variables: s.variables(i + 1000) })); // warm-up
  const times: number[] = [];
  let next = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < REQUESTS && performance.now() < deadline) {
      const i = next++;
      const body = JSON.stringify({ query: s.query, variables: s.variables(i) });
      const t = performance.now();
      const res = await post(url, body);
      times.push(performance.now() - t);
      if (res.status !== 200 || res.text.includes('"errors"')) throw new Error(`${s.name}: ${res.status} ${res.text.slice(0, 300)}`);
    }
  }));
  const wall = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return { n: times.length, p50: pct(times, 50), p95: pct(times, 95), p99: pct(times, 99), max: times.at(-1)!, rps: times.length / wall };
}

try {
  const url = await prepare();
  const api = await startApi(url);
  console.log(`API ${api} (own process); ${REQUESTS} requests per scenario, concurrency ${CONCURRENCY}, node ${process.version}, ${cpus().length} cores`);
  // other work on the machine moves these figures a lot: say how busy it was
  const load = () => loadavg().map((x) => x.toFixed(1)).join(" ");
  console.log(`load average before: ${load()}`);
  console.log(`| scenario | n | p50 ms | p95 ms | p99 ms | max ms | req/s |\n|---|---|---|---|---|---|---|`);
  for (const s of SCENARIOS) {
    const r = await run(api, s);
    console.log(`| ${s.name} | ${r.n} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.rps.toFixed(1)} |`);
  }
  console.log(`load average after: ${load()}`);
} finally {
  agent.destroy();
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
  await embedded?.stop();
  if (!opt["data-dir"] && !opt.keep) rmSync(dataDir, { recursive: true, force: true });
  else console.log(`data kept in ${dataDir}`);
}
