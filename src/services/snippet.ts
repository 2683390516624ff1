/**
 * Snippets for exact hits: the terms are found in the section's normalised twin (simplified,
 * half-width, lower case — the form that was matched) and the snippet is cut from the ORIGINAL text
 * at the same offsets, so a traditional report shows traditional text with the right words marked.
 */
import { toHalfWidth, toSimplified } from "../parser/normalize.js";

export interface Snippet {
  snippet: string;
  /** [start, end) in the snippet, UTF-16 code units */
  highlights: { start: number; end: number }[];
}

/** The matching form of `text` with the same length (per character when a conversion changes length). */
function normalisedTwin(text: string): string {
  const whole = toHalfWidth(toSimplified(text)).toLowerCase();
  if (whole.length === text.length) return whole;
  let out = "";
  for (const ch of text) {
    const n = toHalfWidth(toSimplified(ch)).toLowerCase();
    out += n.length === ch.length ? n : ch;
  }
  return out;
}

export function makeSnippet(text: string, terms: string[], width = 160, lead = 40): Snippet {
  const twin = normalisedTwin(text);
  const matches: { start: number; end: number }[] = [];
  for (const term of terms) {
    if (!term) continue;
    for (let i = twin.indexOf(term); i >= 0; i = twin.indexOf(term, i + term.length)) matches.push({ start: i, end: i + term.length });
  }
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  const first = matches[0]?.start ?? 0;
  const start = Math.max(0, Math.min(first - lead, text.length - width));
  const end = Math.min(text.length, start + width);
  const highlights: Snippet["highlights"] = [];
  for (const m of matches) {
    if (m.start < start || m.end > end) continue;
    const prev = highlights.at(-1);
    if (prev && m.start - start < prev.end) { prev.end = Math.max(prev.end, m.end - start); continue; } // overlapping terms: one mark
    highlights.push({ start: m.start - start, end: m.end - start });
  }
  // line breaks shown as spaces, one for one, so the offsets stay right
  return { snippet: text.slice(start, end).replace(/\s/g, " "), highlights };
}
