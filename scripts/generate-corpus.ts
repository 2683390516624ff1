/**
 * Writes a corpus of invented reports with gold files (src/synthetic/corpus.ts), deterministic from the
 * seed, and marks the folder as synthetic (ingest refuses it without --synthetic).
 *   npm run generate-corpus -- --out DIR [--count 100] [--seed 1] [--layouts lines,pipe,html[,glued]]
 * Score the parser on it: node ../shared/tools/score-extraction.mjs --cmd "npm run --silent cli -- parse" --dir DIR
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { SYNTHETIC_MARKER } from "../src/ingest/discover.js";
import { DEFAULT_LAYOUTS, generateCorpus, type CorpusLayout } from "../src/synthetic/corpus.js";

const LAYOUTS: CorpusLayout[] = ["lines", "pipe", "html", "glued"];
const USAGE = `usage: npm run generate-corpus -- --out DIR [--count N] [--seed S] [--layouts ${LAYOUTS.join(",")}]
  (default: --count 100 --seed 1 --layouts ${DEFAULT_LAYOUTS.join(",")})`;

function main(): number {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        out: { type: "string" },
        count: { type: "string" },
        seed: { type: "string" },
        layouts: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const count = Number(values.count ?? 100),
    seed = Number(values.seed ?? 1);
  const layouts = (values.layouts
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean) ?? [...DEFAULT_LAYOUTS]) as CorpusLayout[];
  const problems = [
    !values.out && "--out is required",
    !(Number.isInteger(count) && count > 0) && "--count must be a positive integer",
    !Number.isInteger(seed) && "--seed must be an integer",
    ...layouts.filter((l) => !LAYOUTS.includes(l)).map((l) => `unknown layout "${l}"`),
  ].filter(Boolean);
  if (problems.length) {
    console.error(`${problems.join("\n")}\n${USAGE}`);
    return 2;
  }

  const out = resolve(values.out!);
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, SYNTHETIC_MARKER),
    `Invented reports written by npm run generate-corpus (seed ${seed}); not real publications.\n` +
      `npx gongkai ingest refuses this folder unless given --synthetic, and stores its reports as synthetic.\n`,
  );
  let n = 0;
  const agencies = new Set<number>();
  for (const f of generateCorpus({ count, seed, layouts })) {
    writeFileSync(join(out, f.name), f.bytes);
    writeFileSync(join(out, f.name.replace(/\.[a-z]+$/, ".gold.json")), JSON.stringify(f.gold, null, 1) + "\n");
    agencies.add(f.agency);
    n++;
  }
  console.log(
    `generate-corpus: ${n} invented reports of ${agencies.size} agencies (seed ${seed}, layouts ${layouts.join(",")}) in ${out}`,
  );
  return 0;
}

process.exitCode = main();
