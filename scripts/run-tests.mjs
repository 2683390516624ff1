#!/usr/bin/env node
// Runs every test file under test/ with node's test runner; TypeScript is loaded by scripts/ts-loader.mjs
// (@swc/core with decorator metadata, which tsx lacks). Pass paths or a substring to run a subset:
//   npm test -- test/unit/tables.test.ts      npm test -- html
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== "fixtures") out.push(...walk(p));
    } else if (name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

const args = process.argv.slice(2);
let files = walk("test");
if (args.length) files = files.filter((f) => args.some((a) => f === a || f.includes(a)));
if (!files.length) {
  console.error("no test files matched");
  process.exit(1);
}
const r = spawnSync(
  process.execPath,
  [
    "--import",
    "./scripts/ts-loader.mjs",
    "--test",
    "--test-concurrency=2",
    // a default time-out for every test (a test may set its own): a hang fails the run instead of stalling it
    "--test-timeout=600000",
    "--test-reporter=spec",
    ...files,
  ],
  { stdio: "inherit" },
);
process.exit(r.status ?? 1);
