/**
 * Counts, over a folder of reports with gold files, the values the parser outputs that differ from the
 * gold (wrong) separately from the ones it leaves null (missing / undecidable). "Numbers are sacred": a
 * wrong value is worse than a null. Usage:
 *   node --import ./scripts/ts-loader.mjs scripts/dev/wrong-values.ts DIR [--verbose] [--max-wrong N] [--save]
 * Exits 1 when the wrong count exceeds --max-wrong (default 0). --save writes each result next to its report
 * as `<file>.parsed.json`, for the shared scorer without one CLI start per file:
 *   node score-extraction.mjs --cmd "sh -c 'cat \"\$0.parsed.json\"'" --dir DIR
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseReport } from "../../src/parser/index.js";

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith("--"));
if (!dir) {
  console.error("usage: wrong-values.ts DIR [--verbose] [--max-wrong N]");
  process.exit(2);
}
const verbose = args.includes("--verbose");
const save = args.includes("--save");
const mi = args.indexOf("--max-wrong");
const maxWrong = mi >= 0 ? Number(args[mi + 1]) : 0;

let cells = 0,
  ok = 0,
  wrong = 0,
  nulls = 0,
  undecidable = 0,
  filesWrong = 0;
const missingByTable: Record<string, number> = {};
for (const g of readdirSync(dir)
  .filter((f) => f.endsWith(".gold.json"))
  .sort()) {
  const gold = JSON.parse(readFileSync(join(dir, g), "utf8"));
  const res = await parseReport(readFileSync(join(dir, gold.file)), { filename: join(dir, gold.file) });
  if (save) writeFileSync(join(dir, `${gold.file}.parsed.json`), JSON.stringify(res));
  const values = (res as { values?: Record<string, number | null> }).values ?? {};
  const status = (res as { cells?: Record<string, { status: string }> }).cells ?? {};
  const skip = new Set<string>(gold.undecidable ?? []);
  let w = 0;
  for (const [k, v] of Object.entries(gold.values as Record<string, number | null>)) {
    if (skip.has(k)) continue;
    cells++;
    const got = values[k];
    if ((got ?? null) === v) ok++;
    else if (got === null || got === undefined) {
      nulls++;
      if (status[k]?.status === "undecidable") undecidable++;
      else {
        const t = k.slice(0, 2);
        missingByTable[t] = (missingByTable[t] ?? 0) + 1;
        if (verbose) console.log(`NULL ${gold.file} ${k}: ${status[k]?.status ?? "absent"}, want ${v}`);
      }
    } else if (v !== null && Math.abs(got - v) < 1e-6) ok++;
    else {
      wrong++;
      w++;
      if (verbose) console.log(`WRONG ${gold.file} ${k}: got ${got}, want ${v}`);
    }
  }
  if (w) filesWrong++;
}
console.log(
  `cells ${cells}: right ${ok}, null ${nulls} (undecidable ${undecidable}, other ${JSON.stringify(missingByTable)}), WRONG ${wrong} (in ${filesWrong} files)`,
);
process.exit(wrong > maxWrong ? 1 : 0);
