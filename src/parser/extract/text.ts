/**
 * Plain text and markdown (crawler output, OCR / PDF-to-markdown conversions) → rows.
 * A pipe line `a | b | c |` is a table row (interior empty cells kept: they may be blank figures);
 * markdown rule lines and page footers such as `— 3 —` are dropped; every other line is one cell.
 */
import type { Extraction, InputKind, Row } from "../types.js";
import { splitPipeRow } from "./pipe-text.js";

const PIPE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;
/** `- 3 -`, `— 3 —`, `－3－`, `第3页`, `第 3 页 共 5 页`: page furniture, never a figure (a figure has no dash after it). */
const PAGE_FOOTER =
  /^\s*(?:[-—–－_~]+\s*\d{1,3}\s*[-—–－_~]+|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*\/\s*\d{1,3})\s*$/;

export { splitPipeRow };

export function extractText(text: string, kind: InputKind = "text"): Extraction {
  const rows: Row[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.replace(/[\u200b\ufeff]/g, "");
    if (!line.trim() || PIPE_RULE.test(line) || PAGE_FOOTER.test(line)) continue;
    if ((line.match(/\|/g)?.length ?? 0) >= 2) rows.push({ cells: splitPipeRow(line), table: true });
    else rows.push({ cells: [line.trim()] });
  }
  return { kind, rows, issues: [] };
}
