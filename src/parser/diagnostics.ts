/**
 * Typed diagnostics. The parser never throws on bad data: every problem it meets becomes one of these.
 * The code list is closed: add a code here (with its meaning) before using it anywhere.
 */
export const DIAGNOSTIC_CODES = {
  // consistency rules (REPORT_FORMAT §3) — reported, never repaired
  T3_ROW_SUM: "table 3: the six applicant columns do not add up to 总计",
  T3_BALANCE: "table 3: 一 + 二 ≠ (七)总计 + 四 for a column",
  T3_RESULT_SUM: "table 3: the outcome rows do not add up to (七)总计 for a column",
  T4_SUM: "table 4: 维持 + 纠正 + 其他 + 尚未审结 ≠ 总计 for a block",
  NARRATIVE_MISMATCH: "a count stated in the narrative contradicts the table",
  YEAR_MISMATCH: "the year in the title disagrees with the year found elsewhere",
  // cross-year links (src/validate/cross-year.ts), checked at ingest against the agency's other years
  XY_T3_CARRIED: "table 3: 二、上年结转 differs from last year's 四、结转下年度继续办理",
  XY_T2_IN_FORCE: "table 2: 现行有效 differs from last year's 现行有效 + this year's 制发 − 废止 (2021 format)",
  // cells
  TOTAL_DERIVED: "a blank 总计 with non-zero parts: its value is the sum of the parts",
  CELL_MISSING: "a cell of the table was not found in the text",
  CELL_UNREADABLE: "a cell's text is not a number",
  SPLIT_DERIVED: "run-together digits were split into cells by the consistency rules",
  SPLIT_UNDECIDABLE: "run-together digits allow several splits: the cells are left empty",
  // structure
  TABLE_MISSING: "a standard table was not found",
  TABLE_TRUNCATED: "a standard table ends before all its rows",
  SECTION_MISSING: "a narrative section was not found",
  FORMAT_UNDETECTED: "the format version could not be told from the tables; guessed from the year",
  YEAR_MISSING: "the report year could not be found",
  AGENCY_MISSING: "the agency could not be found",
  // input (fatal ones make the CLI exit non-zero)
  EMPTY_FILE: "the file is empty",
  BINARY_FILE: "the file is not text, HTML, PDF or DOCX",
  ENCODING_GUESSED: "the text encoding was guessed",
  NOT_A_REPORT: "the file does not look like a government information-disclosure annual report",
  UNSUPPORTED_FORMAT: "the file format is not supported (convert it to DOCX or PDF)",
  PDF_NO_TEXT: "the PDF has no text layer (a scan): it needs OCR first",
  PDF_ENCRYPTED: "the PDF is encrypted",
  PDF_DAMAGED: "the PDF could not be read",
  DOCX_DAMAGED: "the DOCX could not be read",
  INPUT_TOO_LARGE: "the file is larger than the parser accepts",
  // OCR (scanned PDFs and page images)
  OCR_UNREADABLE: "a page image (or every page) could not be read by OCR: blank, dark, not a document, or too damaged",
  OCR_DERIVED:
    "OCR was unsure of a figure's digits; the consistency rules allow exactly one reading, which is kept (raw OCR text beside it)",
  OCR_UNDECIDABLE:
    "OCR was unsure of a figure's digits and the consistency rules do not settle them: the cell is left empty, with candidates",
  IMAGE_DAMAGED: "the image file could not be decoded",
  // split
  SPLIT_INCONSISTENT:
    "run-together table 3 rows: no split satisfies the column rules together; each row was split on its own",
  SPLIT_SEARCH_CAPPED:
    "run-together table 3 rows: the joint split search hit its work cap; each row was split on its own",
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
export type Severity = "error" | "warning" | "info";

export interface Where {
  table?: 2 | 3 | 4;
  /** table 3 row key (new, carried_in, granted, …, result_total, carried_out) */
  row?: string;
  /** table 3 column key (np, corp, research, ngo, legal, other, total) */
  column?: string;
  /** table 4 block (review, suit_direct, suit_after_review) */
  block?: string;
  variable?: string;
  section?: string;
}

/**
 * One diagnostic. `rule` repeats `code` and row/column/block are repeated at the top level because the
 * parse output contract (REPORT_FORMAT §7) is flat; `where` is the structured form.
 */
export interface Diagnostic {
  code: DiagnosticCode;
  rule: DiagnosticCode;
  severity: Severity;
  message: string;
  where: Where;
  row?: string;
  column?: string;
  block?: string;
  /** for SPLIT_UNDECIDABLE: the candidate values of the cells */
  candidates?: number[][];
}

const FATAL: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>([
  "EMPTY_FILE",
  "BINARY_FILE",
  "NOT_A_REPORT",
  "UNSUPPORTED_FORMAT",
  "PDF_NO_TEXT",
  "PDF_ENCRYPTED",
  "PDF_DAMAGED",
  "DOCX_DAMAGED",
  "INPUT_TOO_LARGE",
  "OCR_UNREADABLE",
  "IMAGE_DAMAGED",
]);

/** Fatal codes mean nothing could be read: the CLI exits non-zero on them. */
export function isFatal(d: Diagnostic): boolean {
  return FATAL.has(d.code) && d.severity === "error";
}

export function diag(
  code: DiagnosticCode,
  severity: Severity,
  message: string,
  where: Where = {},
  extra: Partial<Diagnostic> = {},
): Diagnostic {
  const d: Diagnostic = { code, rule: code, severity, message, where, ...extra };
  if (where.row) d.row = where.row;
  if (where.column) d.column = where.column;
  if (where.block) d.block = where.block;
  return d;
}
