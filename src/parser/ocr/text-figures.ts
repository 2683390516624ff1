/**
 * Figures inside running text keep their digit weights too. A report may print a table as prose
 * (`行政许可97第二十条…行政处罚0`: a table flattened by a converter, a cell wrapped into a sentence), and
 * the table readers then take the figure out of a text cell. Without the recogniser's weights for its
 * digits nothing could vouch for it, and a figure no rule checks (table 2) would stay undecidable.
 *
 * Each text run's digit sequences are kept with their weights, in reading order; the rows' text cells
 * are matched to them by their digit sequences: a cell's whole sequence must be found, in order and
 * next to each other, a little ahead of the last match — else the cell gets none (its figures stay
 * unvouched, never vouched for by another cell's digits). Keys are "row:cell@offset" (the offset of the
 * figure in the cell's text), beside the "row:cell" keys of figure cells.
 */
import type { OcrDigits, Row } from "../types.js";

export interface TextFigure {
  /** the digits as read */
  text: string;
  digits: OcrDigits;
}

/** How far ahead of the last match a cell's sequence is looked for (in digit sequences). */
const WINDOW = 80;

/** Figures in a cell's text (digits, a point or comma inside), with their offsets; compared by their digits. */
const digitsOf = (s: string) => s.replace(/[^0-9]/g, "");
const sequences = (text: string) =>
  [...text.matchAll(/\d+(?:[.,．，]\d+)*/g)].map((m) => ({ text: digitsOf(m[0]), at: m.index! }));

/**
 * Text cells of the rows → the digit weights of the figures inside them, keyed "row:cell@offset".
 * `found` is every digit sequence read inside text, in the order of the lines the rows were built from.
 */
export function matchTextFigures(
  rows: Row[],
  found: TextFigure[],
  isFigure: (s: string) => boolean,
): Record<string, OcrDigits> {
  const out: Record<string, OcrDigits> = {};
  let k = 0;
  rows.forEach((row, r) => {
    row.cells.forEach((text, c) => {
      if (!text || isFigure(text)) return;
      const seq = sequences(text);
      if (!seq.length) return;
      for (let j = k; j + seq.length <= Math.min(found.length, k + WINDOW + seq.length); j++) {
        if (!seq.every((s, i) => digitsOf(found[j + i]!.text) === s.text)) continue;
        seq.forEach((s, i) => (out[`${r}:${c}@${s.at}`] = found[j + i]!.digits));
        k = j + seq.length;
        return;
      }
    });
  });
  return out;
}
