/**
 * Bytes in, kind and text out. Reports arrive as UTF-8 (with or without BOM), GB18030/GBK, Big5 or
 * UTF-16 text, HTML pages, PDFs and DOCX files, and sometimes as things we cannot read (legacy .doc,
 * images, empty files). Both functions look at a bounded prefix where they can, so a 50 MB upload is
 * classified in microseconds, and neither throws: problems come back as diagnostics.
 */
import iconv from "iconv-lite";
import { analyse } from "chardet";
import { diag, type Diagnostic } from "./diagnostics.js";
import type { InputKind } from "./types.js";

const PREFIX = 8192;

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);

/** Index of an ASCII string in bytes[from, to), -1 if absent. A byte loop: no decoding of the whole buffer. */
function indexOfAscii(b: Uint8Array, s: string, from = 0, to = b.length): number {
  const first = s.charCodeAt(0);
  const end = Math.min(to, b.length) - s.length;
  outer: for (let i = Math.max(0, from); i <= end; i++) {
    if (b[i] !== first) continue;
    for (let j = 1; j < s.length; j++) if (b[i + j] !== s.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

export const UNSUPPORTED_MSG = "legacy Word/WPS files (.doc, .wps) are not supported: convert to DOCX or PDF";

/** Share of characters a report in UTF-16 would be made of: CJK, ASCII, CJK and full-width punctuation. */
function plausibility(s: string): number {
  let ok = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (
      (c >= 0x20 && c < 0x7f) ||
      c === 0x09 ||
      c === 0x0a ||
      c === 0x0d ||
      (c >= 0x3000 && c <= 0x303f) ||
      (c >= 0x3400 && c <= 0x9fff) ||
      (c >= 0xff00 && c <= 0xffef) ||
      (c >= 0x2000 && c <= 0x206f) ||
      c === 0xb7
    )
      ok++;
  }
  return s.length ? ok / s.length : 0;
}

/**
 * UTF-16 without a BOM, told by its NUL bytes: UTF-8 and GB18030 text never holds a NUL, UTF-16 text with
 * any ASCII (digits, line breaks) does. The byte order is the one that decodes to plausible report text
 * (counting NUL positions alone fails on short text: 一 is U+4E00, a NUL on the "wrong" side).
 */
function utf16Order(b: Uint8Array, n = Math.min(b.length, PREFIX)): "utf-16le" | "utf-16be" | null {
  n &= ~1;
  let even = 0,
    odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) even++;
    if (b[i + 1] === 0) odd++;
  }
  // ASCII text with a stray NUL also "decodes" to CJK-range code units: require the NULs to sit mostly
  // on one side, as the high bytes of ASCII characters do
  if (n < 4 || Math.max(even, odd) < Math.max(1, n / 2000) || Math.max(even, odd) < 2 * Math.min(even, odd) + 1)
    return null;
  // ASCII/UTF-8 text with stray NULs is still valid UTF-8; UTF-16 report text is not (its CJK high bytes
  // make invalid sequences), except pure-ASCII UTF-16, which is half NULs
  const head = b.subarray(0, n);
  if ((even + odd) / n < 0.2 && countReplacement(new TextDecoder("utf-8").decode(head)) <= 1) return null;
  const buf = Buffer.from(b.buffer, b.byteOffset, n);
  const le = plausibility(iconv.decode(buf, "utf-16le"));
  const be = plausibility(iconv.decode(buf, "utf-16be"));
  if (Math.max(le, be) < 0.8) return null;
  return le >= be ? "utf-16le" : "utf-16be";
}

/** Lower-cased ASCII view of the prefix with NULs skipped (so UTF-16 markup is seen too). */
function asciiView(b: Uint8Array, n: number): string {
  let s = "";
  for (let i = 0; i < Math.min(n, b.length); i++) {
    const c = b[i];
    if (c === 0) continue;
    s += c < 0x80 ? String.fromCharCode(c).toLowerCase() : "\u0080";
  }
  return s;
}

function isBlank(b: Uint8Array): boolean {
  let i = startsWith(b, [0xef, 0xbb, 0xbf]) ? 3 : startsWith(b, [0xff, 0xfe]) || startsWith(b, [0xfe, 0xff]) ? 2 : 0;
  for (; i < b.length; i++) {
    const c = b[i];
    // ASCII whitespace and NUL (the other half of UTF-16 whitespace); stops at the first real byte
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x0b && c !== 0) return false;
  }
  return true;
}

/** Control bytes that no text file has (NUL counted unless the prefix is UTF-16). */
function looksBinary(b: Uint8Array): boolean {
  const n = Math.min(b.length, PREFIX);
  const order = startsWith(b, [0xff, 0xfe]) ? "utf-16le" : startsWith(b, [0xfe, 0xff]) ? "utf-16be" : utf16Order(b, n);
  const utf16 = order !== null;
  // UTF-16 is judged on its code units: the low bytes of CJK characters (标 = 0x6807) are "control bytes"
  if (order) return controlShare(iconv.decode(Buffer.from(b.buffer, b.byteOffset, n & ~1), order)) > 0.05;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c === 0) {
      if (!utf16) bad++;
      continue;
    }
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x0b && c !== 0x1b) || c === 0x7f)
      bad++;
  }
  return bad > Math.max(2, n * 0.05);
}

