/**
 * PDF → Extraction. Reads every page's text layer with PDFium (pdfium.ts, WebAssembly; pdfjs when PDFium
 * refuses a file or finds no text), then rebuilds lines and table rows from the run positions
 * (pdf-lines.ts, pdf-rows.ts). Never throws: what cannot be read becomes a diagnostic.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { PDFDocumentLoadingTask, PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { diag } from "../diagnostics.js";
import type { Diagnostic, Extraction } from "../types.js";
import type { PageText, Run } from "./pdf-lines.js";
import { readPositioned } from "./positioned.js";
import type { OcrProgress, PageImage } from "./ocr.js";
import { readPdfium, type PdfiumResult } from "./pdfium.js";

export interface PdfOptions {
  /** more pages than this: refused (an annual report has a handful; a 50 MB junk file must not run on) */
  maxPages?: number;
  /** overall time budget in ms (loading and each page are raced against it) */
  timeLimitMs?: number;
  /** the text-layer reader: PDFium (default; pdfjs when PDFium refuses a file) or pdfjs alone (comparisons) */
  engine?: "pdfium" | "pdfjs";
  /** false: a PDF without a text layer is refused (PDF_NO_TEXT) instead of read by OCR */
  ocr?: boolean;
  /** told after each page read by OCR */
  onOcrPage?: (p: OcrProgress) => void;
}

const MAX_PAGES = 200;
const MAX_BYTES = 100 * 2 ** 20;
const TIME_LIMIT_MS = 30_000;

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let pdfjsPromise: Promise<PdfJs> | null = null;

/**
 * pdfjs is loaded on first use (it is large). While its module initialises, console.log goes to
 * stderr: pdfjs prints warnings (e.g. a missing optional canvas package) with console.log before any
 * verbosity setting can apply, and the CLI's stdout must stay pure JSON.
 */
function loadPdfjs(): Promise<PdfJs> {
  if (!pdfjsPromise) {
    const log = console.log;
    console.log = (...args: unknown[]) => console.error(...args);
    pdfjsPromise = import("pdfjs-dist/legacy/build/pdf.mjs").finally(() => {
      console.log = log;
    });
  }
  return pdfjsPromise;
}

/** Character maps for CJK fonts that are not embedded (STSong-Light + UniGB-UCS2-H and the like). */
function assetDirs(): { cMapUrl: string; standardFontDataUrl: string } {
  const root = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
  return { cMapUrl: join(root, "cmaps") + "/", standardFontDataUrl: join(root, "standard_fonts") + "/" };
}

/** The minimal shape of a pdfjs text item used here. */
interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  fontName: string;
  dir?: string;
}

const fail = (
  code: "PDF_DAMAGED" | "PDF_ENCRYPTED" | "PDF_NO_TEXT" | "INPUT_TOO_LARGE",
  message: string,
): Extraction => ({ kind: "pdf", rows: [], title: null, published: null, issues: [diag(code, "error", message)] });

/** Info-dictionary title, without the "Microsoft Word - x.docx" wrapping converters add. */
function cleanTitle(t: unknown): string | null {
  if (typeof t !== "string") return null;
  const s = t
    .replace(/^Microsoft Word\s*-\s*/i, "")
    .replace(/\.(docx?|wps|pdf)$/i, "")
    .replace(/\s+/g, " ")
    .trim();
  return s || null;
}

