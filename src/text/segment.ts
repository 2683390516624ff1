/**
 * One normalisation and segmentation for index text and query text alike: traditional → simplified
 * (opencc), full-width → half-width, lower case; then jieba with the domain dictionary. A traditional
 * report is therefore found by a simplified query and the reverse.
 */
import { readFileSync } from "node:fs";
import nodejieba from "nodejieba";
import { toHalfWidth, toSimplified } from "./normalize.js";

const USER_DICT = new URL("./dict/gongkai.dict.utf8", import.meta.url).pathname;
let loaded = false;
function jieba() {
  // loading costs ~2 s: once per process, and only when something is segmented
  if (!loaded) {
    nodejieba.load({ userDict: USER_DICT });
    loaded = true;
  }
  return nodejieba;
}

/**
 * Han characters as the white-space rule sees them (CJK radicals, 々 〇 〡–〩, the unified ideographs
 * and their extensions, compatibility ideographs). One list of code-point ranges, written out as a
 * regular-expression class that JavaScript (flag u) and Postgres (the migration that applied the rule
 * to stored text) read alike.
 */
const HAN_RANGES: readonly [number, number][] = [
  [0x2e80, 0x2fdf],
  [0x3005, 0x3005],
  [0x3007, 0x3007],
  [0x3021, 0x3029],
  [0x3038, 0x303b],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xf900, 0xfaff],
  [0x20000, 0x3ffff],
];
const HAN_CLASS = HAN_RANGES.map(([a, b]) =>
  a === b ? String.fromCodePoint(a) : `${String.fromCodePoint(a)}-${String.fromCodePoint(b)}`,
).join("");

/**
 * THE white-space rule (docs/search.md): white space between two Han characters, or between a digit and
 * a Han character (either order), is not part of the text — a line wrap of a PDF or an OCR'd page
 * (部\n分公开), a space a typesetter put between a figure and its unit (2024 年). Index text and query
 * text both go through it, so a term matches across such white space and may be typed with it. White
 * space between two digits, or next to a Latin letter, still separates.
 */
export const JOINED_SPACE_PATTERN = `(?<=[${HAN_CLASS}])\\s+(?=[${HAN_CLASS}0-9])|(?<=[0-9])\\s+(?=[${HAN_CLASS}])`;
const JOINED_SPACE = new RegExp(JOINED_SPACE_PATTERN, "gu");

/** `s` without the white space the rule says is not part of the text (any other white space stays). */
export function withoutJoinedSpace(s: string): string {
  return s.replace(JOINED_SPACE, "");
}

/**
 * The searchable form of a text (`section.text_simplified`): simplified script, half-width, lower case,
 * white space squeezed, and taken out where the white-space rule says it does not separate.
 */
export function normalizeText(s: string): string {
  return withoutJoinedSpace(toHalfWidth(toSimplified(s)).toLowerCase().replace(/\s+/g, " ")).trim();
}

/** Keywords of a section (TF-IDF), for facetable `terms` in the search document. */
export function keywords(text: string, top = 12): string[] {
  return keywordsOfNormalized(normalizeText(text), top);
}

/** keywords of a text already through normalizeText. */
export function keywordsOfNormalized(normalized: string, top = 12): string[] {
  return jieba()
    .extract(normalized, top)
    .map((k: { word: string }) => k.word);
}

/** jieba's search-engine words (cutForSearch, domain dictionary) of a text already through normalizeText. */
export function searchWordsOfNormalized(normalized: string): string[] {
  return jieba().cutForSearch(normalized);
}

/**
 * The normal form of `s` with the SAME LENGTH, code unit for code unit: simplified script, half-width,
 * lower case, white space kept as it is. An offset found in it is an offset in `s`, which is how a match
 * found in the normalised text is highlighted in the original (traditional stays traditional).
 * opencc's tw→cn conversion keeps the length for nearly all text; where it does not, characters are
 * converted one at a time and a conversion that would change the length is skipped.
 */
export function alignedText(s: string): string {
  const whole = lowerSameLength(toHalfWidth(toSimplified(s)));
  if (whole.length === s.length) return whole;
  let out = "";
  for (const ch of s) {
    const c = lowerSameLength(toHalfWidth(toSimplified(ch)));
    out += c.length === ch.length ? c : ch;
  }
  return out;
}

/**
 * The matching form of `s` — its aligned form (alignedText) with the white space the rule joins taken
 * out — and `at(i)`, the offset in `s` of its code unit `i`: a match found there is marked in the
 * original from `at(start)` to `at(end - 1) + 1`, so a highlight covers a wrapped term whole (部\n分公开).
 * Only the removed runs are kept (offsets are mapped by a binary search over them): this runs over the
 * whole text of every hit a page shows.
 */
