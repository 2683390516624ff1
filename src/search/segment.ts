/**
 * One normalisation and segmentation for index text and query text alike: traditional → simplified
 * (opencc), full-width → half-width, lower case; then jieba with the domain dictionary. A traditional
 * report is therefore found by a simplified query and the reverse.
 */
import nodejieba from "nodejieba";
import { toHalfWidth, toSimplified } from "../parser/normalize.js";

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

/** Index tokens for the exact path: jieba cutForSearch (overlapping sub-words: 行政 / 复议 / 行政复议). */
export function indexTokens(text: string): string[] {
  return indexTokensOfNormalized(normalizeText(text));
}

/** indexTokens of a text already through normalizeText (ingest has it at hand: one opencc pass, not two). */
export function indexTokensOfNormalized(normalized: string): string[] {
  return jieba().cutForSearch(normalized, true).map((t) => t.trim()).filter((t) => t && !/^[\p{P}\p{S}]+$/u.test(t));
}

/** Query tokens: jieba cut (no sub-words: the index side already holds them). */
export function queryTokens(query: string): string[] {
  return jieba().cut(normalizeText(query), true).map((t) => t.trim()).filter((t) => t && !/^[\p{P}\p{S}]+$/u.test(t));
}

/** Keywords of a section (TF-IDF), for facetable `terms` in the search document. */
export function keywords(text: string, top = 12): string[] {
  return jieba().extract(normalizeText(text), top).map((k: { word: string }) => k.word);
}
