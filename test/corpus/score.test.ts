// The product's own yardstick: the shared scorer over the gold seeds and the real reports must pass every
// file, every cell; over the same reports converted by other tools (corpus/transposed: other encodings,
// DOCX and PDF producers) at least 99.5% of the cells. Never a silent wrong value (a wrong figure whose
// cell says ok, blank or derived).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { CORPUS_DIR, SCORER, corpusMissing } from "./corpus.js";

for (const sub of ["seeds", "real"]) {
  test(`scorer on corpus/${sub}: every file passes, every cell correct`, (t) => {
    const missing = corpusMissing(sub);
    if (missing) {
      t.skip(missing);
      return;
    }
    assert.ok(existsSync(SCORER), `scorer not found at ${SCORER}`);
    const r = spawnSync(
      process.execPath,
      [SCORER, "--cmd", "npm run --silent cli -- parse", "--dir", resolve(CORPUS_DIR, sub)],
      { encoding: "utf8" },
    );
    const out = r.stdout + r.stderr;
    const cells = /cells: (\d+)\/(\d+) correct/.exec(out);
    assert.ok(cells, out);
    assert.equal(cells![1], cells![2], out);
    assert.match(out, /silent wrong values: 0\b/, out);
    assert.match(out, / 0 failed\s*$/, out);
    assert.equal(r.status, 0, out);
  });
}

test("scorer on corpus/transposed: at least 99.5% of the cells, no silent wrong value", (t) => {
  const missing = corpusMissing("transposed");
  if (missing) {
    t.skip(missing);
    return;
  }
  const r = spawnSync(
    process.execPath,
    [SCORER, "--cmd", "npm run --silent cli -- parse", "--dir", resolve(CORPUS_DIR, "transposed"), "--jobs", "2"],
    { encoding: "utf8" },
  );
  const out = r.stdout + r.stderr;
  const cells = /cells: (\d+)\/(\d+) correct/.exec(out);
  assert.ok(cells, out);
  assert.ok(Number(cells![1]) >= 0.995 * Number(cells![2]), `${cells![0]}\n${out}`);
  assert.match(out, /silent wrong values: 0\b/, out);
});
