/**
 * Bytes → Extraction: recognise the input kind and hand it to its extractor.
 * (Minimal decoding for text; HTML, PDF and DOCX extractors plug in here.)
 */
import iconv from "iconv-lite";
import { diag, type Diagnostic } from "./diagnostics.js";
import { extractText } from "./extract/text.js";
import type { Extraction } from "./types.js";

export const MAX_INPUT_BYTES = 60 * 1024 * 1024;

export type Decoded = { extraction: Extraction } | { fatal: Diagnostic };

function decode(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder("utf-8").decode(bytes.subarray(3));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(Buffer.from(bytes), "gb18030");
  }
}

export async function decodeInput(bytes: Uint8Array, filename = ""): Promise<Decoded> {
  if (bytes.length === 0 || bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
    return { fatal: diag("EMPTY_FILE", "error", "the file is empty") };
  }
  if (bytes.length > MAX_INPUT_BYTES) {
    return { fatal: diag("INPUT_TOO_LARGE", "error", `the file is ${(bytes.length / 1048576).toFixed(1)} MB; the parser accepts up to ${MAX_INPUT_BYTES / 1048576} MB`) };
  }
  const text = decode(bytes);
  const sample = text.slice(0, 4096);
  const control = [...sample].filter((c) => { const k = c.charCodeAt(0); return (k < 32 && k !== 9 && k !== 10 && k !== 13) || k === 0xfffd; }).length;
  if (control > sample.length * 0.05) return { fatal: diag("BINARY_FILE", "error", "the file is binary, not text, HTML, PDF or DOCX") };
  return { extraction: extractText(text, /\.md$/i.test(filename) ? "markdown" : "text") };
}
