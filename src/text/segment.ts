/**
 * One normalisation and segmentation for index text and query text alike: traditional → simplified
 * (opencc), full-width → half-width, lower case; then jieba with the domain dictionary. A traditional
 * report is therefore found by a simplified query and the reverse.
 */
import nodejieba from "nodejieba";
import { toHalfWidth, toSimplified } from "./normalize.js";

const USER_DICT = new URL("./dict/gongkai.dict.utf8", import.meta.url).pathname;
let loaded = false;
function jieba() {
  // loading costs ~2 s: once per process, and only when something is segmented
  if (!loaded) { nodejieba.load({ userDict: USER_DICT }); loaded = true; }
  return nodejieba;
}

/** The searchable form of a text: simplified script, half-width, lower case, white space squeezed. */
export function normalizeText(s: string): string {
  return toHalfWidth(toSimplified(s)).toLowerCase().replace(/\s+/g, " ").trim();
}

/** Keywords of a section (TF-IDF), for facetable `terms` in the search document. */
export function keywords(text: string, top = 12): string[] {
  return keywordsOfNormalized(normalizeText(text), top);
}

/** keywords of a text already through normalizeText. */
export function keywordsOfNormalized(normalized: string, top = 12): string[] {
  return jieba().extract(normalized, top).map((k: { word: string }) => k.word);
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
  return searchableTextOfNormalized(alignedText(s));
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
 * The terms of a query: normalised like the documents, split at white space and punctuation, duplicates
 * dropped. A section matches a query when its normalised text contains every term.
 */
export function queryTerms(query: string): string[] {
  const terms = normalizeText(query).split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
  return [...new Set(terms)];
}
