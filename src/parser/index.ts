/**
 * parseReport(bytes, { filename }) → ParseResult. Pure: no I/O beyond the bytes given; never throws on
 * bad data — an unreadable input comes back as a result whose issues hold a fatal diagnostic.
 */
import { diag, isFatal, type Diagnostic } from "./diagnostics.js";
import { extractText } from "./extract/text.js";
import { readReport } from "./read-report.js";
import { PARSER_VERSION } from "./version.js";
import { decodeInput } from "./input.js";
import type { ParseOptions, ParseResult } from "./types.js";

export type { ParseResult, ParseOptions } from "./types.js";
export { isFatal } from "./diagnostics.js";

function failed(d: Diagnostic, filename?: string): ParseResult {
  return {
    meta: {
      agency: null,
      title: null,
      year: null,
      format: null,
      published: null,
      script: "simplified",
      province: null,
      city: null,
      county: null,
      level: null,
      kind: null,
      divisionCode: null,
      inputKind: "text",
      parserVersion: PARSER_VERSION,
      ...(filename ? { source: filename } : {}),
    },
    values: {},
    cells: {},
    sections: {},
    issues: [d],
  };
}

export async function parseReport(bytes: Uint8Array, opts: ParseOptions = {}): Promise<ParseResult> {
  try {
    const input = await decodeInput(bytes, opts.filename, { onOcrPage: opts.onOcrPage });
    if ("fatal" in input) return failed(input.fatal, opts.filename);
    const unreadable = input.extraction.issues.find(isFatal);
    if (unreadable) return failed(unreadable, opts.filename);
    const result = readReport(input.extraction, opts.filename);
    if (!looksLikeReport(result)) {
      return failed(diag("NOT_A_REPORT", "error", "no disclosure-report headings or tables were found"), opts.filename);
    }
    return result;
  } catch (e) {
    // A bug of ours, not bad data — still a result, so one file never stops a batch.
    return failed(diag("NOT_A_REPORT", "error", `the parser failed: ${(e as Error).message}`), opts.filename);
  }
}

/** Synchronous parse of already-decoded text (tests, benchmarks). */
export function parseText(text: string, filename?: string): ParseResult {
  return readReport(extractText(text, filename?.endsWith(".md") ? "markdown" : "text"), filename);
}

/** A report has a title or a narrative part, and tables or a second part: not just a text that quotes figures. */
function looksLikeReport(r: ParseResult): boolean {
  const sections = Object.keys(r.sections).length;
  const figures = Object.values(r.values).some((v) => v !== null);
  return (!!r.meta.title || sections > 0) && (figures || sections >= 2);
}

export function fatalOf(r: Pick<ParseResult, "issues">): Diagnostic | undefined {
  return r.issues.find(isFatal);
}
