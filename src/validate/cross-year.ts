/**
 * Year-on-year links between two reports of one agency (REPORT_FORMAT §3, "also worth checking"):
 * - table 3: this year's 二、上年结转 = last year's 四、结转下年度继续办理, per applicant column;
 * - table 2 (both years in the 2021 format): 现行有效 = last year's 现行有效 + 本年制发 − 本年废止, for
 *   规章 and 行政规范性文件.
 * Warnings on the later report: agencies restructure and recount, so a broken link is worth a look but
 * proves no figure wrong. Blank (null) figures are not compared.
 */
import type { FormatVersion } from "../codebook/index.js";
import { diag, type Diagnostic } from "../parser/diagnostics.js";
import { T3_COLUMNS, t3Var } from "../parser/tables/layout.js";

export interface YearFigures {
  year: number;
  format: FormatVersion | null;
  values: Record<string, number | null | undefined>;
}

const T2_ITEMS = [
  ["rules", "规章"],
  ["normative", "行政规范性文件"],
] as const;

/** The variables the checks read (what to load of a neighbouring year's report). */
export const CROSS_YEAR_VARIABLES: readonly string[] = [
  ...T3_COLUMNS.flatMap((c) => [t3Var("carried_in", c), t3Var("carried_out", c)]),
  ...T2_ITEMS.flatMap(([k]) => [`t2_${k}_issued`, `t2_${k}_repealed`, `t2_${k}_in_force`]),
];

const known = (x: number | null | undefined): x is number => typeof x === "number";
const same = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/** Diagnostics for `cur` against the report of the year before; none unless `prev.year === cur.year - 1`. */
export function crossYearIssues(prev: YearFigures, cur: YearFigures): Diagnostic[] {
  if (prev.year !== cur.year - 1) return [];
  const out: Diagnostic[] = [];
  for (const col of T3_COLUMNS) {
    const carriedIn = cur.values[t3Var("carried_in", col)];
    const carriedOut = prev.values[t3Var("carried_out", col)];
    if (known(carriedIn) && known(carriedOut) && !same(carriedIn, carriedOut)) {
      out.push(
        diag(
          "XY_T3_CARRIED",
          "warning",
          `table 3 column ${col}: 上年结转 ${carriedIn}, but the ${prev.year} report carries ${carriedOut} over (结转下年度)`,
          { table: 3, row: "carried_in", column: col, variable: t3Var("carried_in", col) },
        ),
      );
    }
  }
  if (cur.format === "2021" && prev.format === "2021") {
    for (const [k, label] of T2_ITEMS) {
      const inForce = cur.values[`t2_${k}_in_force`];
      const before = prev.values[`t2_${k}_in_force`];
      const issued = cur.values[`t2_${k}_issued`];
      const repealed = cur.values[`t2_${k}_repealed`];
      if (!known(inForce) || !known(before) || !known(issued) || !known(repealed)) continue;
      const expected = before + issued - repealed;
      if (!same(inForce, expected)) {
        out.push(
          diag(
            "XY_T2_IN_FORCE",
            "warning",
            `table 2 ${label}: 现行有效 ${inForce}, but ${prev.year}'s ${before} + 制发 ${issued} − 废止 ${repealed} = ${expected}`,
            { table: 2, variable: `t2_${k}_in_force` },
          ),
        );
      }
    }
  }
  return out;
}