/** Share of control characters (line breaks, tabs and form feeds apart) in decoded text. */
function controlShare(s: string): number {
  let bad = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x0b && c !== 0x1b) || c === 0x7f)
      bad++;
  }
  return s.length ? bad / s.length : 0;
}

const ext = (filename?: string) => filename?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? "";

const HTML_MARKERS = [
  "<html",
  "<!doctype html",
  "<table",
  "<body",
  "<head",
  "<meta ",
  "<div",
  "<p>",
  "<p ",
  "<br",
  "<span",
  "<tr",
  "<td",
];

/**
 * Classify the input. Magic bytes win over the extension (a PDF named .html is a PDF); the extension
 * decides between HTML, markdown and text only when the content has no clear markup.
 */
/** A page image by its magic bytes (PNG, JPEG, TIFF): read by OCR. */
export function imageType(bytes: Uint8Array): "png" | "jpeg" | "tiff" | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return "tiff";
  return null;
}

export function sniffInput(bytes: Uint8Array, filename?: string): { kind: InputKind } | { fatal: Diagnostic } {
  if (isBlank(bytes))
    return {
      fatal: diag(
        "EMPTY_FILE",
        "error",
        bytes.length ? "the file holds only whitespace" : "the file is empty (0 bytes)",
      ),
    };
  const e = ext(filename);
  if (indexOfAscii(bytes, "%PDF-", 0, 1024) >= 0) return { kind: "pdf" };
  if (imageType(bytes)) return { kind: "image-ocr" };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // the local header of word/document.xml is usually near the start; the central directory at the end
    // lists every member. A truncated .docx keeps its kind so the DOCX reader can say it is damaged.
    const tail = Math.max(0, bytes.length - 262144);
    if (
      indexOfAscii(bytes, "word/document.xml", 0, 262144) >= 0 ||
      indexOfAscii(bytes, "word/document.xml", tail) >= 0 ||
      e === "docx"
    )
      return { kind: "docx" };
    return {
      fatal: diag(
        "UNSUPPORTED_FORMAT",
        "error",
        "a ZIP archive that is not a Word document (no word/document.xml): convert the report to DOCX or PDF",
      ),
    };
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) || e === "doc" || e === "wps") {
    return { fatal: diag("UNSUPPORTED_FORMAT", "error", UNSUPPORTED_MSG) };
  }
  if (indexOfAscii(bytes, "{\\rtf", 0, 16) >= 0)
    return { fatal: diag("UNSUPPORTED_FORMAT", "error", "RTF files are not supported: convert to DOCX or PDF") };
  if (looksBinary(bytes))
    return {
      fatal: diag("BINARY_FILE", "error", "the file holds binary data (control bytes), not text, HTML, PDF or DOCX"),
    };

  const head = asciiView(bytes, 2048).trimStart();
  if (e === "md" || e === "markdown") {
    // a page saved with the wrong name is still a page
    return { kind: head.startsWith("<!doctype html") || head.startsWith("<html") ? "html" : "markdown" };
  }
  if (e === "htm" || e === "html" || e === "shtml" || e === "xhtml") return { kind: "html" };
  const kb = head.slice(0, 1024);
  if (HTML_MARKERS.some((m) => kb.includes(m))) return { kind: "html" };
  return { kind: "text" };
}

// ---------------------------------------------------------------------------------------------------

export interface Decoded {
  text: string;
  /** the encoding used, as an iconv-lite name: utf-8, utf-16le, utf-16be, gb18030, big5 */
  encoding: string;
  issues: Diagnostic[];
}

const stripBom = (s: string) => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);

/** Map a declared charset label to one we decode with; null for labels we do not trust or know. */
function normaliseCharset(label: string): string | null {
  const l = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, "");
  if (/^(utf-?8|unicode-1-1-utf-8)$/.test(l)) return "utf-8";
  // GB2312 and GBK pages routinely use characters outside their nominal set; GB18030 is the superset
  if (/^(gbk|gb2312|gb_2312(-80)?|gb18030|x-gbk|cp936|ms936|windows-936|euc-cn|csgb2312|chinese|iso-ir-58)$/.test(l))
    return "gb18030";
  if (/^(big5|big5-hkscs|cn-big5|x-x-big5|csbig5|cp950)$/.test(l)) return "big5";
  if (/^utf-?16le$/.test(l)) return "utf-16le";
  if (/^utf-?16(be)?$/.test(l)) return "utf-16be";
  // latin-1 / windows-1252 declarations on Chinese pages are CMS defaults, not facts: guess instead
  return null;
}

