/**
 * The layout fuzzer (not a test): renders N invented reports through PDF, DOCX and HTML producers in
 * random geometry (src/synthetic/fuzz), parses each in-process with the real parser, and prints cells
 * correct / total, silent wrong values, and the failures by producer and by layout feature.
 * Deterministic by seed. Usage:
 *   npm run fuzz:parse -- --count 1000 --seed 1 [--producer pdf,docx,html] [--out DIR] [--show 20]
 * --out writes every failing case (the file and <file>.gold.json in the scorer's format) to DIR.
 * Exits 1 when a cell is wrong or a value is silently wrong, so it can gate a change.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fuzzCase, scoreCase, tally, type CaseScore, type Producer, type Tally } from "../src/synthetic/fuzz/index.js";

const arg = (name: string, dflt: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] ?? dflt : dflt; };
const count = Number(arg("count", "100"));
const seed = Number(arg("seed", "1"));
const only = arg("producer", "").split(",").filter(Boolean) as Producer[];
const out = arg("out", "");
const show = Number(arg("show", "10"));

const pct = (t: Tally) => (t.cells ? (100 * t.correct) / t.cells : 100).toFixed(2);
const line = (name: string, t: Tally) =>
  `${name.padEnd(42)} ${String(t.reports).padStart(5)} reports ${String(t.failedReports).padStart(5)} failing  cells ${String(t.correct).padStart(7)}/${String(t.cells).padEnd(7)} ${pct(t).padStart(6)}%  silent ${String(t.silent).padStart(4)}  refused ${t.fatal}`;

const scores: CaseScore[] = [];
const t0 = performance.now();
if (out) mkdirSync(out, { recursive: true });
for (let i = 0; i < count; i++) {
  const c = await fuzzCase(seed, i, only);
  const s = await scoreCase(c);
  scores.push(s);
  if (out && s.correct < s.cells) {
    writeFileSync(join(out, c.name), c.bytes);
    writeFileSync(join(out, `${c.name}.gold.json`), JSON.stringify({ file: c.name, synthetic: true, features: c.features, meta: { year: c.year, format: c.format }, values: c.gold }, null, 1));
  }
  if (process.stderr.isTTY && i % 10 === 9) process.stderr.write(`\r${i + 1}/${count}`);
}
if (process.stderr.isTTY) process.stderr.write("\r");
const { total, producers, features } = tally(scores);
console.log(`layout fuzzer: seed ${seed}, ${count} reports in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
console.log(`cells: ${total.correct}/${total.cells} correct (${pct(total)}%)`);
console.log(`silent wrong values: ${total.silent}`);
console.log(`reports: ${total.reports - total.failedReports}/${total.reports} fully correct, ${total.fatal} refused`);
console.log("\nby producer");
for (const [k, t] of [...producers].sort()) console.log(line(k, t));
console.log("\nby layout feature (worst first)");
for (const [k, t] of [...features].sort((a, b) => a[1].correct / a[1].cells - b[1].correct / b[1].cells || a[0].localeCompare(b[0]))) console.log(line(k, t));
const failing = scores.filter((s) => s.correct < s.cells).sort((a, b) => b.silent - a.silent || (b.cells - b.correct) - (a.cells - a.correct));
if (failing.length && show > 0) {
  console.log(`\nfailing reports (${Math.min(show, failing.length)} of ${failing.length}, most silent first)`);
  for (const s of failing.slice(0, show)) {
    console.log(`${s.name}  ${s.correct}/${s.cells}  silent ${s.silent}${s.fatal ? `  refused: ${s.fatal}` : ""}`);
    console.log(`  ${s.features.join(" ")}`);
    const silent = s.wrong.filter((w) => w.got !== null && ["ok", "blank", "derived"].includes(w.status ?? ""));
    for (const w of [...silent, ...s.wrong.filter((w) => !silent.includes(w))].slice(0, 6)) console.log(`  ${w.key}: gold ${w.gold}, got ${w.got} (${w.status ?? "no cell"})`);
  }
}
process.exitCode = total.correct < total.cells || total.silent > 0 ? 1 : 0;
