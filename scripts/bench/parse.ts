/**
 * Parse benchmark (not a test): reports/s on one core over the gold seeds repeated, the real and
 * transposed reports of ../shared/corpus, synthetic text reports, and synthetic PDFs from the layout
 * fuzzer. For every PDF set it also times poppler's `pdftotext -layout` on the same files in the same
 * run (one process per file, as a pipeline would call it) and prints the ratio; and the text-layer
 * readers alone (PDFium, the default, and pdfjs, the fallback), to show where the time goes.
 * Rates are wall-clock and CPU time (the machine may be shared: CPU time is what one core costs).
 * Each set is warmed up first (at least one pass and --warmup reports, 200 by default): the first
 * reports of a process pay for compiling — the JavaScript JIT and the PDFium module's wasm functions
 * tiering up to optimised code, on V8's background threads, whose CPU time counts here — and the
 * measured rate is the steady one a batch runs at. The first (cold) pass is printed beside it.
 * Usage: npm run bench:parse [-- --seconds 5] [-- --warmup 200]
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { parseReport } from "../../src/parser/index.js";
import { extractPdf } from "../../src/parser/extract/pdf.js";
import { syntheticValues } from "../../src/synthetic/values.js";
import { renderReport } from "../../src/synthetic/render.js";
import { fuzzCase } from "../../src/synthetic/fuzz/index.js";

const arg = (name: string) => Number(process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : NaN);
const seconds = arg("--seconds") || 5;
const warmup = Number.isFinite(arg("--warmup")) ? arg("--warmup") : 200;
const corpus = resolve(process.env.GONGKAI_CORPUS_DIR ?? "../shared/corpus");
type File = { name: string; bytes: Uint8Array };
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** CPU time of the child processes waited for (Linux /proc; null elsewhere), in ms. */
function childCpuMs(): number | null {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields 16 and 17 of stat (cutime, cstime), counted from the state field (3): indexes 13 and 14, in clock ticks (100 a second)
    return ((Number(f[13]) + Number(f[14])) * 1000) / 100;
  } catch {
    return null;
  }
}

/**
 * Runs `one` over the files for `seconds`, after the warm-up; returns reports/s by wall clock and by CPU
 * time, and the CPU time a report took in the first (cold) pass.
 */
async function timeIt(
  files: File[],
  one: (f: File) => Promise<unknown>,
  warm = warmup,
): Promise<{ wall: number; cpu: number; n: number; s: number; coldMs: number }> {
  const cold0 = cpuMs();
  for (const f of files) await one(f);
  const coldMs = (cpuMs() - cold0) / files.length;
  for (let w = files.length; w < warm; w += files.length) for (const f of files) await one(f);
  let n = 0;
  const t0 = performance.now(),
    c0 = cpuMs();
  while (performance.now() - t0 < seconds * 1000)
    for (const f of files) {
      await one(f);
      n++;
    }
  const s = (performance.now() - t0) / 1000;
  return { wall: n / s, cpu: n / ((cpuMs() - c0) / 1000), n, s, coldMs };
}

const fmt = (r: { wall: number; cpu: number }) =>
  `${r.wall.toFixed(1).padStart(7)} reports/s (${r.cpu.toFixed(1).padStart(6)} /s of CPU, ${(1000 / r.cpu).toFixed(1)} ms a report)`;

async function bench(name: string, files: File[]) {
  if (!files.length) return;
  const r = await timeIt(files, (f) => parseReport(f.bytes, { filename: f.name }));
  const mb = ((files.reduce((a, f) => a + f.bytes.length, 0) / files.length) * r.n) / r.s / 1e6;
  console.log(
    `${name.padEnd(30)} ${String(files.length).padStart(3)} files ${fmt(r)}  ${mb.toFixed(2)} MB/s  (${r.n} parses in ${r.s.toFixed(1)} s; first pass ${r.coldMs.toFixed(0)} ms a report)`,
  );
  return r;
}

const hasPdftotext = spawnSync("pdftotext", ["-v"]).error === undefined;

/**
 * pdftotext -layout on each file (bytes on stdin, text to stdout), one process per file: files/s by
 * wall clock, and by the CPU time of the pdftotext processes (null where it cannot be read).
 */
function pdftotext(files: File[]): { wall: number; cpu: number | null } {
  let n = 0;
  const t0 = performance.now(),
    c0 = childCpuMs();
  while (performance.now() - t0 < seconds * 1000)
    for (const f of files) {
      spawnSync("pdftotext", ["-layout", "-", "-"], { input: f.bytes, maxBuffer: 64 << 20 });
      n++;
    }
  const c1 = childCpuMs();
  return {
    wall: n / ((performance.now() - t0) / 1000),
    cpu: c0 === null || c1 === null || c1 <= c0 ? null : n / ((c1 - c0) / 1000),
  };
}

async function pdfBench(name: string, files: File[]) {
  if (!files.length) return;
  const parse = await bench(`${name}: parse`, files);
  for (const engine of ["pdfium", "pdfjs"] as const) {
    // pdfjs (the fallback, shown for comparison) is warmed up by one pass only: it is 8× slower
    const r = await timeIt(files, (f) => extractPdf(f.bytes, { engine }), engine === "pdfjs" ? 0 : warmup);
    console.log(`${`${name}: text layer, ${engine}`.padEnd(30)} ${String(files.length).padStart(3)} files ${fmt(r)}`);
  }
  if (!hasPdftotext) {
    console.log(`${`${name}: pdftotext -layout`.padEnd(30)} absent (apt-get install poppler-utils to compare)`);
    return;
  }
  const p = pdftotext(files);
  const byCpu = p.cpu === null ? "" : `; by CPU time ${p.cpu.toFixed(1)} files/s → ${(parse!.cpu / p.cpu).toFixed(2)}`;
  console.log(
    `${`${name}: pdftotext -layout`.padEnd(30)} ${String(files.length).padStart(3)} files ${p.wall.toFixed(1).padStart(7)} files/s (a process each)  → parse / pdftotext = ${(parse!.wall / p.wall).toFixed(2)} by wall clock${byCpu}`,
  );
}

const load = (dir: string, ext: RegExp): File[] =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => ext.test(f))
        .map((f) => ({ name: f, bytes: readFileSync(join(dir, f)) }))
    : [];

console.log(`node ${process.version}, one core, ${seconds} s per set`);
await bench("seeds (text)", load(join(corpus, "seeds"), /\.txt$/));
await bench("real: crawler text + md", load(join(corpus, "real"), /\.(txt|md)$/));
await bench("real: html", load(join(corpus, "real"), /\.html?$/));
const synth = ["lines", "pipe"].flatMap((layout, i) =>
  ["2019", "2021"].map((format, j) => ({
    name: `synthetic-${layout}-${format}.txt`,
    bytes: Buffer.from(
      renderReport(syntheticValues(i * 2 + j, format as "2019"), {
        format: format as "2019",
        year: format === "2019" ? 2020 : 2023,
        agency: "广州市测试局",
        layout: layout as "lines",
      }),
    ),
  })),
);
await bench("synthetic (lines, pipe)", synth);
await pdfBench("pdf: real + transposed", [
  ...load(join(corpus, "real"), /\.pdf$/),
  ...load(join(corpus, "transposed"), /\.pdf$/),
]);
const fuzzPdfs: File[] = [];
for (let i = 0; i < 12; i++) {
  const c = await fuzzCase(7, i, ["pdf"]);
  fuzzPdfs.push({ name: c.name, bytes: c.bytes });
}
await pdfBench("pdf: synthetic (fuzzer)", fuzzPdfs);
