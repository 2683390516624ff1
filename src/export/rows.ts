/**
 * One batch from the database → CSV records of every table. The wide record of a report is built from
 * the very figure rows that go to the long table, so reports.csv is figures_long.csv pivoted by
 * construction. Figures that do not fit their typed column are left empty in the wide table (kept
 * exactly in the long one) and counted in the stats.
 */
import { VARIABLES } from "../codebook/index.js";
import type { ExportBatch, ReportRow } from "../services/export-query.js";
import { csvLine } from "./csv.js";
import { formatDecimal, formatInteger } from "./numbers.js";
import type { ExportStats } from "./stats.js";
import { AMOUNT, CONSISTENCY_CODES, LONG_VALUE, REPORT_FIELDS, isAmount } from "./tables.js";

export interface BatchLines {
  reports: string[];
  figures: string[];
  sections: string[];
  diagnostics: string[];
}

const VARIABLE_COLUMN = new Map(VARIABLES.map((v, i) => [v.name, REPORT_FIELDS.length + i]));
const AMOUNT_VARIABLES = new Set(VARIABLES.filter(isAmount).map((v) => v.name));
const CONSISTENCY = new Set<string>(CONSISTENCY_CODES);
const WIDTH = REPORT_FIELDS.length + VARIABLES.length;

const bool = (b: boolean) => (b ? "1" : "0");
const int = (n: number | null) => (n === null ? null : String(n));

/**
 * Six-digit codes per level (GB/T 2260: 2 digits province, 4 city, 6 county) from the stored code of
 * the most specific place, which has 2, 4 or 6 digits. A level is only coded when its name is set.
 */
function divisionCodes(r: ReportRow): [province: string | null, city: string | null, county: string | null] {
  const code = r.divisionCode && /^(\d\d){1,3}$/.test(r.divisionCode) ? r.divisionCode : null;
  if (!code) return [null, null, null];
  return [
    r.province ? code.slice(0, 2) + "0000" : null,
    r.city && code.length >= 4 ? code.slice(0, 4) + "00" : null,
    r.county && code.length === 6 ? code : null,
  ];
}

export function formatBatch(batch: ExportBatch, stats: ExportStats): BatchLines {
  const out: BatchLines = { reports: [], figures: [], sections: [], diagnostics: [] };

  const qa = new Map<number, { errors: number; consistency: number; warnings: number; undecidable: number }>();
  for (const r of batch.reports) qa.set(r.id, { errors: 0, consistency: 0, warnings: 0, undecidable: 0 });
  for (const d of batch.diagnostics) {
    const q = qa.get(d.reportId)!;
    if (d.severity === "error") { q.errors++; if (CONSISTENCY.has(d.code)) q.consistency++; }
    else if (d.severity === "warning") q.warnings++;
    out.diagnostics.push(csvLine([String(d.id), String(d.reportId), d.code, d.severity, int(d.tableNo), d.rowKey,
      d.columnKey, d.block, d.variable, d.message]));
  }

  // figures arrive ordered by report id, like the reports: walk both together
  let fi = 0;
  const figures = batch.figures;
  for (const r of batch.reports) {
    const row: (string | null)[] = new Array(WIDTH).fill(null);
    for (; fi < figures.length && figures[fi][0] === r.id; fi++) {
      const [, variable, value, raw, status] = figures[fi];
      if (status === "undecidable") qa.get(r.id)!.undecidable++;
      let long: string | null = null;
      if (value !== null) {
        long = formatDecimal(value, LONG_VALUE.scale, LONG_VALUE.precision);
        const wide = AMOUNT_VARIABLES.has(variable) ? formatDecimal(value, AMOUNT.scale, AMOUNT.precision) : formatInteger(value);
        if (wide === null) stats.misfit(r.id, variable, value);
        row[VARIABLE_COLUMN.get(variable)!] = wide;
      }
      out.figures.push(csvLine([String(r.id), variable, long, raw, status]));
    }
    const q = qa.get(r.id)!;
    const [provinceCode, cityCode, countyCode] = divisionCodes(r);
    const lead = [
      String(r.id), String(r.agencyId), r.agency, r.province, r.city, r.county, r.divisionCode, provinceCode, cityCode,
      countyCode, r.level, r.kind, String(r.year), r.format, r.published, r.script, r.title, r.sourceSha256, r.sourceName,
      r.parserVersion, String(r.revision), bool(r.isCurrent), bool(r.synthetic), r.status,
      String(q.errors), String(q.consistency), String(q.warnings), String(q.undecidable),
    ];
    for (let i = 0; i < lead.length; i++) row[i] = lead[i];
    out.reports.push(csvLine(row));
  }
  if (fi !== figures.length) throw new Error(`export: figure of report ${figures[fi][0]} arrived out of order`);

  for (const s of batch.sections) out.sections.push(csvLine([String(s.reportId), s.key, s.text]));
  stats.add(batch);
  return out;
}

// guard: the lead array above must follow REPORT_FIELDS exactly
const LEAD_ORDER = [
  "report_id", "agency_id", "agency", "province", "city", "county", "division_code", "province_code", "city_code",
  "county_code", "level", "kind", "year", "format", "published", "script", "title", "source_sha256", "source_name",
  "parser_version", "revision", "is_current", "synthetic", "status",
  "qa_errors", "qa_consistency_errors", "qa_warnings", "qa_undecidable",
];
if (LEAD_ORDER.join() !== REPORT_FIELDS.map((f) => f.name).join()) {
  throw new Error("export/rows.ts: the report columns are out of step with REPORT_FIELDS");
}
