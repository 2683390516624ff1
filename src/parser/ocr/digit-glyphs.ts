/**
 * Digits in a typeface the recogniser was not trained on. A monospace font's dotted or slashed zero
 * (the default of office suites for plain text) is read as ①, θ, ⊙ or Ø, with the 0 only among the
 * runners-up. Such a symbol standing where a figure stands is that digit position: its weights are
 * the digits among its alternatives, so the figure is unsure by construction and the tables'
 * arithmetic decides (../ocr/unsure.ts) — it is never taken as a sure 0.
 */
import type { OcrChar } from "./engine.js";

/** Least weight the digits among a symbol's alternatives must carry for it to count as a digit position. */
const MIN_DIGIT_WEIGHT = 0.03;
/**
 * The same for a lone mark read alone (glyph-sized ink standing by itself, where a table's one-cell
 * lines put figures): dropping it would shift every later figure of its row, so any weight on a digit
 * keeps it as a digit position — unsure, for the rules to settle.
 */
const MIN_DIGIT_WEIGHT_ALONE = 0.01;

/**
 * A mark that is neither a digit, a word character nor a separator — a symbol (⊙, ①) or a letter that
 * is a crossed circle (θ, Ø): what a digit can be read as.
 */
const SYMBOL = /^[^\p{L}\p{N}\s.,，。．%％+\-−元万、：:；;（）()|丨]$|^\p{No}$|^[θΘØøΦφ]$/u;

/** The digit a symbol stands for (its heaviest digit alternative), or null when it is no digit position. */
export function hiddenDigit(c: OcrChar): string | null {
  if (!SYMBOL.test(c.ch)) return null;
  let best: string | null = null,
    bestP = 0,
    total = 0;
  for (const a of c.alts) {
    if (!/^[0-9]$/.test(a.ch)) continue;
    total += a.p;
    if (a.p > bestP) {
      best = a.ch;
      bestP = a.p;
    }
  }
  return total >= (c.alone ? MIN_DIGIT_WEIGHT_ALONE : MIN_DIGIT_WEIGHT) ? best : null;
}
