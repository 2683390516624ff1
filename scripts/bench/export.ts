/**
 * Export benchmark (not a test): N invented reports in a database of their own, then
 * `gongkai export` in a child process — wall time, the child's peak RSS (the Postgres server's own
 * memory is not part of it) and CPU seconds of the child and of the embedded Postgres server, which
 * say more than wall time on a machine shared with other work (the load average is printed too).
 *
 *   npm run bench:export -- --reports 100000 [--formats parquet,stata,r] [--without-excel] [--runs 2] [--data-dir DIR] [--out DIR]
 *
 * The child runs through the project's own TypeScript loader (scripts/ts-loader.mjs), as
 * `npm run export` does (swc-node's loader cost ~55 MB of RSS and a second of CPU more).
 *
 * The database (`gongkai_bench_export`, on DATABASE_URL's server or an embedded one under --data-dir,
 * default .gongkai/bench-export) is kept between runs and refilled only when it does not hold exactly N
 * reports. With --runs 2 the second export is compared file by file with the first (determinism).
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { PoolClient } from "pg";
import { createDataSource } from "../../src/db/data-source.js";
import { ensureDatabase } from "../../src/db/databases.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../src/db/embedded-postgres.js";
import { fillBenchData } from "./fill.js";

/** CPU seconds used so far by the embedded server: the postmaster and its children, exited ones included. */
function serverCpuSeconds(dataDir: string): number {
  const pid = Number(readFileSync(join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
  let ticks = 0;
  const fields = (p: number) => readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ");
  const f = fields(pid);
  ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]); // utime stime cutime cstime
  for (const p of readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number)) {
    try {
      const c = fields(p);
      if (Number(c[1]) === pid) ticks += Number(c[11]) + Number(c[12]); // live children
    } catch {
      /* gone */
    }
  }
  return ticks / 100; // USER_HZ
}

const loadAverage = () => loadavg()[0].toFixed(1);

const { values: opts } = parseArgs({
  options: {
    reports: { type: "string", default: "10000" },
    formats: { type: "string", default: "parquet,stata,r" }, // the command's default: every format
    runs: { type: "string", default: "1" },
    "data-dir": { type: "string", default: ".gongkai/bench-export" },
    out: { type: "string" },
    "without-excel": { type: "boolean", default: false },
  },
});
const n = Number(opts.reports);
if (!Number.isInteger(n) || n < 1) throw new Error(`--reports must be a positive integer, got ${opts.reports}`);
const log = (s: string) => console.log(s);

let embedded: EmbeddedPostgres | undefined;
const serverUrl =
  process.env.DATABASE_URL || (embedded = await startEmbeddedPostgres({ dataDir: opts["data-dir"]! })).serverUrl;
const url = await ensureDatabase(serverUrl, "gongkai_bench_export");
const ds = createDataSource(url, { migrationsRun: true });
await ds.initialize();
try {
  const [{ reports, synthetic }] = await ds.query(
    `SELECT count(*)::int AS reports, count(*) FILTER (WHERE synthetic)::int AS synthetic FROM report`,
  );
  if (reports !== n || synthetic !== n) {
    log(`filling the bench database with ${n} synthetic reports (it held ${reports})`);
    const t0 = performance.now();
    const runner = ds.createQueryRunner();
    try {
      await fillBenchData((await runner.connect()) as PoolClient, n, {
        years: [2019, 2020, 2021, 2022, 2023, 2024],
        log,
      });
    } finally {
      await runner.release();
    }
    log(`filled in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const [{ figures, size }] = await ds.query(
    `SELECT (SELECT count(*) FROM figure)::bigint AS figures, pg_size_pretty(pg_database_size(current_database())) AS size`,
  );
  log(`database: ${n} reports, ${figures} figures, ${size}`);

  const out = resolve(opts.out ?? mkdtempSync(join(tmpdir(), "gongkai-bench-export-")));
  let previous: Map<string, string> | null = null;
  for (let i = 1; i <= Number(opts.runs); i++) {
    const rssFile = join(tmpdir(), `gongkai-bench-rss-${process.pid}`);
    const excel = !opts["without-excel"];
    const args = [
      "--out",
      out,
      "--force",
      "--include-synthetic",
      ...(excel ? ["--excel"] : []),
      "--formats",
      opts.formats!,
    ];
    const pgCpu0 = embedded ? serverCpuSeconds(opts["data-dir"]!) : NaN;
    const load0 = loadAverage();
    const t0 = performance.now();
    const code = await new Promise<number | null>((done) => {
      const child = spawn(
        process.execPath,
        [
          "--import",
          "./scripts/ts-loader.mjs",
          "--import",
          "./scripts/bench/max-rss.mjs",
          "--no-warnings",
          "src/cli.ts",
          "export",
          ...args,
        ],
        { stdio: "inherit", env: { ...process.env, DATABASE_URL: url, BENCH_RSS_FILE: rssFile } },
      );
      child.on("exit", (c) => done(c));
    });
    const seconds = (performance.now() - t0) / 1000;
    if (code !== 0) throw new Error(`export exited with ${code}`);
    const usage = JSON.parse(readFileSync(rssFile, "utf8")) as { maxRssKiB: number; cpuSeconds: number };
    rmSync(rssFile, { force: true });
    const rssMb = usage.maxRssKiB / 1024;
    const postgresCpu = embedded ? serverCpuSeconds(opts["data-dir"]!) - pgCpu0 : NaN;
    const files = readdirSync(out).filter((f) => !f.startsWith("."));
    const bytes = files.reduce((s, f) => s + statSync(join(out, f)).size, 0);
    log(
      `run ${i}: export of ${n} reports (${opts.formats}${excel ? ", --excel" : ""}): ${seconds.toFixed(1)} s wall (incl. node start-up), ` +
        `peak RSS ${rssMb.toFixed(0)} MiB, CPU ${usage.cpuSeconds.toFixed(1)} s (export process) + ` +
        `${Number.isNaN(postgresCpu) ? "?" : postgresCpu.toFixed(1)} s (Postgres), load average ${load0} → ${loadAverage()}, ` +
        `${files.length} files, ${(bytes / 1e6).toFixed(0)} MB in ${out}`,
    );
    const hashes = new Map(
      files
        .filter((f) => f !== "README.md")
        .map((f) => [
          f,
          createHash("sha256")
            .update(readFileSync(join(out, f)))
            .digest("hex"),
        ]),
    );
    if (previous) {
      const differing = [...hashes].filter(([f, h]) => previous!.get(f) !== h).map(([f]) => f);
      log(
        differing.length
          ? `run ${i} differs from run ${i - 1} in: ${differing.join(", ")}`
          : `run ${i}: byte-identical to run ${i - 1} (README.md aside)`,
      );
    }
    previous = hashes;
  }
  if (!opts.out) rmSync(out, { recursive: true, force: true });
} finally {
  await ds.destroy();
  await embedded?.stop();
}
