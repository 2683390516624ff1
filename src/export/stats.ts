/**
 * What an export holds, gathered while the rows stream by (for the data card and the command's summary).
 * Only small tallies are kept: per year, format, level, parser version; the set of agency ids.
 */
import type { ExportBatch } from "../services/export-query.js";

/** A stored figure that does not fit its typed column (a fractional count, an out-of-range value). */
export interface Misfit {
  reportId: number;
  variable: string;
  value: string;
}

const MISFIT_EXAMPLES = 20;

export class ExportStats {
  reports = 0;
  figures = 0;
  sections = 0;
  diagnostics = 0;
  readonly agencies = new Set<number>();
  readonly byYear = new Map<number, number>();
  readonly byFormat = new Map<string, number>();
  readonly byLevel = new Map<string, number>();
  readonly byParserVersion = new Map<string, number>();
  synthetic = 0;
  withErrors = 0;
  misfits = 0;
  /** the first few misfits, for the messages */
  readonly misfitExamples: Misfit[] = [];

  add(batch: ExportBatch): void {
    this.reports += batch.reports.length;
    this.figures += batch.figures.length;
    this.sections += batch.sections.length;
    this.diagnostics += batch.diagnostics.length;
    for (const r of batch.reports) {
      this.agencies.add(r.agencyId);
      bump(this.byYear, r.year);
      bump(this.byFormat, r.format ?? "(unknown)");
      bump(this.byLevel, r.level ?? "(unknown)");
      bump(this.byParserVersion, r.parserVersion);
      if (r.synthetic) this.synthetic++;
    }
    const erroneous = new Set(batch.diagnostics.filter((d) => d.severity === "error").map((d) => d.reportId));
    this.withErrors += erroneous.size;
  }

  misfit(reportId: number, variable: string, value: string): void {
    this.misfits++;
    if (this.misfitExamples.length < MISFIT_EXAMPLES) this.misfitExamples.push({ reportId, variable, value });
  }
}

function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Map entries sorted by key, for deterministic output. */
export function sortedEntries<K extends string | number>(map: Map<K, number>): [K, number][] {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
