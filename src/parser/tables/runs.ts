/**
 * Figures printed run together (`801000081` for 80,1,0,0,0,0,81): hand them to the split solvers with
 * everything that constrains them — the rows read normally, the consistency rules and the counts the
 * narrative states — and take back derived or undecidable cells. Never a guess.
 * Afterwards every narrative count is checked against the final table (NARRATIVE_MISMATCH).
 */
import type { FormatVersion } from "../../codebook/index.js";
import { diag } from "../diagnostics.js";
import { extractNarrativeCounts, type NarrativeCount } from "../narrative-counts.js";
import type { Token } from "../tokens.js";
import type { Sheet } from "./sheet.js";
import type { RunRow } from "./table3.js";
import type { T2RunRow } from "./table2.js";
import { T3_COLUMNS, t3Rows, t3Var } from "./layout.js";
import { solveTable2Row, solveTable3, solveTable4, type SplitResult, type T3RowInput } from "./split-runs.js";

export interface RunInput {
  format: FormatVersion;
  year: number | null;
  sheet: Sheet;
  t2: T2RunRow[];
  t3: RunRow[];
  t4: Token[] | null;
  /** the narrative (normalised text outside the tables) */
  narrative: string;
}

const MONEY = new Set(["t2_fees_amount", "t2_procurement_amount"]);

function apply(sheet: Sheet, r: SplitResult, reported: Set<NarrativeCount>): void {
  for (const [v, value] of Object.entries(r.values)) {
    const cell = r.cells[v];
    let x = value;
    // amounts printed in 元 are stored in 万元 (codebook unit)
    if (x !== null && MONEY.has(v) && /[^万萬]元/.test(cell.raw ?? "")) x = Math.round((x / 10000) * 1e9) / 1e9;
    sheet.set(v, x, cell);
  }
  sheet.issues.push(...r.issues);
  for (const h of r.hints.contradicted) reported.add(h);
}

export function solveRunRows(input: RunInput): void {
  const { sheet, format } = input;
  const hints = extractNarrativeCounts(input.narrative, { year: input.year });
  const reported = new Set<NarrativeCount>();
  for (const r of input.t2) apply(sheet, solveTable2Row(r.runs, r.vars, hints), reported);
  if (input.t3.length) {
    const rows: Record<string, T3RowInput | undefined> = {};
    const runs = new Map(input.t3.map((r) => [r.key, r.runs]));
    for (const row of t3Rows(format)) {
      const vars = T3_COLUMNS.map((c) => t3Var(row.key, c));
      if (runs.has(row.key)) rows[row.key] = { runs: runs.get(row.key)! };
      else if (vars.every((v) => sheet.has(v))) rows[row.key] = { values: vars.map((v) => sheet.values[v]) };
    }
    apply(sheet, solveTable3({ format, rows, hints }), reported);
  }
  if (input.t4)
    apply(
      sheet,
      solveTable4(
        input.t4.map((t) => t.text),
        hints,
      ),
      reported,
    );
  checkNarrative(sheet, hints, reported);
}

/** A count stated in the narrative that the final table contradicts is a warning (the table stays as printed). */
function checkNarrative(sheet: Sheet, hints: NarrativeCount[], reported: Set<NarrativeCount>): void {
  for (const h of hints) {
    if (reported.has(h)) continue;
    const xs = h.vars.map((v) => sheet.values[v]);
    if (xs.some((x) => x === null || x === undefined)) continue;
    const sum = xs.reduce<number>((a, b) => a + (b as number), 0);
    if (Math.abs(sum - h.value) > 1e-6) {
      sheet.issues.push(
        diag(
          "NARRATIVE_MISMATCH",
          "warning",
          `the narrative says "${h.text}" (${h.value}) but the table gives ${sum} for ${h.vars.join(" + ")}`,
          { variable: h.vars[0] },
        ),
      );
    }
  }
}
