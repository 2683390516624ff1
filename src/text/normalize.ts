/**
 * Text normalisation used for MATCHING (never for what is shown or stored as printed): traditional →
 * simplified script, full-width → half-width ASCII, whitespace squeezed. Every function keeps the string
 * length where it can, so offsets found in normalised text point into the original.
 */
import { twToCn as toCn } from "./simplify.js";

/** Full-width ASCII forms (！ … ～) and the ideographic space to ASCII; one char for one char. */
export function toHalfWidth(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000 || c === 0xa0) out += " ";
    else out += s[i];
  }
  return out;
}

/** Remove all white space (report text wraps words anywhere, so matching ignores it). */
export const compact = (s: string): string => s.replace(/\s+/g, "");

/** The matching form of a short label: simplified, half-width, no white space, unified dashes/quotes. */
export function normLabel(s: string): string {
  return compact(toHalfWidth(s)).replace(/[“”"]/g, '"').replace(/[．]/g, ".");
}

/**
 * Traditional → simplified. opencc maps characters one to one almost always; when a line changes
 * length (a phrase mapping) we keep the conversion anyway — the caller re-checks lengths.
 */
export function toSimplified(s: string): string {
  return toCn(s);
}

/**
 * Is the text in traditional script? Compares a sample with its simplified conversion: simplified text
 * is (nearly) unchanged; traditional text changes on a large share of its Chinese characters.
 */
export function isTraditional(text: string): boolean {
  const sample = text.length > 6000 ? text.slice(0, 3000) + text.slice(text.length / 2, text.length / 2 + 3000) : text;
  const conv = toCn(sample);
  if (conv.length !== sample.length) return true;
  let han = 0,
    changed = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c >= 0x4e00 && c <= 0x9fff) {
      han++;
      if (conv.charCodeAt(i) !== c) changed++;
    }
  }
  return han > 0 && changed / han > 0.03;
}

/** Build a regex source that matches `word` with optional white space between its characters. */
export function spaced(word: string): string {
  return [...word].map((ch) => ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\s*");
}
