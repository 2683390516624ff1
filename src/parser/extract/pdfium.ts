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
import type { PageText, TurnedRun } from "./pdf-lines.js";

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

/**
 * Page coordinates (PDF user space, y up) → the top-down view of the page as displayed (its /Rotate
 * applied), as an affine map: X = xx·x + xy·y + x0, Y = yx·x + yy·y + y0 (every coefficient of xx…yy is
 * 0 or ±1). Plain numbers, so the per-character loop allocates nothing for a point.
 */
interface View {
  width: number;
  height: number;
  xx: number;
  xy: number;
  x0: number;
  yx: number;
  yy: number;
  y0: number;
}

function pageView(L: number, T: number, R: number, B: number, rotation: number): View {
  switch (rotation & 3) {
    case 1: // (y − B, x − L)
      return { width: T - B, height: R - L, xx: 0, xy: 1, x0: -B, yx: 1, yy: 0, y0: -L };
    case 2: // (R − x, y − B)
      return { width: R - L, height: T - B, xx: -1, xy: 0, x0: R, yx: 0, yy: 1, y0: -B };
    case 3: // (T − y, R − x)
      return { width: T - B, height: R - L, xx: 0, xy: -1, x0: T, yx: -1, yy: 0, y0: R };
    default: // (x − L, T − y)
      return { width: R - L, height: T - B, xx: 1, xy: 0, x0: -L, yx: 0, yy: -1, y0: T };
  }
}

const isSpace = (u: number) => u === 0x20 || u === 0xa0 || u === 0x3000 || u === 0x09;

/** Code points → a string, in slices (a spread of a very long run would overflow the call's arguments). */
function codesToString(c: number[]): string {
  if (c.length === 1) return String.fromCodePoint(c[0]!);
  let s = "";
  for (let i = 0; i < c.length; i += 4096) s += String.fromCodePoint(...c.slice(i, i + 4096));
  return s;
}

/** The run being built: its characters' code points (joined once, when the run ends) and where it stands. */
interface OpenRun {
  codes: number[];
  x: number;
  y: number;
  size: number;
  x1: number;
  obj: number;
  lastX: number;
}

/**
 * One page's characters → runs, whitespace and turned text, as pdf-lines.ts reads them. The hot loop of
 * the PDF path (a call per character and property across the wasm boundary): what belongs to a text
 * object — its matrix, font size, rotation — is read once per object, not per character; the scratch
 * memory's views are made once (again only if the wasm memory grew); a run's text is built once.
 */
function readPage(W: Exports, page: number, n: number, scratch: number): PageText {
  let f64 = new Float64Array(W.memory.buffer, scratch, 2);
  let f32 = new Float32Array(W.memory.buffer, scratch + 16, 6);
  // a grown wasm memory detaches the old buffer: its views then have length 0
  const fresh = () => {
    if (f64.length === 0) {
      f64 = new Float64Array(W.memory.buffer, scratch, 2);
      f32 = new Float32Array(W.memory.buffer, scratch + 16, 6);
    }
  };
  W.FPDF_GetPageBoundingBox(page, scratch + 16);
  fresh();
  const view = pageView(f32[0]!, f32[1]!, f32[2]!, f32[3]!, W.FPDFPage_GetRotation(page));
  const { xx, xy, x0, yx, yy, y0 } = view;
  const out: PageText = { page: n, width: view.width, height: view.height, runs: [], spaces: [], turned: [] };
  const tp = W.FPDFText_LoadPage(page);
  if (!tp) return out;
  try {
    fresh();
    const count = W.FPDFText_CountChars(tp);
    // the run being built, and the text object (one text-showing operation) its characters come from
    let cur: OpenRun | null = null;
    const flush = () => {
      if (cur) {
        out.runs.push({
          text: codesToString(cur.codes),
          x: cur.x,
          y: cur.y,
          w: cur.x1 - cur.x,
          size: cur.size,
        });
      }
      cur = null;
    };
    // what one text object's characters share (its matrix and font size): read at its first character
    let objOf = 0,
      scale = 1,
      fontSize = 0,
      rotated = false,
      up = false;
    for (let i = 0; i < count; i++) {
      const u = W.FPDFText_GetUnicode(tp, i);
      if (u === 0 || u === 0xfffe || u === 0xffff || u === 0x0d || u === 0x0a) {
        flush();
        continue;
      }
      if (W.FPDFText_IsGenerated(tp, i) === 1) {
        // a space PDFium made up for a gap between two characters on a line (pdfjs does the same):
        // kept as a whitespace mark where the gap starts, so the line builder spaces the words as pdfjs had them
        const r = cur as OpenRun | null;
        if (r && isSpace(u)) out.spaces.push({ text: " ", x: r.x1, y: r.y, w: 0, size: r.size });
        flush();
        continue;
      }
      const obj = W.FPDFText_GetTextObject(tp, i);
      if (obj !== objOf || obj === 0) {
        objOf = obj;
        W.FPDFText_GetMatrix(tp, i, scratch + 16);
        fresh();
        const a = f32[0]!,
          b = f32[1]!,
          c = f32[2]!,
          d = f32[3]!;
        scale = Math.hypot(c, d) || Math.hypot(a, b) || 1;
        fontSize = W.FPDFText_GetFontSize(tp, i);
        // the baseline's direction on the page (the view's linear part applied to (a, b))
        const dx = xx * a + xy * b,
          dy = yx * a + yy * b;
        rotated = Math.abs(dy) > 0.2 * Math.hypot(dx, dy);
        // on the page y grows downward: a baseline pointing up (dy < 0) reads upward
        up = dy < 0;
      }
      W.FPDFText_GetCharOrigin(tp, i, scratch, scratch + 8);
      fresh();
      const ox = f64[0]!,
        oy = f64[1]!;
      const x = xx * ox + xy * oy + x0,
        y = yx * ox + yy * oy + y0;
      const size = fontSize * scale;
      if (!(size > 0) || !Number.isFinite(x) || !Number.isFinite(y)) {
        flush();
        continue;
      }
      W.FPDFText_GetLooseCharBox(tp, i, scratch + 16);
      fresh();
      const bl = f32[0]!,
        bt = f32[1]!,
        br = f32[2]!,
        bb = f32[3]!;
      const p0x = xx * bl + xy * bt + x0,
        p1x = xx * br + xy * bb + x0;
      const r = cur as OpenRun | null;
      if (isSpace(u)) {
        // a space inside a run stays in it (as pdfjs keeps the spaces of one text-showing string);
        // a space on its own only marks that the text is spaced there
        if (r && !rotated && r.obj === obj && Math.abs(r.y - y) < 0.05 * size && Math.abs(x - r.x1) < 0.15 * size) {
          r.codes.push(0x20);
          r.x1 = Math.max(r.x1, x + Math.abs(p1x - p0x));
          continue;
        }
        flush();
        if (!rotated) out.spaces.push({ text: " ", x, y, w: Math.abs(p1x - p0x), size });
        continue;
      }
      if (rotated) {
        flush();
        const p0y = yx * bl + yy * bt + y0,
          p1y = yx * br + yy * bb + y0;
        out.turned.push({
          text: String.fromCodePoint(u),
          x0: Math.min(p0x, p1x),
          x1: Math.max(p0x, p1x),
          top: Math.min(p0y, p1y),
          bottom: Math.max(p0y, p1y),
          size,
          dir: up ? "up" : "down",
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
        r.codes.push(u);
        r.x1 = Math.max(r.x1, x1);
        r.lastX = x;
        continue;
      }
      flush();
      cur = { codes: [u], x, y, size, x1, obj, lastX: x };
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
