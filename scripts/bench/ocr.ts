/**
 * OCR benchmark (not a test): seconds per page and peak RSS of one parse worker on one core, over the
 * scanned reports in ../shared/corpus/scans. Each file is parsed in a fresh child process (so its peak
 * RSS is that file's), with one onnxruntime thread (GONGKAI_OCR_THREADS=1) pinned to one CPU when
 * `taskset` is there. On a shared machine the figures wander: `--runs N` parses each file N times and
 * reports the median time (and the largest peak RSS). Usage: npm run bench:ocr [-- --dir DIR] [--runs N]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";

const arg = process.argv.indexOf("--dir");
const runsArg = process.argv.indexOf("--runs");
const runs = Math.max(1, Number(runsArg > 0 ? process.argv[runsArg + 1] : 1) || 1);
const dir = resolve(
  arg > 0 ? process.argv[arg + 1]! : join(process.env.GONGKAI_CORPUS_DIR ?? "../shared/corpus", "scans"),
);
if (process.argv[2] === "--child") {
  // the child: parse one file, report pages, time and peak RSS as JSON
  const file = process.argv[3]!;
  const { readFileSync } = await import("node:fs");
  const { parseReport } = await import("../../src/parser/index.js");
  let pages = 0;
  const t0 = performance.now();
  const r = await parseReport(readFileSync(file), {
    filename: file,
    onOcrPage: () => {
      pages++;
    },
  });
  const ms = performance.now() - t0;
  const u = process.resourceUsage();
  console.log(
    JSON.stringify({
      pages,
      ms,
      cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000,
      maxRssMb: u.maxRSS / 1024,
      inputKind: r.meta.inputKind,
    }),
  );
  process.exit(0);
}
if (!existsSync(dir)) {
  console.error(`no scans at ${dir} (set GONGKAI_CORPUS_DIR or pass --dir)`);
  process.exit(1);
}
const files = readdirSync(dir)
  .filter((f) => /\.(pdf|png|jpe?g|tiff?)$/i.test(f))
  .sort();
let pin: string[] = [];
try {
  execFileSync("taskset", ["-c", "0", "true"]);
  pin = ["taskset", "-c", "0"];
} catch {
  /* not pinned */
}
console.log(
  `node ${process.version}, GONGKAI_OCR_THREADS=1${pin.length ? ", pinned to CPU 0 (taskset)" : ""}; times include model loading (≈1 s a process)${runs > 1 ? `; medians of ${runs} runs` : ""}`,
);
let pagesAll = 0,
  msAll = 0,
  cpuAll = 0,
  peak = 0;
type Run = { pages: number; ms: number; cpuMs?: number; maxRssMb: number; inputKind: string };
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
for (const f of files) {
  const cmd = [
    ...pin,
    process.execPath,
    ...process.execArgv,
    new URL(import.meta.url).pathname,
    "--child",
    join(dir, f),
  ];
  const got: Run[] = [];
  // the machine's 1-minute load average before and after the file's runs: on a shared machine the
  // wall time follows it; CPU time much less (cache and memory bandwidth are shared too)
  const loadBefore = loadavg()[0]!;
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(cmd[0]!, cmd.slice(1), {
      encoding: "utf8",
      env: { ...process.env, GONGKAI_OCR_THREADS: "1" },
    });
    const line = r.stdout.trim().split("\n").pop() ?? "";
    try {
      got.push(JSON.parse(line) as Run);
    } catch {
      console.log(`${f}: failed ${r.stderr.slice(0, 300)}`);
      break;
    }
  }
  if (got.length < runs) continue;
  const m: Run = {
    pages: got[0]!.pages,
    ms: median(got.map((g) => g.ms)),
    cpuMs: median(got.map((g) => g.cpuMs ?? g.ms)),
    maxRssMb: Math.max(...got.map((g) => g.maxRssMb)),
    inputKind: got[0]!.inputKind,
  };
  pagesAll += m.pages;
  msAll += m.ms;
  cpuAll += m.cpuMs ?? m.ms;
  peak = Math.max(peak, m.maxRssMb);
  const per = (x: number) => (x / 1000 / Math.max(1, m.pages)).toFixed(2).padStart(6);
  const load = `load ${loadBefore.toFixed(1)}–${loadavg()[0]!.toFixed(1)}`;
  console.log(
    `${f.padEnd(44)} ${String(m.pages).padStart(2)} pages  ${per(m.ms)} s/page wall  ${per(m.cpuMs ?? m.ms)} s/page CPU  peak RSS ${m.maxRssMb.toFixed(0).padStart(5)} MB  ${load}  (${m.inputKind})`,
  );
}
// CPU time is what one free core would take; wall time is what this machine gave (shared machines: more)
console.log(
  `all: ${pagesAll} pages, ${(msAll / 1000 / Math.max(1, pagesAll)).toFixed(2)} s/page wall, ${(cpuAll / 1000 / Math.max(1, pagesAll)).toFixed(2)} s/page CPU, peak RSS ${peak.toFixed(0)} MB (targets: ≤ 3 s/page, ≤ 1024 MB)`,
);
