/**
 * Figure values rendered by Postgres (in the figures_long COPY): Postgres formats `numeric` exactly —
 * it never goes through a double, so there is no 0.30000000000000004 — and in the database process,
 * so Node only moves finished text to the files (formatting 20 million figures in JS was the bottleneck).
 * The CSV quoting of those records is COPY's, the same rules as csv.ts.
 */
import { AMOUNT } from "./tables.js";

/**
 * A numeric as a decimal of the AMOUNT type: rounded half away from zero to 6 decimals, trailing zeros
 * dropped (trim_scale, Postgres ≥ 13); NULL when it has more than 12 integer digits, NaN or infinite.
 * `expr` must be trusted SQL (a column reference), never user input.
 */
export function decimalValue(expr: string): string {
  const limit = "1" + "0".repeat(AMOUNT.precision - AMOUNT.scale);
  return `(CASE WHEN abs(round(${expr}, ${AMOUNT.scale})) < ${limit} THEN trim_scale(round(${expr}, ${AMOUNT.scale}))::text END)`;
}
