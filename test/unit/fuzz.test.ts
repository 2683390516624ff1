/**
 * The layout fuzzer's small fixed sample (the full run is `npm run fuzz:parse`, not a test): every
 * producer makes a file the parser accepts, with a gold for every variable; the same seed makes the
 * same cases and the same score; and the layouts the parser reads today stay read, cell for cell.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fuzzCase, scoreCase, type Producer } from "../../src/synthetic/fuzz/index.js";
import { variablesFor } from "../../src/codebook/index.js";

const SEED = 11;

test("each producer makes a report the parser accepts, with a gold value for every variable of its format", {
  timeout: 120_000,
}, async () => {
  for (const producer of ["pdf", "docx", "html"] as Producer[]) {
    const c = await fuzzCase(SEED, 0, [producer]);
    assert.equal(c.producer, producer);
    assert.ok(c.features.length > 0 && c.features.every((f) => f.startsWith(`${producer}/`)), c.features.join(" "));
    const vars = variablesFor(c.format).map((v) => v.name);
    for (const v of vars) assert.equal(typeof c.gold[v], "number", `${c.name}: gold for ${v}`);
    const s = await scoreCase(c);
    assert.equal(s.fatal, null, `${c.name} was refused: ${s.fatal}`);
    assert.equal(s.cells, Object.keys(c.gold).length);
  }
});

test("the same seed and index make the same case, the same bytes and the same score", {
  timeout: 120_000,
}, async () => {
  for (const producer of ["pdf", "html"] as Producer[]) {
    const a = await fuzzCase(SEED, 3, [producer]);
    const b = await fuzzCase(SEED, 3, [producer]);
    assert.deepEqual(a.features, b.features);
    assert.deepEqual(a.gold, b.gold);
    assert.ok(Buffer.from(a.bytes).equals(Buffer.from(b.bytes)), `${a.name}: bytes differ between two renderings`);
    const [sa, sb] = [await scoreCase(a), await scoreCase(b)];
    assert.deepEqual({ ...sa, wrong: sa.wrong.length }, { ...sb, wrong: sb.wrong.length });
  }
});

test("HTML pages and Word tables of the sample are read cell for cell, with no silent wrong value", {
  timeout: 120_000,
}, async () => {
  for (const [producer, index] of [
    ["html", 0],
    ["html", 1],
    ["html", 2],
    ["docx", 1],
  ] as [Producer, number][]) {
    const c = await fuzzCase(SEED, index, [producer]);
    const s = await scoreCase(c);
    assert.equal(s.silent, 0, `${c.name} (${c.features.join(" ")}): silent wrong values`);
    assert.deepEqual(s.wrong, [], `${c.name} (${c.features.join(" ")})`);
  }
});
