/**
 * Everything CPU-bound about one report before it is written: parse, then normalise the sections for
 * search (opencc). Runs in the parse workers (parse-worker.ts) so that the thread writing to
 * the database only moves rows.
 */
import { fatalOf, parseReport } from "../parser/index.js";
import type { Cell, ParseResult, SectionKey } from "../parser/types.js";
import { normalizeText } from "../text/segment.js";
import { arrayLiteral } from "./array-literal.js";
import { reportStatus, type ReportStatus } from "./report-status.js";

export interface SectionRow {
  key: SectionKey;
  /** as printed */
  text: string;
  /** opencc-simplified, half-width (what is searched) */
  textSimplified: string;
}

/** A report's figures as five Postgres array literals (array-literal.ts: why), in codebook order of the parse. */
export interface FigureColumns {
  count: number;
  /**
   * variable, value, raw, status, candidates: for `unnest($1::text[], $2::numeric[], $3::text[], $4::text[],
   * $5::text[])`; an undecidable cell's candidate values as one text of numbers separated by spaces
   * (a text array cannot hold lists of different lengths), null for every other cell
   */
  columns: [string, string, string, string, string];
}

export interface PreparedReport {
  /**
   * What the writer reads of the parse: metadata, diagnostics, and the values (for the cross-year
   * checks). The cells and the section texts are in `figures` and `sections`: a parse worker sends
   * this to the main thread, and every object in it is cloned on the way.
   */
  parsed: Pick<ParseResult, "meta" | "values" | "issues">;
  figures: FigureColumns;
  sections: SectionRow[];
  status: ReportStatus;
}

/** An undecidable cell's candidate values as "v1 v2 …" (figure.candidates, via string_to_array); null otherwise. */
export function candidatesText(cell: Cell | undefined): string | null {
  return cell?.status === "undecidable" && cell.candidates?.length ? cell.candidates.join(" ") : null;
}

function figureColumns({ values, cells }: ParseResult): FigureColumns {
  const vars = Object.keys(values);
  return {
    count: vars.length,
    columns: [
      arrayLiteral(vars),
      arrayLiteral(vars.map((v) => values[v])),
      arrayLiteral(vars.map((v) => cells[v]?.raw ?? null)),
      arrayLiteral(vars.map((v) => cells[v]?.status ?? "missing")),
      arrayLiteral(vars.map((v) => candidatesText(cells[v]))),
    ],
  };
}

export function prepareParsed(parsed: ParseResult): PreparedReport {
  const sections = (Object.entries(parsed.sections) as [SectionKey, string | undefined][])
    .filter((e): e is [SectionKey, string] => !!e[1])
    .map(([key, text]) => ({ key, text, textSimplified: normalizeText(text) }));
  return prepared(parsed, sections, reportStatus(parsed));
}

function prepared(parsed: ParseResult, sections: SectionRow[], status: ReportStatus): PreparedReport {
  const { meta, values, issues } = parsed;
  return { parsed: { meta, values, issues }, figures: figureColumns(parsed), sections, status };
}

/** Parse and prepare; an unreadable file comes back with its fatal diagnostic and no sections. */
export async function prepareReport(
  bytes: Uint8Array,
  filename: string,
  onOcrPage?: (p: { page: number; pages: number }) => void,
): Promise<PreparedReport> {
  const parsed = await parseReport(bytes, { filename, onOcrPage });
  return fatalOf(parsed) ? prepared(parsed, [], "incomplete") : prepareParsed(parsed);
}
