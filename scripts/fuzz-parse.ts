/**
 * The layout fuzzer (not a test): renders N invented reports through PDF, DOCX and HTML producers in
 * random geometry (src/synthetic/fuzz), parses each in-process with the real parser, and prints cells
 * correct / total, silent wrong values, and the failures by producer and by layout feature.
 * Deterministic by seed. Usage:
 *   npm run fuzz:parse -- --count 1000 --seed 1 [--producer pdf,docx,html] [--out DIR] [--show 20] [--pdf-engine pdfjs]
 * --out writes every failing case (the file and <file>.gold.json in the scorer's format) to DIR;
 * --pdf-engine reads PDFs with that text-layer engine alone (pdfium, the default, or pdfjs) to compare them.
 * Exits 1 when a cell is wrong or a value is silently wrong, so it can gate a change.
 *   npm run fuzz:parse -- --isolate 12 --seed 1
 * --isolate K: PDFs only, one feature at a time — K reports in a plain baseline geometry, then K for each
 * single change to it (the rest of each case drawn as usual), to tell which feature breaks the reading.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  fuzzCase,
  scoreCase,
  tally,
  type CaseScore,
  type FuzzOverrides,
  type Producer,
  type Tally,
} from "../src/synthetic/fuzz/index.js";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const count = Number(arg("count", "100"));
const seed = Number(arg("seed", "1"));
const only = arg("producer", "").split(",").filter(Boolean) as Producer[];
const out = arg("out", "");
const show = Number(arg("show", "10"));
const pdfEngine = (arg("pdf-engine", "") || undefined) as "pdfium" | "pdfjs" | undefined;

const pct = (t: Tally) => (t.cells ? (100 * t.correct) / t.cells : 100).toFixed(2);
const line = (name: string, t: Tally) =>
  `${name.padEnd(42)} ${String(t.reports).padStart(5)} reports ${String(t.failedReports).padStart(5)} failing  cells ${String(t.correct).padStart(7)}/${String(t.cells).padEnd(7)} ${pct(t).padStart(6)}%  silent ${String(t.silent).padStart(4)}  refused ${t.fatal}`;

const isolate = Number(arg("isolate", "0"));
if (isolate > 0) {
  // the plainest geometry: one label column, no wraps, centred figures, nothing across pages
  const base: FuzzOverrides = {
    zero: null,
    splitHeaders: false,
    sparseHeaders: false,
    labelCols: 1,
    pdf: {
      font: "standard",
      figAlign: "center",
      labelAlign: "left",
      valign: "middle",
      labelShare: 0.5,
      uneven: false,
      breakInT3: 0,
      running: "none",
      perChar: false,
      borders: false,
      tableSize: 9,
    },
  };
  const variants: [string, FuzzOverrides][] = [
    ["baseline", {}],
    ["zero:empty", { zero: "" }],
    ["zero:/", { zero: "/" }],
    ["zero:—", { zero: "—" }],
    ["split-headers", { splitHeaders: true }],
    ["sparse-headers", { sparseHeaders: true }],
    ["t3-labels:3 part-label:flat", { labelCols: 3, pdf: { partLabel: "flat" } }],
    ["t3-labels:3 part-label:rotated", { labelCols: 3, pdf: { partLabel: "rotated" } }],
    ["t3-labels:3 part-label:stacked", { labelCols: 3, pdf: { partLabel: "stacked" } }],
    ["fig-align:left", { pdf: { figAlign: "left" } }],
    ["fig-align:right", { pdf: { figAlign: "right" } }],
    ["label-align:center", { pdf: { labelAlign: "center" } }],
    ["label-share:0.35 (some wraps)", { pdf: { labelShare: 0.35 } }],
    ["label-share:0.24 (many wraps)", { pdf: { labelShare: 0.24 } }],
    ["label-share:0.24 valign:top", { pdf: { labelShare: 0.24, valign: "top" } }],
    ["label-share:0.24 valign:bottom", { pdf: { labelShare: 0.24, valign: "bottom" } }],
    ["widths:uneven", { pdf: { uneven: true } }],
    ["page-break-in-t3:no-header", { pdf: { breakInT3: 0.4, repeatHeader: false } }],
    ["page-break-in-t3:repeated-header", { pdf: { breakInT3: 0.4, repeatHeader: true } }],
    ["running:print", { pdf: { running: "print" } }],
    ["running:dash", { pdf: { running: "dash" } }],
    ["running:page-of", { pdf: { running: "page-of" } }],
    ["per-char-runs", { pdf: { perChar: true } }],
    ["borders", { pdf: { borders: true } }],
    ["table-size:7", { pdf: { tableSize: 7 } }],
    ["table-size:10", { pdf: { tableSize: 10 } }],
  ];
  console.log(
    `layout fuzzer, one feature at a time: seed ${seed}, ${isolate} PDFs per variant${pdfEngine ? `, read with ${pdfEngine} alone` : ""}`,
  );
  for (const [name, o] of variants) {
    const scores: CaseScore[] = [];
    for (let i = 0; i < isolate; i++) {
      const c = await fuzzCase(seed, i, ["pdf"], { ...base, ...o, pdf: { ...base.pdf, ...o.pdf } });
      scores.push(await scoreCase(c, { pdfEngine }));
    }
    const t = tally(scores).total;
    const worst = scores
      .filter((x) => x.correct < x.cells)
      .map((x) => x.name.replace(/\.pdf$/, ""))
      .slice(0, 4)
      .join(" ");
    console.log(`${line(name, t)}${worst ? `  e.g. ${worst}` : ""}`);
  }
  process.exit(0);
}

const scores: CaseScore[] = [];
const t0 = performance.now();
let renderMs = 0,
  parseMs = 0;
if (out) mkdirSync(out, { recursive: true });
for (let i = 0; i < count; i++) {
  const t1 = performance.now();
  const c = await fuzzCase(seed, i, only);
  const t2 = performance.now();
  const s = await scoreCase(c, { pdfEngine });
  renderMs += t2 - t1;
  parseMs += performance.now() - t2;
  scores.push(s);
  if (out && s.correct < s.cells) {
    writeFileSync(join(out, c.name), c.bytes);
    writeFileSync(
      join(out, `${c.name}.gold.json`),
      JSON.stringify(
        {
          file: c.name,
          synthetic: true,
          features: c.features,
          meta: { year: c.year, format: c.format },
          values: c.gold,
        },
        null,
        1,
      ),
    );
  }
  if (process.stderr.isTTY && i % 10 === 9) process.stderr.write(`\r${i + 1}/${count}`);
}
if (process.stderr.isTTY) process.stderr.write("\r");
const { total, producers, features } = tally(scores);
console.log(
  `layout fuzzer: seed ${seed}${pdfEngine ? `, PDFs read with ${pdfEngine} alone` : ""}, ${count} reports in ${((performance.now() - t0) / 1000).toFixed(1)} s (rendering ${(renderMs / 1000).toFixed(1)} s, parsing ${(parseMs / 1000).toFixed(1)} s)`,
);
console.log(`cells: ${total.correct}/${total.cells} correct (${pct(total)}%)`);
console.log(`silent wrong values: ${total.silent}`);
console.log(`reports: ${total.reports - total.failedReports}/${total.reports} fully correct, ${total.fatal} refused`);
console.log("\nby producer");
for (const [k, t] of [...producers].sort()) console.log(line(k, t));
console.log("\nby layout feature (worst first)");
for (const [k, t] of [...features].sort(
  (a, b) => a[1].correct / a[1].cells - b[1].correct / b[1].cells || a[0].localeCompare(b[0]),
))
  console.log(line(k, t));
const failing = scores
  .filter((s) => s.correct < s.cells)
  .sort((a, b) => b.silent - a.silent || b.cells - b.correct - (a.cells - a.correct));
if (failing.length && show > 0) {
  console.log(`\nfailing reports (${Math.min(show, failing.length)} of ${failing.length}, most silent first)`);
  for (const s of failing.slice(0, show)) {
    console.log(`${s.name}  ${s.correct}/${s.cells}  silent ${s.silent}${s.fatal ? `  refused: ${s.fatal}` : ""}`);
    console.log(`  ${s.features.join(" ")}`);
    const silent = s.wrong.filter((w) => w.got !== null && ["ok", "blank", "derived"].includes(w.status ?? ""));
    for (const w of [...silent, ...s.wrong.filter((w) => !silent.includes(w))].slice(0, 6))
      console.log(`  ${w.key}: gold ${w.gold}, got ${w.got} (${w.status ?? "no cell"})`);
  }
}
process.exitCode = total.correct < total.cells || total.silent > 0 ? 1 : 0;
