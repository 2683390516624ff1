/**
 * Reading one printed figure. Returns the number as printed (signs kept, 元 converted to 万元 only when
 * asked by the caller's variable), or tells that the cell is a blank mark or not a figure at all.
 */
import { toHalfWidth } from "../text/normalize.js";

export type Figure =
  | { kind: "number"; value: number; unit: "" | "元" | "万元"; digits: string }
  | { kind: "blank" }
  | { kind: "text" };

const BLANK = /^(?:|\/|／|\\|—+|–+|-+|－+|─+|无|無|空|\*)$/;
const NUMBER = /^([+\-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万元|萬元|元)?$/;

export function readFigure(raw: string): Figure {
  const s = toHalfWidth(raw)
    .replace(/\s+/g, "")
    .replace(/[件个項项宗]$/, "");
  if (BLANK.test(s)) return { kind: "blank" };
  const m = NUMBER.exec(s);
  if (!m) return { kind: "text" };
  const intPart = m[2].replace(/,/g, "");
  const value = Number(`${m[1] === "-" ? "-" : ""}${intPart}${m[3] ?? ""}`);
  const unit = m[4] === "元" ? "元" : m[4] ? "万元" : "";
  return { kind: "number", value, unit, digits: intPart };
}

/** A run of digits printed without separators between cells (crawler / PDF damage). */
export function isDigitRun(raw: string): boolean {
  return /^\d+$/.test(toHalfWidth(raw).trim());
}
