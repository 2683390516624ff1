/**
 * A PDF's text layer with PDFium (compiled to WebAssembly, @embedpdf/pdfium): every page as positioned
 * runs in top-down page coordinates — the same PageText the line builder (pdf-lines.ts) reads from
 * pdfjs, at about a fifth of the cost (docs/pdf-speed.md has the measurements). PDFium gives one
 * character at a time; characters that follow each other on one baseline in one size are joined into a
 * run, so the line builder sees what a producer's text-showing operators drew.
 *
 * The module is instantiated once per process (≈ 50 ms) and then called directly through its wasm
 * exports: no wrapper per call, no copy of the text through a message port.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { PageText, Run, TurnedRun } from "./pdf-lines.js";

/** The wasm exports used here (raw C ABI: pointers and numbers). */
interface Exports {
  memory: WebAssembly.Memory;
  malloc(n: number): number;
  free(p: number): void;
  FPDF_LoadMemDocument(data: number, size: number, password: number): number;
  FPDF_GetLastError(): number;
  FPDF_GetPageCount(doc: number): number;
  FPDF_LoadPage(doc: number, index: number): number;
  FPDF_ClosePage(page: number): void;
  FPDF_CloseDocument(doc: number): void;
  FPDF_GetPageBoundingBox(page: number, rect: number): number;
  FPDFPage_GetRotation(page: number): number;
  FPDF_GetMetaText(doc: number, tag: number, buf: number, len: number): number;
  FPDFText_LoadPage(page: number): number;
  FPDFText_ClosePage(text: number): void;
  FPDFText_CountChars(text: number): number;
  FPDFText_GetUnicode(text: number, i: number): number;
  FPDFText_IsGenerated(text: number, i: number): number;
  FPDFText_GetCharOrigin(text: number, i: number, x: number, y: number): number;
  FPDFText_GetFontSize(text: number, i: number): number;
  FPDFText_GetMatrix(text: number, i: number, m: number): number;
  FPDFText_GetLooseCharBox(text: number, i: number, rect: number): number;
  FPDFText_GetTextObject(text: number, i: number): number;
}

let enginePromise: Promise<Exports> | null = null;

function engine(): Promise<Exports> {
  enginePromise ??= (async () => {
    const { init } = await import("@embedpdf/pdfium");
    const wasm = readFileSync(createRequire(import.meta.url).resolve("@embedpdf/pdfium/pdfium.wasm"));
    const mod = await init({
      wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer,
    });
    mod.PDFiumExt_Init();
    return (mod.pdfium as unknown as { wasmExports: Exports }).wasmExports;
  })();
  return enginePromise;
}

export type PdfiumResult =
  | { kind: "ok"; pages: PageText[]; failed: { page: number; reason: string }[]; title: string | null }
  | { kind: "encrypted" }
  | { kind: "unreadable"; reason: string }
  | { kind: "too-many-pages"; pages: number }
  | { kind: "timeout"; page: number; pages: number };

// FPDF_GetLastError codes
const ERR_PASSWORD = 4;
const ERR_REASONS: Record<number, string> = {
  2: "the file could not be read",
  3: "it is not a PDF or it is damaged",
  5: "it uses an unsupported security handler",
  6: "a page could not be read",
};

/** Page coordinates (PDF user space, y up) → the top-down view of the page as displayed (its /Rotate applied). */
interface View {
  width: number;
  height: number;
  point(x: number, y: number): [number, number];
  dir(a: number, b: number): [number, number];
}

function pageView(L: number, T: number, R: number, B: number, rotation: number): View {
  switch (rotation & 3) {
    case 1:
      return { width: T - B, height: R - L, point: (x, y) => [y - B, x - L], dir: (a, b) => [b, a] };
    case 2:
      return { width: R - L, height: T - B, point: (x, y) => [R - x, y - B], dir: (a, b) => [-a, b] };
    case 3:
      return { width: T - B, height: R - L, point: (x, y) => [T - y, R - x], dir: (a, b) => [-b, -a] };
    default:
      return { width: R - L, height: T - B, point: (x, y) => [x - L, T - y], dir: (a, b) => [a, -b] };
  }
}