/** The charset a page declares in its first few KB (<meta charset>, http-equiv, or an XML declaration). */
function declaredCharset(b: Uint8Array): string | null {
  const head = asciiView(b, 4096);
  const m =
    head.match(/<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)/) ??
    head.match(/<\?xml[^>]*encoding\s*=\s*["']([a-z0-9_.\-]+)/);
  return m ? normaliseCharset(m[1]) : null;
}

function countReplacement(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\ufffd"); i >= 0; i = s.indexOf("\ufffd", i + 1)) n++;
  return n;
}

function decodeWith(bytes: Uint8Array, encoding: string): string {
  if (encoding === "utf-8") return new TextDecoder("utf-8").decode(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding);
}

/**
 * Mostly-valid UTF-8 with a few bad bytes (a file cut mid-character, one corrupted byte) is still UTF-8;
 * GBK read as UTF-8 is almost all replacement characters.
 */
function damagedUtf8(bytes: Uint8Array): { text: string; bad: number } | null {
  const mostlyValid = (text: string) => {
    let good = 0,
      bad = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0xfffd) bad++;
      else if (c >= 0x80) good++;
    }
    return { ok: good >= 20 * bad, bad };
  };
  // a sample first, so a 50 MB GBK file is not decoded twice
  if (bytes.length > 65536 && !mostlyValid(new TextDecoder("utf-8").decode(bytes.subarray(0, 65536))).ok) return null;
  const text = new TextDecoder("utf-8").decode(bytes);
  const { ok, bad } = mostlyValid(text);
  return ok ? { text, bad } : null;
}

/** Statistical guess between the Chinese legacy encodings (this corpus has no others). */
function guessLegacy(bytes: Uint8Array): { encoding: string; confidence: number } {
  const sample = bytes.subarray(0, 65536);
  const matches = analyse(sample);
  const conf = (name: string) => matches.find((m) => m.name === name)?.confidence ?? 0;
  const candidates = [
    { encoding: "gb18030", confidence: conf("GB18030") },
    { encoding: "big5", confidence: conf("Big5") },
  ].sort((a, b) => b.confidence - a.confidence);
  // Big5 leaves replacement characters on GBK text (lead bytes 0x81–0xA0 are not Big5); GB18030 accepts
  // nearly any byte pair, so it is chardet's ranking that picks Big5 when neither leaves any.
  // (the last character of the sample may be cut in half: it is not counted)
  const bad = (encoding: string) => countReplacement(decodeWith(sample, encoding).slice(0, -1));
  let best = candidates[0];
  let bestBad = bad(best.encoding);
  for (const c of candidates.slice(1)) {
    const n = bad(c.encoding);
    if (n < bestBad) {
      best = c;
      bestBad = n;
    }
  }
  return best;
}

/**
 * Decode a text or HTML file. Order: BOM, UTF-16 by NUL pattern, strict UTF-8, the page's declared
 * charset (with htmlCharset), then a statistical guess (ENCODING_GUESSED, info). Valid UTF-8 beats a
 * declared charset: pages re-saved as UTF-8 often keep their old <meta charset=gb2312>.
 */
export function decodeText(bytes: Uint8Array, opts: { htmlCharset?: boolean } = {}): Decoded {
  const issues: Diagnostic[] = [];
  if (startsWith(bytes, [0xef, 0xbb, 0xbf]))
    return { text: decodeWith(bytes.subarray(3), "utf-8"), encoding: "utf-8", issues };
  if (startsWith(bytes, [0xff, 0xfe]))
    return { text: decodeWith(bytes.subarray(2), "utf-16le"), encoding: "utf-16le", issues };
  if (startsWith(bytes, [0xfe, 0xff]))
    return { text: decodeWith(bytes.subarray(2), "utf-16be"), encoding: "utf-16be", issues };

  const encoding16 = utf16Order(bytes);
  if (encoding16) {
    const encoding = encoding16;
    return { text: stripBom(decodeWith(bytes.subarray(0, bytes.length & ~1), encoding)), encoding, issues };
  }

  try {
    return { text: stripBom(new TextDecoder("utf-8", { fatal: true }).decode(bytes)), encoding: "utf-8", issues };
  } catch {
    /* not UTF-8: fall through */
  }

  if (opts.htmlCharset) {
    const declared = declaredCharset(bytes);
    // a declared utf-8 that failed the strict check above is wrong: guess instead
    if (declared && declared !== "utf-8")
      return { text: stripBom(decodeWith(bytes, declared)), encoding: declared, issues };
  }

  const utf8 = damagedUtf8(bytes);
  if (utf8) {
    issues.push(
      diag("ENCODING_GUESSED", "warning", `read as UTF-8 with ${utf8.bad} invalid byte sequence(s) replaced by U+FFFD`),
    );
    return { text: stripBom(utf8.text), encoding: "utf-8", issues };
  }

  const { encoding, confidence } = guessLegacy(bytes);
  const text = stripBom(decodeWith(bytes, encoding));
  const bad = countReplacement(text);
  issues.push(
    diag(
      "ENCODING_GUESSED",
      "info",
      `encoding guessed as ${encoding.toUpperCase()} (confidence ${confidence}%)` +
        (bad ? `; ${bad} undecodable byte sequence(s)` : ""),
    ),
  );
  return { text, encoding, issues };
}
