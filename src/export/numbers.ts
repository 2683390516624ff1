/**
 * Figures are printed from the text Postgres gives for `numeric` — never through a JS double — so an
 * amount is written exactly as stored (no 0.30000000000000004). Each function returns null when the
 * value does not fit the column's type; the caller leaves the cell empty and reports it.
 */
import { INT32_MAX } from "./tables.js";

const NUMERIC = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Canonical decimal text: rounded half away from zero to `scale` decimals, no trailing zeros, no
 * leading zeros, no "-0". Null for NaN/Infinity or more than `precision - scale` integer digits.
 */
export function formatDecimal(text: string, scale: number, precision: number): string | null {
  const m = NUMERIC.exec(text);
  if (!m) return null;
  let sign = m[1];
  let int = m[2];
  let frac = m[3] ?? "";
  if (frac.length > scale) {
    const roundUp = frac.charCodeAt(scale) >= 53; // next digit ≥ '5'
    frac = frac.slice(0, scale);
    if (roundUp) {
      const digits = increment(int + frac);
      int = digits.slice(0, digits.length - frac.length);
      frac = digits.slice(digits.length - frac.length);
    }
  }
  frac = frac.replace(/0+$/, "");
  int = int.replace(/^0+(?=\d)/, "");
  if (int.length > precision - scale) return null;
  if (int === "0" && frac === "") sign = "";
  return frac ? `${sign}${int}.${frac}` : `${sign}${int}`;
}

/** A whole number within 32 bits (a trailing ".000" is fine), else null: counts are never rounded. */
export function formatInteger(text: string): string | null {
  const m = NUMERIC.exec(text);
  if (!m || /[1-9]/.test(m[3] ?? "")) return null;
  const int = m[2].replace(/^0+(?=\d)/, "");
  if (int.length > 10 || Number(int) > INT32_MAX) return null;
  return int === "0" ? "0" : m[1] + int;
}

/** Adds one to a string of decimal digits. */
function increment(digits: string): string {
  const a = digits.split("");
  for (let i = a.length - 1; i >= 0; i--) {
    if (a[i] === "9") a[i] = "0";
    else { a[i] = String(Number(a[i]) + 1); return a.join(""); }
  }
  return "1" + a.join("");
}
