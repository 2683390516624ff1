/**
 * Ingest benchmark (not a test): generates N synthetic reports, starts an embedded Postgres of its own
 * in a temp dir, runs `gongkai ingest --synthetic` on them as a child process (as a user would), then
 * once more (everything unchanged). Reports reports/s and peak RSS of the ingest process and of Postgres.
 *   npm run bench:ingest [-- --count 10000 --seed 1 --layouts lines,pipe,html --workers N --writers N --keep]
 */
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir, availableParallelism } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startEmbeddedPostgres } from "../../src/db/embedded-postgres.js";
import { SYNTHETIC_MARKER } from "../../src/ingest/discover.js";
import type { IngestSummary } from "../../src/ingest/pipeline.js";
import { generateCorpus, type CorpusLayout } from "../../src/synthetic/corpus.js";
import { postgresCpuSeconds, postgresRssKb } from "./proc.js";

const { values: args } = parseArgs({
  options: {
    count: { type: "string", default: "10000" },
    seed: { type: "string", default: "1" },
    layouts: { type: "string" },
    workers: { type: "string" },
    writers: { type: "string" },
    keep: { type: "boolean" },
  },
});
const count = Number(args.count);
const root = mkdtempSync(join(tmpdir(), "gongkai-bench-ingest-"));
chmodSync(root, 0o711); // as root, the embedded Postgres runs as the postgres user and must cross it
const corpus = join(root, "corpus");
const dataDir = join(root, "data");

console.log(`node ${process.version}, ${availableParallelism()} cores; work dir ${root}`);
const t = Date.now();
mkdirSync(corpus, { recursive: true });
writeFileSync(join(corpus, SYNTHETIC_MARKER), "bench corpus\n");
const agencies = new Set<number>();
const layouts = args.layouts?.split(",") as CorpusLayout[] | undefined;
for (const f of generateCorpus({ count, seed: Number(args.seed), layouts })) {
  writeFileSync(join(corpus, f.name), f.bytes);
  agencies.add(f.agency);
}
const bytes = readdirSync(corpus).reduce((s, f) => s + readFileSync(join(corpus, f)).length, 0);
console.log(
  `generated ${count} reports of ${agencies.size} agencies (layouts ${layouts?.join(",") ?? "lines,pipe,html"}; ${(bytes / 1e6).toFixed(1)} MB) in ${((Date.now() - t) / 1000).toFixed(1)} s`,
);

const pg = await startEmbeddedPostgres({ dataDir: join(root, "pg") });
try {
  const first = await runIngest(pg.url);
  const again = await runIngest(pg.url);
  const rows = (s: IngestSummary) => s.stored + s.revisions;
  console.log("");
  console.log(
    "| run | reports | wall s (process) | ingest s (pipeline) | reports/s (pipeline) | CPU ms/report: ingest + Postgres | peak RSS ingest | peak memory Postgres (PSS) |",
  );
  console.log("|---|---|---|---|---|---|---|---|");
  for (const [name, r] of [
    ["first ingest", first],
    ["re-ingest (unchanged)", again],
  ] as const) {
    const n = name === "first ingest" ? rows(r.summary) : r.summary.unchanged;
    const ms = (s: number) => ((s * 1000) / r.summary.files).toFixed(1);
    console.log(
      `| ${name} | ${n} | ${r.wall.toFixed(1)} | ${r.summary.seconds.toFixed(1)} | ${(r.summary.files / r.summary.seconds).toFixed(0)} | ` +
        `${ms(r.summary.cpuSeconds)} + ${ms(r.pgCpu)} | ${r.summary.peakRssMb} MB | ${r.pgPeakMb} MB |`,
    );
  }
  const cpu = (first.summary.cpuSeconds + first.pgCpu) / first.summary.files;
  console.log(
    `\nfirst ingest: ${(cpu * 1000).toFixed(1)} ms of CPU per report in all → at most ${(availableParallelism() / cpu).toFixed(0)} reports/s on ${availableParallelism()} otherwise idle cores`,
  );
  console.log(
    `load average now: ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")} (other work on the machine slows the wall-clock figures)`,
  );
  if (first.summary.failed || rows(first.summary) !== count)
    console.log(`\nWARNING: ${first.summary.failed} failed; ${rows(first.summary)} of ${count} stored`);
} finally {
  await pg.stop();
  if (!args.keep) rmSync(root, { recursive: true, force: true });
}

async function runIngest(
  url: string,
): Promise<{ summary: IngestSummary; wall: number; pgPeakMb: number; pgCpu: number }> {
  const extra = [
    ...(args.workers ? ["--workers", args.workers] : []),
    ...(args.writers ? ["--writers", args.writers] : []),
  ];
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      "--import",
      "./scripts/ts-loader.mjs",
      "src/cli.ts",
      "ingest",
      "--synthetic",
      "--json",
      "--progress",
      "lines",
      ...extra,
      corpus,
    ],
    {
      env: { ...process.env, DATABASE_URL: url, GONGKAI_DATA_DIR: dataDir },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c));
  let pgPeak = 0;
  const pgCpu0 = postgresCpuSeconds(join(root, "pg", "postgres"));
  // every 2 s: reading PSS walks each backend's page tables, and at every 0.5 s that took ≈ 3 % of the CPU the run measures (perf)
  const sampler = setInterval(() => {
    pgPeak = Math.max(pgPeak, postgresRssKb(join(root, "pg", "postgres")));
  }, 2000);
  const code = await new Promise<number>((done) => child.on("exit", (c) => done(c ?? 1)));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`ingest exited ${code}: ${out}`);
  const pgCpu = postgresCpuSeconds(join(root, "pg", "postgres")) - pgCpu0;
  return {
    summary: JSON.parse(out.trim().split("\n").pop()!) as IngestSummary,
    wall: (Date.now() - started) / 1000,
    pgPeakMb: Math.round(pgPeak / 1024),
    pgCpu,
  };
}
