/**
 * Table 4 (行政复议、行政诉讼): fifteen figures in printed order (复议, 未经复议直接起诉, 复议后起诉 × 维持,
 * 纠正, 其他, 尚未审结, 总计). The header is words only, so the figures are simply the region's numbers.
 */
import { dropHeaderBlanks, mergeGluedDashes, type Token } from "../tokens.js";
import { diag } from "../diagnostics.js";
import { T4_BLOCKS, T4_COLUMNS, t4Var } from "./layout.js";
import type { Sheet } from "./sheet.js";

export const T4_VARS = T4_BLOCKS.flatMap((b) => T4_COLUMNS.map((c) => t4Var(b, c)));

/** Returns the digit runs when the figures are run together (fewer than 15 tokens). */
export function readTable4(tokens: Token[], sheet: Sheet): Token[] | null {
  const vals = mergeGluedDashes(dropHeaderBlanks(tokens)).filter((t) => t.type !== "label");
  // an empty first column (a blank row-label cell) or padding after the figures is not a cell
  while (vals.length > T4_VARS.length && vals[0].type === "blank") vals.shift();
  while (vals.length > T4_VARS.length && vals[vals.length - 1].type === "blank") vals.pop();
  if (vals.length >= T4_VARS.length) {
    T4_VARS.forEach((v, i) => sheet.setFromToken(v, vals[i]));
    if (vals.length > T4_VARS.length) {
      sheet.issues.push(
        diag(
          "CELL_UNREADABLE",
          "warning",
          `table 4: ${vals.length - T4_VARS.length} figure(s) after the fifteen cells were ignored: ${vals
            .slice(15)
            .map((t) => t.text)
            .join(" ")}`,
          { table: 4 },
        ),
      );
    }
    return null;
  }
  if (vals.length && vals.every((t) => t.type === "value" && /^\d+$/.test(t.text))) return vals;
  return null;
}
