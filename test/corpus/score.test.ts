// The product's own yardstick: the shared scorer over the gold seeds and the real reports must pass every
// file, every cell; over the same reports converted by other tools (corpus/transposed: other encodings,
// DOCX and PDF producers) at least 99.5% of the cells. Never a silent wrong value (a wrong figure whose
// cell says ok, blank or derived).
import { test } from "node:test";
import assert from "node:assert/strict";
import { corpusMissing, runScorer } from "./corpus.js";

for (const sub of ["seeds", "real"]) {
  test(`scorer on corpus/${sub}: every file passes, every cell correct`, (t) => {
    const missing = corpusMissing(sub);
    if (missing) {
      t.skip(missing);
      return;
    }
    const r = runScorer(sub);
    assert.equal(r.correct, r.total, r.out);
    assert.equal(r.silent, 0, r.out);
    assert.match(r.out, / 0 failed\s*$/, r.out);
    assert.equal(r.status, 0, r.out);
  });
}

test("scorer on corpus/transposed: at least 99.5% of the cells, no silent wrong value", (t) => {
  const missing = corpusMissing("transposed");
  if (missing) {
    t.skip(missing);
    return;
  }
  const r = runScorer("transposed", 2);
  assert.ok(r.correct >= 0.995 * r.total, `${r.correct}/${r.total}\n${r.out}`);
  assert.equal(r.silent, 0, r.out);
});