/** pdfjs items of one page → runs in top-down page coordinates; whitespace and turned text apart. */
function pageText(
  pdfjs: PdfJs,
  page: number,
  vp: { width: number; height: number; transform: number[] },
  items: TextItem[],
  vertical: Set<string>,
): PageText {
  const out: PageText = { page, width: vp.width, height: vp.height, runs: [], spaces: [], turned: [] };
  for (const it of items) {
    if (typeof it.str !== "string" || !it.str) continue;
    const m = pdfjs.Util.transform(vp.transform, it.transform) as number[];
    const [a, b, c, d, x, y] = m as [number, number, number, number, number, number];
    const size = Math.hypot(c, d) || Math.hypot(a, b);
    if (!(size > 0) || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    const blank = !it.str.trim();
    const rotated = Math.abs(b) > 0.2 * Math.hypot(a, b);
    if (!blank && (vertical.has(it.fontName) || it.dir === "ttb")) {
      // vertical writing: pdfjs gives the top of the column as origin and the advance as height
      out.turned.push({
        text: it.str,
        x0: x,
        x1: x + (it.width || size),
        top: y,
        bottom: y + it.height,
        size,
        dir: "down",
      });
    } else if (!blank && rotated) {
      // rotated text: the baseline runs along (a, b); on the page y grows downward, so b < 0 reads upward
      const len = it.width;
      const ux = a / Math.hypot(a, b),
        uy = b / Math.hypot(a, b);
      const xs = [x, x + ux * len, x + uy * size, x + ux * len + uy * size];
      const ys = [y, y + uy * len, y - ux * size, y + uy * len - ux * size];
      out.turned.push({
        text: it.str,
        x0: Math.min(...xs),
        x1: Math.max(...xs),
        top: Math.min(...ys),
        bottom: Math.max(...ys),
        size,
        dir: uy < 0 ? "up" : "down",
      });
    } else {
      const run: Run = { text: it.str, x, y, w: it.width, size };
      (blank ? out.spaces : out.runs).push(run);
    }
  }
  return out;
}

class TimeUp extends Error {}

/** `p`, or TimeUp once the deadline has passed (pdfjs works in async steps, so the timer gets its turn). */
function within<T>(p: Promise<T>, deadline: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeUp()), Math.max(0, deadline - Date.now()));
    timer.unref?.();
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** The reason pdfjs gave, as one of ours. */
function openFailure(e: unknown): Extraction {
  const name = (e as { name?: string } | null)?.name ?? "";
  const msg = String((e as { message?: string } | null)?.message ?? e);
  if (e instanceof TimeUp) return fail("PDF_DAMAGED", "the PDF could not be read in the time allowed");
  if (name === "PasswordException")
    return fail("PDF_ENCRYPTED", "the PDF is encrypted with a password: it cannot be read without it");
  return fail("PDF_DAMAGED", `the PDF could not be read: ${msg}`);
}

/** Time for OCR of one page (recognition takes seconds a page, far longer than a text layer). */
const OCR_PAGE_MS = 120_000;

/** A PDF without a text layer: each page's image read by OCR, through the same line and row builders. */
async function readScan(pdfjs: PdfJs, doc: PDFDocumentProxy, onPage?: (p: OcrProgress) => void): Promise<Extraction> {
  const [{ pageImage }, { extractScan }] = await Promise.all([import("../ocr/pdf-images.js"), import("./ocr.js")]);
  const deadline = Date.now() + OCR_PAGE_MS * doc.numPages;
  const pages: PageImage[] = [];
  const issues: Diagnostic[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    try {
      const page = await within(doc.getPage(n), deadline);
      const img = await within(pageImage(pdfjs, page), deadline);
      if (img) pages.push({ page: n, ...img });
      else issues.push(diag("OCR_UNREADABLE", "warning", `page ${n} has neither text nor an image: nothing to read`));
      page.cleanup();
    } catch (e) {
      if (e instanceof TimeUp)
        return fail("PDF_DAMAGED", `reading the scanned PDF took too long (stopped at page ${n} of ${doc.numPages})`);
      issues.push(
        diag(
          "PDF_DAMAGED",
          "warning",
          `the image of page ${n} could not be read: ${String((e as Error)?.message ?? e)}`,
        ),
      );
    }
  }
  if (!pages.length) return fail("PDF_NO_TEXT", "the PDF has no text layer and no page image to read by OCR");
  const ex = await extractScan(pages, "pdf-ocr", onPage);
  return { ...ex, issues: [...issues, ...ex.issues] };
}

export async function extractPdf(bytes: Uint8Array, options: PdfOptions = {}): Promise<Extraction> {
  const maxPages = options.maxPages ?? MAX_PAGES;
  const deadline = Date.now() + (options.timeLimitMs ?? TIME_LIMIT_MS);
  if (bytes.length > MAX_BYTES) {
    return fail(
      "INPUT_TOO_LARGE",
      `the PDF is ${(bytes.length / 2 ** 20).toFixed(0)} MB; at most ${MAX_BYTES / 2 ** 20} MB are read`,
    );
  }
  const scan = { ocr: options.ocr !== false, onOcrPage: options.onOcrPage };
  if ((options.engine ?? "pdfium") === "pdfjs") return extractWithPdfjs(bytes, maxPages, deadline, scan);
  const got = await readPdfium(bytes, { maxPages, deadline }).catch(
    (e: unknown): PdfiumResult => ({ kind: "unreadable", reason: String((e as Error)?.message ?? e) }),
  );
  switch (got.kind) {
    case "encrypted":
      return fail("PDF_ENCRYPTED", "the PDF is encrypted with a password: it cannot be read without it");
    case "too-many-pages":
      return fail("INPUT_TOO_LARGE", `the PDF has ${got.pages} pages; at most ${maxPages} are read`);
    case "timeout":
      return fail("PDF_DAMAGED", `reading the PDF took too long (stopped at page ${got.page} of ${got.pages})`);
    // PDFium refused the file, or found no text at all: pdfjs is more lenient with some damage, and
    // a second opinion costs nothing on the files that read (a scan is rare and slow anyway)
    case "unreadable":
      return extractWithPdfjs(bytes, maxPages, deadline, scan);
  }
  if (!got.pages.some((p) => p.runs.length || p.turned.length))
    return extractWithPdfjs(bytes, maxPages, deadline, scan);
  const issues = got.failed.map((f) => diag("PDF_DAMAGED", "warning", `page ${f.page} could not be read: ${f.reason}`));
  return assemble(got.pages, issues, cleanTitle(got.title));
}