const isSpace = (u: number) => u === 0x20 || u === 0xa0 || u === 0x3000 || u === 0x09;

/** One page's characters → runs, whitespace and turned text, as pdf-lines.ts reads them. */
function readPage(W: Exports, page: number, n: number, scratch: number): PageText {
  // views on the scratch memory, made again only when the wasm memory grows (a new buffer)
  let d64 = new Float64Array(W.memory.buffer, scratch, 2);
  let d32 = new Float32Array(W.memory.buffer, scratch + 16, 6);
  const f64 = () => (d64.buffer === W.memory.buffer ? d64 : (d64 = new Float64Array(W.memory.buffer, scratch, 2)));
  const f32 = () => (d32.buffer === W.memory.buffer ? d32 : (d32 = new Float32Array(W.memory.buffer, scratch + 16, 6)));
  W.FPDF_GetPageBoundingBox(page, scratch + 16);
  const [L, T, R, B] = f32();
  const view = pageView(L!, T!, R!, B!, W.FPDFPage_GetRotation(page));
  const out: PageText = { page: n, width: view.width, height: view.height, runs: [], spaces: [], turned: [] };
  const tp = W.FPDFText_LoadPage(page);
  if (!tp) return out;
  try {
    const count = W.FPDFText_CountChars(tp);
    // the run being built, and the text object (one text-showing operation) its characters come from
    let cur: (Run & { x1: number; obj: number; lastX: number }) | null = null;
    const flush = () => {
      if (cur) out.runs.push({ text: cur.text, x: cur.x, y: cur.y, w: cur.x1 - cur.x, size: cur.size });
      cur = null;
    };
    for (let i = 0; i < count; i++) {
      const u = W.FPDFText_GetUnicode(tp, i);
      if (u === 0 || u === 0xfffe || u === 0xffff || u === 0x0d || u === 0x0a) {
        flush();
        continue;
      }
      if (W.FPDFText_IsGenerated(tp, i) === 1) {
        // a space PDFium made up for a gap between two characters on a line (pdfjs does the same):
        // kept as a whitespace mark where the gap starts, so the line builder spaces the words as pdfjs had them
        const r = cur as (Run & { x1: number; obj: number; lastX: number }) | null;
        if (r && isSpace(u)) out.spaces.push({ text: " ", x: r.x1, y: r.y, w: 0, size: r.size });
        flush();
        continue;
      }
      W.FPDFText_GetCharOrigin(tp, i, scratch, scratch + 8);
      const o = f64();
      const ox = o[0]!,
        oy = o[1]!;
      W.FPDFText_GetMatrix(tp, i, scratch + 16);
      const m = f32();
      const a = m[0]!,
        b = m[1]!,
        c = m[2]!,
        d = m[3]!;
      const [x, y] = view.point(ox, oy);
      const size = W.FPDFText_GetFontSize(tp, i) * (Math.hypot(c, d) || Math.hypot(a, b) || 1);
      if (!(size > 0) || !Number.isFinite(x) || !Number.isFinite(y)) {
        flush();
        continue;
      }
      W.FPDFText_GetLooseCharBox(tp, i, scratch + 16);
      const box = f32();
      const bl = box[0]!,
        bt = box[1]!,
        br = box[2]!,
        bb = box[3]!;
      const [p0x, p0y] = view.point(bl, bt);
      const [p1x, p1y] = view.point(br, bb);
      const text = String.fromCodePoint(u);
      const [dx, dy] = view.dir(a, b);
      const rotated = Math.abs(dy) > 0.2 * Math.hypot(dx, dy);
      const r = cur as (Run & { x1: number; obj: number; lastX: number }) | null;
      const obj = W.FPDFText_GetTextObject(tp, i);
      if (isSpace(u)) {
        // a space inside a run stays in it (as pdfjs keeps the spaces of one text-showing string);
        // a space on its own only marks that the text is spaced there
        if (r && !rotated && r.obj === obj && Math.abs(r.y - y) < 0.05 * size && Math.abs(x - r.x1) < 0.15 * size) {
          r.text += " ";
          r.x1 = Math.max(r.x1, x + Math.abs(p1x - p0x));
          continue;
        }
        flush();
        if (!rotated) out.spaces.push({ text: " ", x, y, w: Math.abs(p1x - p0x), size });
        continue;
      }
      if (rotated) {
        flush();
        // on the page y grows downward: a baseline pointing up (dy < 0) reads upward
        out.turned.push({
          text,
          x0: Math.min(p0x, p1x),
          x1: Math.max(p0x, p1x),
          top: Math.min(p0y, p1y),
          bottom: Math.max(p0y, p1y),
          size,
          dir: dy < 0 ? "up" : "down",
        } satisfies TurnedRun);
        continue;
      }
      const x1 = Math.max(x, p0x, p1x);
      // a run is one text object's characters that follow each other on one baseline: two objects that
      // touch (header words in neighbouring narrow columns) stay two runs, as the producer drew them
      // (a ligature's characters — f, f, i of "ffi" — all have the glyph's origin: they belong together too)
      if (
        r &&
        r.obj === obj &&
        Math.abs(r.y - y) < 0.05 * size &&
        Math.abs(r.size - size) < 0.02 * size &&
        (Math.abs(x - r.x1) < 0.15 * size || Math.abs(x - r.lastX) < 0.01)
      ) {
        r.text += text;
        r.x1 = Math.max(r.x1, x1);
        r.lastX = x;
        continue;
      }
      flush();
      cur = { text, x, y, w: 0, size, x1, obj, lastX: x };
    }
    flush();
  } finally {
    W.FPDFText_ClosePage(tp);
  }
  return out;
}

