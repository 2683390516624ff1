// generate-corpus: invented reports with gold files; the parser must score 100% on them with the shared
// scorer. The files are parsed in this process and the scorer reads the saved output (running the CLI
// once per file would take a minute).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseReport } from "../../src/parser/index.js";
import { SYNTHETIC_MARKER } from "../../src/ingest/discover.js";
import { generateCorpus, type Gold } from "../../src/synthetic/corpus.js";
import { SCORER } from "./corpus.js";
import { tempDataDir } from "../integration/support/servers.js";

const COUNT = 40,
  SEED = 7;
const dir = tempDataDir("synthetic-corpus");
process.on("exit", () => dir.remove());

test("generate-corpus writes N invented reports with gold files in a folder marked synthetic, deterministic from the seed", () => {
  const r = spawnSync(
    process.execPath,
    [
      "--import",
      "./scripts/ts-loader.mjs",
      "scripts/generate-corpus.ts",
      "--out",
      dir.path,
      "--count",
      String(COUNT),
      "--seed",
      String(SEED),
    ],
    { encoding: "utf8" },
  );
  assert.equal(r.status, 0, r.stderr);
  const names = readdirSync(dir.path);
  const golds = names.filter((n) => n.endsWith(".gold.json"));
  assert.equal(golds.length, COUNT);
  assert.ok(names.includes(SYNTHETIC_MARKER));
  const layouts = new Set<string>(),
    formats = new Set<string>();
  for (const g of golds) {
    const gold = JSON.parse(readFileSync(join(dir.path, g), "utf8")) as Gold;
    assert.equal(gold.synthetic, true);
    assert.ok(existsSync(join(dir.path, gold.file)), gold.file);
    const text = readFileSync(join(dir.path, gold.file), "utf8");
    layouts.add(gold.file.endsWith(".html") ? "html" : text.includes(" | ") ? "pipe" : "lines");
    formats.add(gold.meta.format);
    assert.ok(gold.meta.year >= 2019 && gold.meta.year <= 2025);
  }
  assert.deepEqual([...layouts].sort(), ["html", "lines", "pipe"]);
  assert.deepEqual([...formats].sort(), ["2019", "2021"]);

  const digest = (files: Iterable<{ name: string; bytes: Buffer }>) => {
    const h = createHash("sha256");
    for (const f of files) h.update(f.name).update(f.bytes);
    return h.digest("hex");
  };
  const onDisk = golds
    .map((g) => JSON.parse(readFileSync(join(dir.path, g), "utf8")).file as string)
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(dir.path, name)) }));
  const again = [...generateCorpus({ count: COUNT, seed: SEED })].sort((a, b) => (a.name < b.name ? -1 : 1));
  assert.equal(digest(again), digest(onDisk), "the same seed gives the same files");
  assert.notEqual(digest(generateCorpus({ count: COUNT, seed: SEED + 1 })), digest(again));
});

test("the parser scores 100% on the generated reports (shared scorer)", async (t) => {
  const golds = readdirSync(dir.path).filter((n) => n.endsWith(".gold.json"));
  assert.equal(golds.length, COUNT, "runs after the generation test");
  for (const g of golds) {
    const { file } = JSON.parse(readFileSync(join(dir.path, g), "utf8")) as Gold;
    const parsed = await parseReport(readFileSync(join(dir.path, file)), { filename: file });
    writeFileSync(join(dir.path, `${file}.parsed.json`), JSON.stringify(parsed));
  }
  if (!existsSync(SCORER)) {
    if (process.env.CI === "true") assert.fail(`scorer not found at ${SCORER} — required under CI`);
    t.skip(`scorer not found at ${SCORER} (set GONGKAI_CORPUS_DIR)`);
    return;
  }
  // the scorer runs `<cmd> <report file>`: here the command prints the output saved above
  const r = spawnSync(process.execPath, [SCORER, "--cmd", `sh -c 'cat "$0.parsed.json"'`, "--dir", dir.path], {
    encoding: "utf8",
  });
  const out = r.stdout + r.stderr;
  const cells = /cells: (\d+)\/(\d+) correct/.exec(out);
  assert.ok(cells, out);
  assert.equal(cells![1], cells![2], out);
  assert.match(out, new RegExp(`${COUNT} passed, 0 failed`), out);
  assert.equal(r.status, 0, out);
});
