/**
 * Dev aid: time extractPdf on one file: the first call (pdfjs loading included) and then warm calls.
 *   node --import ./scripts/ts-loader.mjs scripts/dev/pdf-bench.ts FILE.pdf [RUNS]
 */
import { readFileSync } from "node:fs";
import { extractPdf } from "../../src/parser/extract/pdf.js";

const [file, runsArg] = process.argv.slice(2);
if (!file) {
  console.error("usage: pdf-bench.ts FILE.pdf [RUNS]");
  process.exit(2);
}
const bytes = new Uint8Array(readFileSync(file));
const runs = Number(runsArg ?? 20);
const pagesOf = (rows: { page?: number }[]) => Math.max(...rows.map((r) => r.page ?? 0));
let t = performance.now();
const first = await extractPdf(bytes);
const cold = performance.now() - t;
const pages = pagesOf(first.rows);
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  t = performance.now();
  await extractPdf(bytes);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
const mem = process.memoryUsage().rss / 2 ** 20;
console.log(`${file}: ${pages} pages, ${first.rows.length} rows`);
console.log(`first call ${cold.toFixed(0)} ms (pdfjs loading included)`);
console.log(
  `warm: median ${median.toFixed(0)} ms, min ${times[0]!.toFixed(0)}, max ${times[times.length - 1]!.toFixed(0)} over ${runs} runs; ${(pages / (median / 1000)).toFixed(1)} pages/s; rss ${mem.toFixed(0)} MiB`,
);