/** Info-dictionary Title (UTF-16LE from PDFium), or null. */
function metaTitle(W: Exports, doc: number): string | null {
  const tag = W.malloc(8);
  try {
    new Uint8Array(W.memory.buffer, tag, 6).set([84, 105, 116, 108, 101, 0]); // "Title\0"
    const len = W.FPDF_GetMetaText(doc, tag, 0, 0);
    if (len <= 2) return null;
    const buf = W.malloc(len);
    try {
      W.FPDF_GetMetaText(doc, tag, buf, len);
      return Buffer.from(new Uint8Array(W.memory.buffer, buf, len - 2)).toString("utf16le");
    } finally {
      W.free(buf);
    }
  } finally {
    W.free(tag);
  }
}

/** Every page's text, or why there is none. Synchronous once the engine is loaded; the deadline is checked between pages. */
export async function readPdfium(
  bytes: Uint8Array,
  opts: { maxPages: number; deadline: number },
): Promise<PdfiumResult> {
  const W = await engine();
  const data = W.malloc(bytes.length);
  const scratch = W.malloc(64);
  let doc = 0;
  try {
    new Uint8Array(W.memory.buffer, data, bytes.length).set(bytes);
    doc = W.FPDF_LoadMemDocument(data, bytes.length, 0);
    if (!doc) {
      const err = W.FPDF_GetLastError();
      return err === ERR_PASSWORD
        ? { kind: "encrypted" }
        : { kind: "unreadable", reason: ERR_REASONS[err] ?? `error ${err}` };
    }
    const count = W.FPDF_GetPageCount(doc);
    if (count > opts.maxPages) return { kind: "too-many-pages", pages: count };
    const pages: PageText[] = [];
    const failed: { page: number; reason: string }[] = [];
    for (let n = 1; n <= count; n++) {
      if (Date.now() > opts.deadline) return { kind: "timeout", page: n, pages: count };
      const page = W.FPDF_LoadPage(doc, n - 1);
      if (!page) {
        failed.push({ page: n, reason: "PDFium could not load it" });
        continue;
      }
      try {
        pages.push(readPage(W, page, n, scratch));
      } catch (e) {
        failed.push({ page: n, reason: String((e as Error)?.message ?? e) });
      } finally {
        W.FPDF_ClosePage(page);
      }
    }
    let title: string | null = null;
    try {
      title = metaTitle(W, doc);
    } catch {
      /* the title is optional */
    }
    return { kind: "ok", pages, failed, title };
  } catch (e) {
    return { kind: "unreadable", reason: String((e as Error)?.message ?? e) };
  } finally {
    if (doc) W.FPDF_CloseDocument(doc);
    W.free(scratch);
    W.free(data);
  }
}