/** Pages of positioned text → the extraction: lines, table rows, and a warning for pages without text. */
function assemble(pages: PageText[], issues: Diagnostic[], title: string | null): Extraction {
  const { rows, empty, found } = readPositioned(pages);
  if (!found) {
    // nothing read at all: a scan, unless pages failed (then the warnings say why)
    if (issues.length)
      return {
        ...fail("PDF_DAMAGED", "no page of the PDF could be read"),
        issues: [diag("PDF_DAMAGED", "error", "no page of the PDF could be read"), ...issues],
      };
    return fail("PDF_NO_TEXT", "the PDF has no text layer (a scan): it needs OCR first");
  }
  if (empty.length) {
    issues.push(
      diag(
        "PDF_NO_TEXT",
        "warning",
        `page${empty.length > 1 ? "s" : ""} ${empty.join(", ")} ha${empty.length > 1 ? "ve" : "s"} no text layer (blank, or a scanned image that needs OCR)`,
      ),
    );
  }
  // published stays null: a date in the document properties is when the file was made, not when the
  // report was published; the body's signature date is read downstream.
  return { kind: "pdf", rows, title, published: null, issues };
}

/** The same with pdfjs (the fallback). */
async function extractWithPdfjs(
  bytes: Uint8Array,
  maxPages: number,
  deadline: number,
  scan: { ocr: boolean; onOcrPage?: (p: OcrProgress) => void },
): Promise<Extraction> {
  let task: PDFDocumentLoadingTask | null = null;
  let doc: PDFDocumentProxy | null = null;
  try {
    const pdfjs = await loadPdfjs();
    task = pdfjs.getDocument({
      // a copy, as a plain Uint8Array: pdfjs refuses a Node Buffer and may take over the memory it gets
      data: new Uint8Array(bytes),
      ...assetDirs(),
      cMapPacked: true,
      verbosity: 0,
      disableFontFace: true,
      useSystemFonts: false,
      isEvalSupported: false,
      isOffscreenCanvasSupported: false,
      stopAtErrors: false,
    });
    try {
      doc = await within(task.promise, deadline);
    } catch (e) {
      return openFailure(e);
    }
    if (doc.numPages > maxPages) {
      return fail("INPUT_TOO_LARGE", `the PDF has ${doc.numPages} pages; at most ${maxPages} are read`);
    }
    const issues: Diagnostic[] = [];
    const pages: PageText[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      try {
        const page = await within(doc.getPage(n), deadline);
        const vp = page.getViewport({ scale: 1 });
        const content = await within(page.getTextContent(), deadline);
        const vertical = new Set(
          Object.entries(content.styles)
            .filter(([, s]) => s.vertical)
            .map(([k]) => k),
        );
        const items = content.items.filter((i): i is TextItem & typeof i => "str" in i);
        pages.push(pageText(pdfjs, n, vp, items as unknown as TextItem[], vertical));
        page.cleanup();
      } catch (e) {
        if (e instanceof TimeUp)
          return fail("PDF_DAMAGED", `reading the PDF took too long (stopped at page ${n} of ${doc.numPages})`);
        issues.push(
          diag("PDF_DAMAGED", "warning", `page ${n} could not be read: ${String((e as Error)?.message ?? e)}`),
        );
      }
    }
    if (scan.ocr && !issues.length && !pages.some((p) => p.runs.length || p.turned.length)) {
      // no text on any page: a scan — each page's image is read by OCR
      return await readScan(pdfjs, doc, scan.onOcrPage);
    }
    let title: string | null = null;
    try {
      const meta = await within(doc.getMetadata(), deadline);
      title =
        cleanTitle((meta.info as Record<string, unknown> | undefined)?.Title) ??
        cleanTitle(meta.metadata?.get("dc:title"));
    } catch {
      /* the title is optional */
    }
    return assemble(pages, issues, title);
  } catch (e) {
    return openFailure(e);
  } finally {
    await (doc?.destroy() ?? task?.destroy())?.catch(() => undefined);
  }
}
