#!/usr/bin/env node
// Prints folder → folder import counts under src/ and fails on an import that runs against the
// pipeline order: a folder imports only from itself and from folders before it.
//   node scripts/dev/check-imports.mjs [--quiet]
// Every `import … from`, `export … from`, `import type` and dynamic `import("…")` of a relative path
// counts: a type import couples two folders as much as a value import does.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SRC = join(ROOT, "src");

/**
 * The pipeline, in order; folders on one line share a rank (and may import each other). Files at the
 * top of src/ count as the folder of their name (server.ts with server/).
 */
const ORDER = [
  ["codebook", "util", "config", "text"], // base: no project imports beyond each other
  ["parser"],
  ["validate"],
  ["db", "entities"],
  ["synthetic"], // invented reports: rendered from codebook values for tests, demo data and benchmarks
  ["ingest"],
  ["search"],
  ["services"],
  ["export", "schema"],
  ["resolvers"],
  ["server"],
  ["commands"],
  ["cli"],
];

/**
 * Edges against the order that are known and not yet fixed, each with the reason; the check fails on
 * any other, and says so when an allowed edge has disappeared (then delete it here: this list only shrinks).
 */
const ALLOWED = new Map([
  // none: every import follows the pipeline order
]);

const rank = new Map(ORDER.flatMap((names, i) => names.map((n) => [n, i])));

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") && !p.endsWith(".d.ts") ? [p] : [];
  });
}

const folderOf = (file) => {
  const [first] = relative(SRC, file).split(sep);
  return first.replace(/\.(ts|js)$/, "");
};

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s*["']([^"']+)["']/g;

const counts = new Map();
const violations = new Map();
const unknown = new Set();
for (const file of files(SRC)) {
  const from = folderOf(file);
  const text = readFileSync(file, "utf8");
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec.startsWith(".")) continue;
    const target = resolve(dirname(file), spec);
    if (!target.startsWith(SRC + sep)) continue;
    const to = folderOf(target);
    if (to === from) continue;
    const edge = `${from} → ${to}`;
    counts.set(edge, (counts.get(edge) ?? 0) + 1);
    for (const f of [from, to]) if (!rank.has(f)) unknown.add(f);
    if ((rank.get(to) ?? -1) > (rank.get(from) ?? Infinity)) {
      const list = violations.get(edge) ?? [];
      list.push(`${relative(ROOT, file)} → ${spec}`);
      violations.set(edge, list);
    }
  }
}

if (!process.argv.includes("--quiet")) {
  const rows = [...counts].sort(([a], [b]) => {
    const [fa, ta] = a.split(" → "),
      [fb, tb] = b.split(" → ");
    return (
      (rank.get(fa) ?? 99) - (rank.get(fb) ?? 99) ||
      fa.localeCompare(fb) ||
      (rank.get(ta) ?? 99) - (rank.get(tb) ?? 99) ||
      ta.localeCompare(tb)
    );
  });
  for (const [edge, n] of rows)
    console.log(
      `${String(n).padStart(4)}  ${edge}${violations.has(edge) ? (ALLOWED.has(edge) ? "   (allowed: " + ALLOWED.get(edge) + ")" : "   AGAINST THE PIPELINE") : ""}`,
    );
}

let failed = false;
for (const f of unknown) {
  console.error(`src/${f}: a folder the pipeline order does not name (scripts/dev/check-imports.mjs ORDER)`);
  failed = true;
}
for (const [edge, where] of violations) {
  if (ALLOWED.has(edge)) continue;
  console.error(`import against the pipeline: ${edge}\n${where.map((w) => `  ${w}`).join("\n")}`);
  failed = true;
}
for (const edge of ALLOWED.keys()) {
  if (!violations.has(edge)) {
    console.error(
      `note: the allowed edge ${edge} no longer occurs: delete it from ALLOWED in scripts/dev/check-imports.mjs`,
    );
  }
}
process.exit(failed ? 1 : 0);