export function matchingForm(s: string): { text: string; at: (i: number) => number } {
  const aligned = alignedText(s);
  // for each removed run: where the text after it starts in the matching form, and how much was removed up to there
  const formStart: number[] = [];
  const removed: number[] = [];
  let total = 0;
  const text = aligned.replace(JOINED_SPACE, (run: string, offset: number) => {
    total += run.length;
    formStart.push(offset + run.length - total);
    removed.push(total);
    return "";
  });
  const at = (i: number): number => {
    let lo = 0;
    let hi = formStart.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (formStart[mid] <= i) lo = mid + 1;
      else hi = mid;
    }
    return i + (lo ? removed[lo - 1] : 0);
  };
  return { text, at };
}

function lowerSameLength(s: string): string {
  const lower = s.toLowerCase();
  if (lower.length === s.length) return lower;
  // a few letters lower-case to two code units (İ): keep those as they are
  return [...s].map((ch) => (ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch)).join("");
}

const HAN = /\p{Script=Han}/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * What Meilisearch indexes (`textZh`): the normalised text with every Han character a word of its own
 * (letters and digits stay whole runs: 2023, ipv6), and every run of white space or punctuation a
 * sentence break (`。`). A query term is then searched as a phrase of those words, which Meilisearch
 * matches by adjacent pairs within a sentence: a substring for one or two words, and for longer terms
 * every substring match plus sections holding all the pairs apart (the API checks those). Measured on the
 * query set (README): Meilisearch's own segmentation of the plain text missed 政府信息公开 in
 * 我区政府信息公开, 信息处理费 in 信息处理费用 and 12345 in 广州12345; this form misses nothing.
 *
 * Each Han character is written as a Latin-letter word (`hanWord`: 行 → qookc): the positions, and so
 * the phrase matches, are the same, but Meilisearch's tokenizer no longer runs its Chinese segmenter and
 * normaliser over every character — about a third less indexing CPU (README). The field is never shown
 * (snippets come from `text`), and queries go through this same function.
 */
export function searchableText(s: string): string {
  return searchableTextOfNormalized(normalizeText(s));
}

/**
 * searchableText of a text already in normal form (normalizeText, as `section.text_simplified` holds it):
 * the index builds documents from that column, which saves two opencc passes per section.
 */
export function searchableTextOfNormalized(norm: string): string {
  let out = "";
  let prev: "han" | "word" | "break" | null = null;
  for (const ch of norm) {
    const kind = HAN.test(ch) ? "han" : WORD_CHAR.test(ch) ? "word" : "break";
    if (kind === "break") {
      if (prev !== "break" && prev !== null) out += " 。 ";
    } else if (kind === "han") {
      if (prev === "han" || prev === "word") out += " ";
      out += hanWord(ch);
    } else {
      if (prev === "han") out += " ";
      // a word of the text that starts with q gets a second one: it can never read as a Han word
      if (prev !== "word" && ch === "q") out += "q";
      out += ch;
    }
    prev = kind;
  }
  return out.replace(/ 。 $/, "");
}

// hexadecimal digits as letters (0–9 → g–p, a–f stay): a Han word is "q" + letters only, and its
// second letter is never q (code points of Han characters start with 2–9 in hexadecimal)
const HEX_LETTERS = "ghijklmnopabcdef";

/** A Han character as the Latin word Meilisearch indexes for it: "q" + its code point in HEX_LETTERS. */
export function hanWord(ch: string): string {
  let out = "q";
  for (const h of ch.codePointAt(0)!.toString(16)) out += HEX_LETTERS[parseInt(h, 16)];
  return out;
}

/**
 * The terms of a query: normalised like the documents, split at punctuation and white space, duplicates
 * dropped. A section matches a query when its normalised text contains every term.
 *
 * White space in a query is read the way a person types it: between two words it separates them
 * (政务新媒体 管理 is two terms, as in any search box), but where the white-space rule would join it
 * AND one side is a lone Han character or a digit touches a Han character, it is a term typed with a
 * break inside (部 分公开, 2024 年) and joins. Splitting never loses a hit the joined term would give
 * (a text holding 政务新媒体管理 holds both of its words), so this only widens what two words find.
 */
export function queryTerms(query: string): string[] {
  const terms: string[] = [];
  // punctuation always separates; white space is decided gap by gap
  for (const chunk of toHalfWidth(toSimplified(query))
    .toLowerCase()
    .split(/[^\p{L}\p{N}\s]+/u)) {
    let term = "";
    let last = "";
    for (const piece of chunk.split(/\s+/).filter((p) => p.length > 0)) {
      if (term && joinsAcrossSpace(last, piece)) term += piece;
      else {
        if (term) terms.push(term);
        term = piece;
      }
      last = piece;
    }
    if (term) terms.push(term);
  }
  return [...new Set(terms.map(normalizeText).filter((t) => t.length > 0))];
}

const HAN_CHAR = new RegExp(`^[${HAN_CLASS}]$`, "u");
const isHan = (ch: string | undefined): boolean => ch !== undefined && HAN_CHAR.test(ch);
const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= "0" && ch <= "9";

