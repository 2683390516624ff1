import type { FormatVersion } from "../codebook/index.js";
import type { Diagnostic } from "./diagnostics.js";

export type { Diagnostic } from "./diagnostics.js";

/**
 * What every extractor (text, markdown, HTML, PDF, DOCX) hands to the report reader: the document as
 * rows of cells in reading order. A narrative paragraph or a plain text line is a row with one cell; a
 * table row is a row with one cell per printed cell, each physical cell once (a rowspan/colspan cell is
 * NOT repeated), an empty printed cell as "". Nothing is dropped that might be a figure.
 */
export interface Row {
  cells: string[];
  /** true when the row comes from a table structure (HTML <tr>, pipe line, PDF cells on one baseline) */
  table?: boolean;
  page?: number;
  /**
   * the row's cells were put in their columns by a guess the layout does not prove (PDF: blanks placed
   * from where other rows' figures stand, not under the header's column words): its figures are read but
   * never vouched for (status unverified) — a shift shared by every row keeps all sums true
   */
  guessed?: boolean;
}

/** pdf-ocr / image-ocr: the text was recognised from page images (a scanned PDF, or image files) */
export type InputKind = "text" | "markdown" | "html" | "pdf" | "docx" | "pdf-ocr" | "image-ocr";

/**
 * What the recogniser weighed for each character of a figure it read: per digit position the digits
 * it gave weight to, most likely first; null for a separator (. , %).
 */
export type OcrDigits = ({ digit: string; p: number }[] | null)[];

export interface Extraction {
  kind: InputKind;
  rows: Row[];
  /** publication date found in page chrome or document properties (YYYY-MM-DD) */
  published?: string | null;
  /** the page/document title when the source has one (HTML <title>, PDF/DOCX properties) */
  title?: string | null;
  issues: Diagnostic[];
  /**
   * Text recognised from images: the digit weights of each figure cell, keyed "row:cell" (indices into
   * `rows`); null when the cell's characters could not be traced (then nothing vouches for its digits).
   */
  ocr?: {
    digits: Record<string, OcrDigits | null>;
    /**
     * pages on which every mark of ink that could be a figure was read (by the page's pass or the second
     * look for lone figures): an empty cell there printed nothing, no digit was missed
     */
    inkRead?: number[];
  };
}

/**
 * ok: read as printed, and the tables' rules vouch for it (or do not bear on it); blank: printed empty or
 * as a mark (—, /, 无), read as 0; derived: not printed as such, worked out (a run-together split, a blank
 * 总计, a sum row); undecidable: several values possible, none chosen; missing: not found; unverified: read,
 * but in a row or column whose rule the figures break and no single printed total explains it — the value
 * is kept as read and must be checked against the report (docs/cell-statuses.md).
 */
export type CellStatus = "ok" | "blank" | "derived" | "undecidable" | "missing" | "unverified";

export interface Cell {
  /** the text as printed (for a split run: the whole run), null when not found */
  raw: string | null;
  status: CellStatus;
  /** for undecidable cells: the values this cell takes in each surviving split */
  candidates?: number[];
}

export type SectionKey = "summary" | "problems_improvements" | "problems" | "improvements" | "other";
export type Level = "central" | "province" | "city" | "county" | "township";
export type Kind = "government" | "department";

export interface ReportMeta {
  agency: string | null;
  /** the agency as printed (traditional script or short form), when it differs from `agency` */
  agencyRaw?: string | null;
  title: string | null;
  year: number | null;
  format: FormatVersion | null;
  published: string | null;
  script: "simplified" | "traditional";
  province: string | null;
  city: string | null;
  county: string | null;
  level: Level | null;
  kind: Kind | null;
  /** division code of the most specific place (county, else city, else province) */
  divisionCode: string | null;
  inputKind: InputKind;
  parserVersion: string;
  /** the file name given to the parser */
  source?: string;
}

export interface ParseResult {
  meta: ReportMeta;
  /** every variable of the detected format: number, or null when not found / undecidable */
  values: Record<string, number | null>;
  cells: Record<string, Cell>;
  sections: Partial<Record<SectionKey, string>>;
  issues: Diagnostic[];
}

export interface ParseOptions {
  filename?: string;
  /** told after each page read by OCR (scanned PDFs and page images take seconds a page) */
  onOcrPage?: (p: { page: number; pages: number }) => void;
}
