/**
 * What an export holds, for the data card and the command's summary: the report-level tallies of the
 * selection (queried in the export's snapshot) plus the record counts and misfits met while streaming.
 */
import type { ExportChunk, ExportSummary, Misfit } from "./snapshot.js";
import type { ChunkWide } from "./wide.js";

const MISFIT_EXAMPLES = 20;

export class ExportStats {
  figures = 0;
  sections = 0;
  diagnostics = 0;
  /** stored figures that do not fit their column's type */
  misfits = 0;
  /** the first few misfits, for the messages */
  readonly misfitExamples: Misfit[] = [];

  constructor(readonly summary: ExportSummary) {}

  get reports(): number {
    return this.summary.reports;
  }

  add(chunk: ExportChunk, wide: ChunkWide): void {
    this.figures += chunk.figureRows;
    this.sections += chunk.sectionRows;
    this.diagnostics += chunk.diagnosticRows;
    this.misfits += wide.misfits;
    for (const m of wide.misfitList) if (this.misfitExamples.length < MISFIT_EXAMPLES) this.misfitExamples.push(m);
  }
}
