/**
 * Parse benchmark (not a test): reports/s on one core over the gold seeds repeated, plus synthetic
 * reports when the corpus is absent. Usage: npm run bench:parse [-- --seconds 5]
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseReport } from "../../src/parser/index.js";
import { syntheticValues } from "../../src/synthetic/values.js";
import { renderReport } from "../../src/synthetic/render.js";

const seconds = Number(process.argv[process.argv.indexOf("--seconds") + 1]) || 5;
const corpus = resolve(process.env.GONGKAI_CORPUS_DIR ?? "../shared/corpus");

async function bench(name: string, files: { name: string; bytes: Uint8Array }[]) {
  if (!files.length) return;
  for (const f of files) await parseReport(f.bytes, { filename: f.name }); // warm-up
  let n = 0, bytes = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    for (const f of files) { await parseReport(f.bytes, { filename: f.name }); n++; bytes += f.bytes.length; }
  }
  const s = (performance.now() - t0) / 1000;
  console.log(`${name.padEnd(28)} ${String(files.length).padStart(3)} files  ${(n / s).toFixed(1).padStart(8)} reports/s  ${(bytes / s / 1e6).toFixed(2)} MB/s  (${n} parses in ${s.toFixed(1)} s)`);
}

const load = (dir: string, ext: RegExp) => existsSync(dir)
  ? readdirSync(dir).filter((f) => ext.test(f)).map((f) => ({ name: f, bytes: readFileSync(join(dir, f)) }))
  : [];

console.log(`node ${process.version}, one core, ${seconds} s per set`);
await bench("seeds (text)", load(join(corpus, "seeds"), /\.txt$/));
await bench("real: crawler text + md", load(join(corpus, "real"), /\.(txt|md)$/));
await bench("real: html", load(join(corpus, "real"), /\.html?$/));
await bench("real: pdf", load(join(corpus, "real"), /\.pdf$/));
const synth = ["lines", "pipe"].flatMap((layout, i) => ["2019", "2021"].map((format, j) => ({
  name: `synthetic-${layout}-${format}.txt`,
  bytes: Buffer.from(renderReport(syntheticValues(i * 2 + j, format as "2019"), { format: format as "2019", year: format === "2019" ? 2020 : 2023, agency: "广州市测试局", layout: layout as "lines" })),
})));
await bench("synthetic (lines, pipe)", synth);
