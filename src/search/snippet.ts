/**
 * Snippets built in the app from the section's DISPLAY form (display.ts: the printed text with page
 * wraps joined; traditional stays traditional), with every matched term marked. Matches are found in
 * the matching form (segment.ts `matchingForm`: the aligned normal form without the white space the
 * white-space rule joins), whose every code unit knows its offset in the display text: a match across
 * a line wrap or a space (部\n分公开, 2024 年) is marked whole, from its first character to its last.
 * A snippet is one passage around the place where the query is densest (the most terms together, then
 * the most matches: the best passage, not the first mention); a term that does not occur there gets a
 * short passage of its own after it (joined by " … "), so every term found is shown.
 * Why not Meilisearch's crop/highlight: it cost ~20 ms of server time per query at scale (STACK.md),
 * 10–20× the search itself, and it would mark the searchable form, not the original.
 */
import { displayText } from "./display.js";
import { matchingForm } from "../text/segment.js";

export interface Highlight {
  /** offsets in the snippet's `text` (UTF-16 code units, end exclusive) */
  start: number;
  end: number;
}

export interface Snippet {
  /** the excerpt of the display text: one passage, or several joined by PASSAGE_GAP */
  text: string;
  /** where the first passage starts and ends in the section's display text */
  start: number;
  end: number;
  highlights: Highlight[];
}

export interface SnippetOptions {
  /** target length of the main passage in characters (default 120) */
  length?: number;
  /** most highlights in one snippet (default 20) */
  maxHighlights?: number;
}

/** between two passages of a snippet */
export const PASSAGE_GAP = " … ";
/** context around a term shown in a passage of its own */
const EXTRA_CONTEXT = 12;

interface Match extends Highlight {
  term: number;
}

/** Every occurrence of every term, as ranges of `text`, sorted, each with the index of its term. */
function termMatches(text: string, terms: readonly string[]): Match[] {
  const form = matchingForm(text);
  const out: Match[] = [];
  terms.forEach((term, k) => {
    if (!term) return;
    for (let i = form.text.indexOf(term); i >= 0; i = form.text.indexOf(term, i + term.length)) {
      out.push({ start: form.at(i), end: form.at(i + term.length - 1) + 1, term: k });
    }
  });
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Ranges merged where they overlap or touch. */
function merged(ranges: readonly Highlight[]): Highlight[] {
  const out: Highlight[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ start: r.start, end: r.end });
  }
  return out;
}

/** Every occurrence of every term in `text`, as sorted, non-overlapping [start, end) ranges of `text`. */
export function findMatches(text: string, terms: readonly string[]): Highlight[] {
  return merged(termMatches(text, terms));
}

/**
 * An excerpt of the display form of `text` around the place where the query is densest (bestWindow),
 * cut at sentence or clause marks where one is near, followed by a
 * short passage for each term found elsewhere only; without matches, the text's start.
 */
export function buildSnippet(text: string, terms: readonly string[], options: SnippetOptions = {}): Snippet {
  const length = options.length ?? 120;
  const max = options.maxHighlights ?? 20;
  const shown = displayText(text);
  const matches = termMatches(shown, terms);
  if (shown.length <= length)
    return { text: shown, start: 0, end: shown.length, highlights: merged(matches).slice(0, max) };

  // the window scored is the part of the passage after its lead-in context, so that all of it is shown
  const anchor = bestWindow(matches, length - Math.floor(length / 4));
  // a little context before the first match, the rest after it
  let start = Math.max(0, Math.min(anchor - Math.floor(length / 4), shown.length - length));
  const cut = clauseStart(shown, start, anchor);
  if (cut !== null) start = cut;
  while (start < anchor && /\s/.test(shown[start])) start++;
  const end = Math.min(shown.length, start + length);
  const passages: Highlight[] = [{ start, end }];
  const inside = (m: Match, p: Highlight) => m.start >= p.start && m.end <= p.end;
  // a passage of its own for each term with no match in the passages so far
  for (let k = 0; k < terms.length; k++) {
    if (matches.some((m) => m.term === k && passages.some((p) => inside(m, p)))) continue;
    const first = matches.find((m) => m.term === k);
    if (!first) continue;
    const from = Math.max(0, first.start - EXTRA_CONTEXT);
    const c = clauseStart(shown, from, first.start);
    passages.push({ start: c ?? from, end: Math.min(shown.length, first.end + EXTRA_CONTEXT) });
  }
  passages.sort((a, b) => a.start - b.start);
  const parts = merged(passages);
  let out = "";
  const highlights: Highlight[] = [];
  for (const p of parts) {
    if (out) out += PASSAGE_GAP;
    const offset = out.length - p.start;
    out += shown.slice(p.start, p.end);
    for (const m of merged(matches.filter((m) => inside(m, p))))
      highlights.push({ start: m.start + offset, end: m.end + offset });
  }
  return { text: out, start, end, highlights: highlights.slice(0, max) };
}

/**
 * Start of the window (of `length`) where the query is densest: the most distinct terms, then the most
 * matches of them (a passage about the query rather than its first mention in passing); ties go to the
 * earliest. Windows start at a match; matches are sorted by start, so a window's matches are a run.
 */
function bestWindow(matches: readonly Match[], length: number): number {
  if (!matches.length) return 0;
  let best = matches[0].start;
  let bestTerms = 0;
  let bestCount = 0;
  for (let i = 0; i < matches.length; i++) {
    const limit = matches[i].start + length;
    const seen = new Set<number>();
    let count = 0;
    for (let j = i; j < matches.length && matches[j].start < limit; j++)
      if (matches[j].end <= limit) {
        seen.add(matches[j].term);
        count++;
      }
    if (seen.size > bestTerms || (seen.size === bestTerms && count > bestCount)) {
      best = matches[i].start;
      bestTerms = seen.size;
      bestCount = count;
    }
  }
  return best;
}

const CLAUSE_END = /[。！？；!?;\n]/;

/** A sentence start between `from` and `anchor` (just after a full stop), to start the excerpt there. */
function clauseStart(text: string, from: number, anchor: number): number | null {
  for (let i = anchor - 1; i >= from; i--) if (CLAUSE_END.test(text[i])) return i + 1;
  return null;
}
