/**
 * The index settings, applied from code at start-up and checked afterwards: the index must hold
 * exactly what this file says (a setting changed by hand, or refused by the server, is an error, not a
 * silent difference between what we think we search and what is searched).
 */
import type { Meilisearch, Settings } from "meilisearch";
import { apiError, awaitTask } from "./client.js";
import { RETRIEVED_ATTRIBUTES } from "./params.js";

/**
 * The searchable attributes, in priority order: `words1`–`words4` (jieba words by weight, which rank:
 * segment.ts WORD_TIERS) before `textZh` (one word per Han character, which decides what matches;
 * docs/search.md). `text` is stored for display (snippets) only.
 */
export const SEARCHABLE = ["words1", "words2", "words3", "words4", "textZh"] as const;

export const INDEX_SETTINGS = {
  searchableAttributes: [...SEARCHABLE],
  // everything but the searchable form, which is large and of no use to a reader
  displayedAttributes: [...RETRIEVED_ATTRIBUTES],
  filterableAttributes: [
    "year",
    "format",
    "province",
    "city",
    "county",
    "level",
    "kind",
    "section",
    "agencyId",
    "reportId",
    "terms",
    "synthetic",
  ],
  sortableAttributes: ["year"],
  // `sort` first: year_desc / year_asc (params.ts) are strictly in year order. Relevance (no sort): the
  // query's phrases must all match; its jieba words are optional, and `words` ranks sections holding more
  // of them as whole words first; `attribute` ranks a word in an earlier ranking field (used more often,
  // in a section that counts more) above one in a later, any word above a match of the characters only,
  // and a word early in its field (rarer, more frequent) above one late;
  // `proximity` ranks terms close together first. Among equal hits the newer report comes first.
  rankingRules: ["sort", "words", "typo", "attribute", "proximity", "exactness", "year:desc"],
  // Typos would let a five-letter word or number match another (12345 ~ 12346): counts must be exact.
  // (spelled out in full: the check below compares whole objects, and the server returns every field)
  typoTolerance: {
    enabled: false,
    minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
    disableOnWords: [],
    disableOnAttributes: [],
    disableOnNumbers: true,
  },
  // Every query word is a phrase: prefixes are never looked up, so they need not be built at indexing.
  prefixSearch: "disabled",
  // Facet values are listed from the counts we get; facet search (typing into a facet) is not offered.
  facetSearch: false,
  // Tell the tokenizer the text is Chinese rather than let it guess (a run of kanji can pass for Japanese).
  // textZh writes Han characters as Latin words (segment.ts), which index at the same cost with or without
  // this (measured); it matters for Chinese text in the field, as in the query-set test's plain-text alternative.
  localizedAttributes: [{ attributePatterns: [...SEARCHABLE], locales: ["cmn"] }],
  faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { "*": "count" } },
  // the total hits of a page-based search are counted exactly up to this many
  pagination: { maxTotalHits: 100_000 },
  stopWords: [],
  synonyms: {},
  dictionary: [],
  separatorTokens: [],
  nonSeparatorTokens: [],
  distinctAttribute: null,
  proximityPrecision: "byWord",
} satisfies Settings;

export type IndexSettings = typeof INDEX_SETTINGS;

/** Settings that disagree with INDEX_SETTINGS, with what the index holds (empty when all agree). */
export function settingsDifferences(actual: Settings): { key: string; expected: unknown; actual: unknown }[] {
  const out: { key: string; expected: unknown; actual: unknown }[] = [];
  for (const [key, expected] of Object.entries(INDEX_SETTINGS)) {
    const got = (actual as Record<string, unknown>)[key];
    if (!sameSetting(key, expected, got)) out.push({ key, expected, actual: got });
  }
  return out;
}

// Order matters for these (priority lists); for the other lists it does not.
const ORDERED = new Set(["searchableAttributes", "rankingRules"]);

function sameSetting(key: string, expected: unknown, actual: unknown): boolean {
  if (
    Array.isArray(expected) &&
    Array.isArray(actual) &&
    !ORDERED.has(key) &&
    expected.every((e) => typeof e === "string")
  ) {
    return JSON.stringify([...expected].sort()) === JSON.stringify([...actual].sort());
  }
  return JSON.stringify(canonical(expected)) === JSON.stringify(canonical(actual));
}

/** Objects with sorted keys, so that comparison does not depend on key order. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, canonical(x)]),
    );
  }
  return v;
}

/** Settings of an index that differ from ours after they were applied. */
export class IndexSettingsError extends Error {
  override name = "IndexSettingsError";
}

/**
 * Creates the index when it does not exist (primary key `id`), applies INDEX_SETTINGS when the index
 * differs, and reads them back: throws IndexSettingsError when they still differ or the primary key is
 * another. Every task is awaited; a failed one throws.
 */
export async function ensureIndex(client: Meilisearch, indexName: string): Promise<void> {
  try {
    await client.getIndex(indexName);
  } catch (e) {
    if (apiError(e)?.cause?.code !== "index_not_found") throw e;
    try {
      await awaitTask(client.createIndex(indexName, { primaryKey: "id" }));
    } catch (e2) {
      // another process created it in the meantime: fine
      if (!/index_already_exists/.test(String((e2 as Error).message))) throw e2;
    }
  }
  const info = await client.getIndex(indexName);
  if (info.primaryKey === null || info.primaryKey === undefined) {
    await awaitTask(client.updateIndex(indexName, { primaryKey: "id" }));
  } else if (info.primaryKey !== "id") {
    throw new IndexSettingsError(
      `index ${indexName} has primary key "${info.primaryKey}", expected "id": delete it or run reindex`,
    );
  }
  const index = client.index(indexName);
  if (settingsDifferences(await index.getSettings()).length) {
    await awaitTask(index.updateSettings(INDEX_SETTINGS as Settings));
  }
  const left = settingsDifferences(await index.getSettings());
  if (left.length) {
    throw new IndexSettingsError(
      `index ${indexName}: settings differ after they were applied: ` +
        left.map((d) => `${d.key} is ${JSON.stringify(d.actual)}, expected ${JSON.stringify(d.expected)}`).join("; "),
    );
  }
}
