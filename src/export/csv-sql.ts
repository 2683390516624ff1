/**
 * CSV fields and figure values rendered by Postgres. The export's records are built in the database
 * process, so Node only moves finished text to the files (formatting 20 million figures in JS was the
 * bottleneck), and Postgres formats `numeric` exactly: it never goes through a double, so there is no
 * 0.30000000000000004.
 *
 * Rules (the same as csv.ts and COPY's CSV): NULL is an empty field; an empty string is `""`; a field
 * with `"`, `,`, CR or LF is quoted with doubled quotes. The csv* functions return SQL text expressions
 * that are never NULL. Expressions passed in must be trusted SQL (column references), never user input.
 */
import { AMOUNT } from "./tables.js";

/** A text value as a CSV field (strpos: half the cost of a regular expression). */
export function csvText(expr: string): string {
  return `(CASE WHEN ${expr} IS NULL THEN '' WHEN ${expr} = '' THEN '""' ` +
    `WHEN strpos(${expr}, ',') > 0 OR strpos(${expr}, '"') > 0 OR strpos(${expr}, E'\\n') > 0 OR strpos(${expr}, E'\\r') > 0 ` +
    `THEN '"' || replace(${expr}, '"', '""') || '"' ELSE ${expr} END)`;
}

/** An integer column (int, smallint) as a CSV field. */
export function csvInt(expr: string): string {
  return `coalesce((${expr})::text, '')`;
}

/** A boolean as 1/0. */
export function csvBool(expr: string): string {
  return `(CASE WHEN ${expr} THEN '1' WHEN NOT ${expr} THEN '0' ELSE '' END)`;
}

/** A date as YYYY-MM-DD, whatever the session's DateStyle. */
export function csvDate(expr: string): string {
  return `coalesce(to_char(${expr}, 'YYYY-MM-DD'), '')`;
}

/**
 * A numeric as a decimal of the AMOUNT type: rounded half away from zero to 6 decimals, trailing zeros
 * dropped (trim_scale, Postgres ≥ 13); NULL when it has more than 12 integer digits, NaN or infinite.
 */
export function decimalValue(expr: string): string {
  const limit = "1" + "0".repeat(AMOUNT.precision - AMOUNT.scale);
  return `(CASE WHEN abs(round(${expr}, ${AMOUNT.scale})) < ${limit} THEN trim_scale(round(${expr}, ${AMOUNT.scale}))::text END)`;
}

/** Fields joined into one record (no line end). */
export function record(fields: readonly string[]): string {
  return fields.join(` || ',' || `);
}