/** whether the white space between two typed pieces is a break inside one term (queryTerms) */
function joinsAcrossSpace(before: string, after: string): boolean {
  const b = [...before];
  const a = [...after];
  const x = b.at(-1);
  const y = a[0];
  if (isDigit(x) || isDigit(y)) return (isDigit(x) && isHan(y)) || (isHan(x) && isDigit(y));
  // both Han here or the rule keeps the space: a lone character on either side is a broken word
  return isHan(x) && isHan(y) && (b.length === 1 || a.length === 1);
}

// ---------------------------------------------------------------------------------------------------
// jieba words for ranking (docs/search.md, "Ranking"). The per-character form above decides WHAT
// matches; these words only decide the order of what matched.

/** A jieba word as the one Latin token Meilisearch indexes for it: "w" + each code point in HEX_LETTERS, joined by "r". */
export function wordToken(word: string): string {
  const parts: string[] = [];
  for (const ch of word) {
    let hex = "";
    for (const h of ch.codePointAt(0)!.toString(16)) hex += HEX_LETTERS[parseInt(h, 16)];
    parts.push(hex);
  }
  return `w${parts.join("r")}`;
}

/** words worth a token: two characters or more with a Han character (single characters say little) */
const isRankWord = (w: string): boolean => w.length >= 2 && HAN.test(w);

/** jieba's IDF table (the one its keyword extraction uses), read once when words are first ranked. */
let idfTable: { idf: Map<string, number>; average: number } | null = null;
function idfs(): { idf: Map<string, number>; average: number } {
  if (idfTable) return idfTable;
  const idf = new Map<string, number>();
  let sum = 0;
  for (const line of readFileSync(
    (nodejieba as unknown as { DEFAULT_IDF_DICT: string }).DEFAULT_IDF_DICT,
    "utf8",
  ).split("\n")) {
    const [word, value] = line.split(" ");
    const x = Number(value);
    if (word && Number.isFinite(x)) {
      idf.set(word, x);
      sum += x;
    }
  }
  idfTable = { idf, average: idf.size ? sum / idf.size : 1 };
  return idfTable;
}

/**
 * The lowest weight of a word in each ranking field (`words1` … `words4` of the search document): a
 * word's weight is how often the section uses it times the section's weight (search/documents.ts).
 */
export const WORD_TIERS = [4, 2, 1, 0] as const;
/** characters of a section of typical length, whose mentions count as they are (BM25's average length) */
export const TYPICAL_SECTION_LENGTH = 800;
/** how much a section's length weighs on its mentions (BM25's b) */
const LENGTH_B = 0.75;

/**
 * The ranking form of a text already through normalizeText: every jieba `cutForSearch` word of two or
 * more characters with a Han character, once, as a wordToken, in the first tier (WORD_TIERS) its weight
 * reaches — how often the section uses it times `sectionWeight`, for the section's length — and within a tier the rarer and more
 * frequent first (count × jieba's IDF; a word jieba does not know counts as average). Meilisearch's
 * `attribute` rule ranks a query word found in an earlier field (tier) above one found in a later one,
 * and one early in its field above one late: a section that uses the word often, in a section that
 * counts, ranks above one that mentions it once in passing. (The IDF is read in JS rather than through
 * jieba's keyword extraction, which segments the text again: 0.8 against 5.3 ms a section.)
 */
export function rankingWordsOfNormalized(norm: string, sectionWeight = 1): string[] {
  const counts = new Map<string, number>();
  for (const w of jieba().cutForSearch(norm) as string[]) if (isRankWord(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
  const { idf, average } = idfs();
  const weighted = [...counts.entries()].map(([w, n]) => [w, n, n * (idf.get(w) ?? average)] as const);
  weighted.sort((a, b) => b[2] - a[2]);
  const tiers: string[][] = WORD_TIERS.map(() => []);
  // BM25's length normalisation (b = 0.75): a mention counts for less in a long section than in a short one
  const perMention = sectionWeight / (1 - LENGTH_B + (LENGTH_B * norm.length) / TYPICAL_SECTION_LENGTH);
  for (const [w, n] of weighted) tiers[WORD_TIERS.findIndex((min) => n * perMention >= min)].push(wordToken(w));
  // a sentence break between words: Meilisearch stores no word pairs across one, and pairs of ranking
  // words (which are in no order of the text) are of no use — they were half of the indexing time
  return tiers.map((t) => t.join(" 。 "));
}

/**
 * The ranking words of a query term (its jieba `cut` words of two or more characters with a Han
 * character, as wordTokens): whole words of the text. A term that is one dictionary word gives that
 * word (主动公开); a longer one its words (政务新媒体管理 → 政务新媒体, 管理).
 */
export function rankingWordsOfTerm(term: string): string[] {
  return [...new Set((jieba().cut(term) as string[]).filter(isRankWord))].map(wordToken);
}
