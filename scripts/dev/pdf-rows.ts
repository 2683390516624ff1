/**
 * Dev aid: print the rows extractPdf yields for a PDF, one per line (T = table row, p = page).
 *   node --import ./scripts/ts-loader.mjs scripts/dev/pdf-rows.ts FILE.pdf
 */
import { readFileSync } from "node:fs";
import { extractPdf } from "../../src/parser/extract/pdf.js";

const file = process.argv[2];
if (!file) {
  console.error("usage: pdf-rows.ts FILE.pdf");
  process.exit(2);
}
const x = await extractPdf(new Uint8Array(readFileSync(file)));
console.log(`title: ${x.title}`);
for (const d of x.issues) console.log(`issue: ${d.code} ${d.severity} ${d.message}`);
for (const r of x.rows)
  console.log(`${r.table ? "T" : " "} p${r.page} ${r.cells.map((c) => JSON.stringify(c)).join(" | ")}`);
