/**
 * Snippets built in the app from the ORIGINAL text (traditional stays traditional), with the matched
 * terms marked. Matches are found in the aligned normal form (segment.ts `alignedText`: same length as
 * the original, code unit for code unit), so an offset there is an offset in the original.
 * Why not Meilisearch's crop/highlight: it cost ~20 ms of server time per query at scale (STACK.md),
 * 10–20× the search itself, and it would mark the searchable form, not the original.
 */
import { alignedText } from "../text/segment.js";

export interface Highlight {
  /** offsets in the snippet's `text` (UTF-16 code units, end exclusive) */
  start: number;
  end: number;
}

export interface Snippet {
  /** the excerpt of the original text */
  text: string;
  /** where the excerpt starts and ends in the section's original text */
  start: number;
  end: number;
  highlights: Highlight[];
}

export interface SnippetOptions {
  /** target length of the excerpt in characters (default 120) */
  length?: number;
  /** most highlights in one snippet (default 20) */
  maxHighlights?: number;
}

/** Every occurrence of every term in `text`, as sorted, non-overlapping [start, end) ranges. */
/** (`norm`: alignedText(text), when the caller has it already.) */
export function findMatches(text: string, terms: readonly string[], norm = alignedText(text)): Highlight[] {
  if (!terms.length) return [];
  const ranges: Highlight[] = [];
  for (const term of terms) {
    if (!term) continue;
    for (let i = norm.indexOf(term); i >= 0; i = norm.indexOf(term, i + term.length)) ranges.push({ start: i, end: i + term.length });
  }
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Highlight[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}

/**
 * An excerpt of `text` around the place where the most distinct terms occur close together (the first
 * such place), cut at sentence or clause marks where one is near; without matches, the text's start.
 */
export function buildSnippet(text: string, terms: readonly string[], options: SnippetOptions = {}): Snippet {
  const length = options.length ?? 120;
  const norm = alignedText(text);
  const matches = findMatches(text, terms, norm);
  if (text.length <= length) return { text, start: 0, end: text.length, highlights: matches.slice(0, options.maxHighlights ?? 20) };

  const anchor = bestWindow(norm, terms, matches, length);
  // a little context before the first match, the rest after it
  let start = Math.max(0, Math.min(anchor - Math.floor(length / 4), text.length - length));
  const cut = clauseStart(text, start, anchor);
  if (cut !== null) start = cut;
  while (start < anchor && /\s/.test(text[start])) start++;
  const end = Math.min(text.length, start + length);
  const highlights = matches
    .filter((m) => m.start >= start && m.end <= end)
    .slice(0, options.maxHighlights ?? 20)
    .map((m) => ({ start: m.start - start, end: m.end - start }));
  return { text: text.slice(start, end), start, end, highlights };
}

/** Start of the window (of `length`) of the matching form holding the most distinct terms; ties go to the earliest. */
function bestWindow(norm: string, terms: readonly string[], matches: Highlight[], length: number): number {
  if (!matches.length) return 0;
  if (terms.length < 2) return matches[0].start;
  let best = matches[0].start;
  let bestCount = 0;
  for (const m of matches) {
    const window = norm.slice(m.start, m.start + length);
    const count = terms.filter((t) => window.includes(t)).length;
    if (count > bestCount) { best = m.start; bestCount = count; }
    if (count === terms.length) break;
  }
  return best;
}

const CLAUSE_END = /[。！？；!?;\n]/;

/** A sentence start between `from` and `anchor` (just after a full stop), to start the excerpt there. */
function clauseStart(text: string, from: number, anchor: number): number | null {
  for (let i = anchor - 1; i >= from; i--) if (CLAUSE_END.test(text[i])) return i + 1;
  return null;
}
