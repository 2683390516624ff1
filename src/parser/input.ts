/**
 * Bytes → Extraction: recognise the input kind, decode, and hand it to its extractor. Heavy extractors
 * (HTML parser, PDF reader, DOCX reader) are loaded only when a file needs them.
 */
import { diag, type Diagnostic } from "./diagnostics.js";
import { decodeText, imageType, sniffInput } from "./decode.js";
import { extractText } from "./extract/text.js";
import type { Extraction } from "./types.js";

/** PDFs and DOCX files carry images and fonts; text and HTML reports are well under a megabyte. */
export const MAX_INPUT_BYTES = 60 * 1024 * 1024;
export const MAX_TEXT_BYTES = 16 * 1024 * 1024;

export type Decoded = { extraction: Extraction } | { fatal: Diagnostic };

// Each extractor module is imported once and the promise kept: a dynamic import() of a module already
// loaded still goes through the module loader (and its resolve hooks, when a loader is registered: a
// round trip to the hooks thread per call — most of a small HTML report's time besides parsing).
let pdfModule: Promise<typeof import("./extract/pdf.js")> | undefined;
let docxModule: Promise<typeof import("./extract/docx.js")> | undefined;
let htmlModule: Promise<typeof import("./extract/html.js")> | undefined;
let imageModule: Promise<typeof import("./extract/image.js")> | undefined;

export interface DecodeOptions {
  /** false: scans (image-only PDFs, image files) are refused instead of read by OCR */
  ocr?: boolean;
  /** told after each page read by OCR */
  onOcrPage?: (p: { page: number; pages: number }) => void;
}

export async function decodeInput(bytes: Uint8Array, filename = "", options: DecodeOptions = {}): Promise<Decoded> {
  if (bytes.length > MAX_INPUT_BYTES) {
    return {
      fatal: diag(
        "INPUT_TOO_LARGE",
        "error",
        `the file is ${(bytes.length / 1048576).toFixed(1)} MB; the parser accepts up to ${MAX_INPUT_BYTES / 1048576} MB`,
      ),
    };
  }
  const sniffed = sniffInput(bytes, filename);
  if ("fatal" in sniffed) return sniffed;
  if (
    sniffed.kind !== "pdf" &&
    sniffed.kind !== "docx" &&
    sniffed.kind !== "image-ocr" &&
    bytes.length > MAX_TEXT_BYTES
  ) {
    return {
      fatal: diag(
        "INPUT_TOO_LARGE",
        "error",
        `the ${sniffed.kind} file is ${(bytes.length / 1048576).toFixed(1)} MB; text and HTML reports are accepted up to ${MAX_TEXT_BYTES / 1048576} MB`,
      ),
    };
  }
  switch (sniffed.kind) {
    case "pdf": {
      const { extractPdf } = await (pdfModule ??= import("./extract/pdf.js"));
      return { extraction: await extractPdf(bytes, { ocr: options.ocr, onOcrPage: options.onOcrPage }) };
    }
    case "image-ocr": {
      if (options.ocr === false)
        return { fatal: diag("UNSUPPORTED_FORMAT", "error", "a page image: reading images by OCR is switched off") };
      const { extractImage } = await (imageModule ??= import("./extract/image.js"));
      return { extraction: await extractImage(bytes, imageType(bytes)!, options.onOcrPage) };
    }
    case "docx": {
      const { extractDocx } = await (docxModule ??= import("./extract/docx.js"));
      return { extraction: await extractDocx(bytes) };
    }
    case "html": {
      const d = decodeText(bytes, { htmlCharset: true });
      const { extractHtml } = await (htmlModule ??= import("./extract/html.js"));
      const ex = extractHtml(d.text);
      return { extraction: { ...ex, issues: [...d.issues, ...ex.issues] } };
    }
    default: {
      const d = decodeText(bytes);
      const ex = extractText(d.text, sniffed.kind);
      return { extraction: { ...ex, issues: [...d.issues, ...ex.issues] } };
    }
  }
}
