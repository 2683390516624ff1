/**
 * Everything CPU-bound about one report before it is written: parse, then segment the sections for the
 * exact-search path (jieba). Runs in the parse workers (parse-worker.ts) so that the thread writing to
 * the database only moves rows.
 */
import { fatalOf, parseReport } from "../parser/index.js";
import type { ParseResult, SectionKey } from "../parser/types.js";
import { indexTokensOfNormalized, normalizeText } from "../search/segment.js";
import { reportStatus, type ReportStatus } from "./report-status.js";

export interface SectionRow {
  key: SectionKey;
  /** as printed */
  text: string;
  /** opencc-simplified, half-width (what is searched) */
  textSimplified: string;
  /** jieba cutForSearch tokens, space-separated */
  tokens: string;
}

export interface PreparedReport {
  parsed: ParseResult;
  sections: SectionRow[];
  status: ReportStatus;
}

export function prepareParsed(parsed: ParseResult): PreparedReport {
  const sections = (Object.entries(parsed.sections) as [SectionKey, string | undefined][])
    .filter((e): e is [SectionKey, string] => !!e[1])
    .map(([key, text]) => {
      const textSimplified = normalizeText(text);
      return { key, text, textSimplified, tokens: indexTokensOfNormalized(textSimplified).join(" ") };
    });
  return { parsed, sections, status: reportStatus(parsed) };
}

/** Parse and prepare; an unreadable file comes back with its fatal diagnostic and no sections. */
export async function prepareReport(bytes: Uint8Array, filename: string): Promise<PreparedReport> {
  const parsed = await parseReport(bytes, { filename });
  if (fatalOf(parsed)) return { parsed, sections: [], status: "incomplete" };
  return prepareParsed(parsed);
}
