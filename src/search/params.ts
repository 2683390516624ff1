/**
 * From what a reader asks to what Meilisearch is sent — PURE (no I/O), so every rule is unit-tested:
 * query normalisation (the same as the documents'), filters built from validated values with every
 * string escaped, matching strategy, facets, pagination.
 *
 * Query semantics: the query is split into terms at white space and punctuation (segment.ts
 * `queryTerms`); a section matches when its normalised text contains EVERY term. Each term is sent as a
 * phrase of the searchable form (one word per Han character), which Meilisearch matches by its adjacent
 * word pairs: a substring for terms of one or two words, a superset for longer ones (all pairs present,
 * not necessarily in one run — README, "Phrases are matched pair by pair"); `matchingStrategy: "all"` keeps Meilisearch from dropping
 * terms (its default, `last`, drops words until something matches: 行政复议 would also return 行政诉讼).
 */
import type { SearchParams } from "meilisearch";
import type { Kind, Level } from "../parser/types.js";
import { SEARCHED_SECTIONS, type SearchedSection } from "./documents.js";
import { toHalfWidth, toSimplified } from "../text/normalize.js";
import { normalizeText, queryTerms, rankingWordsOfTerm, searchableText } from "../text/segment.js";

export class SearchInputError extends Error {
  override name = "SearchInputError";
  readonly code = "BAD_SEARCH_INPUT";
}

export interface YearRange {
  gte?: number;
  lte?: number;
}

/** Structured filters: a list means any of its values; different fields must all hold. */
export interface SearchFilters {
  year?: number | readonly number[] | YearRange;
  format?: string | readonly string[];
  province?: string | readonly string[];
  city?: string | readonly string[];
  county?: string | readonly string[];
  level?: Level | readonly Level[];
  kind?: Kind | readonly Kind[];
  agencyId?: number | readonly number[];
  reportId?: number | readonly number[];
  /** section keywords (`terms` facet): EVERY given keyword must be among the section's (drill-down) */
  terms?: string | readonly string[];
  /** true: invented reports only; false: real reports only; unset: both */
  synthetic?: boolean;
}

export const FACETS = ["year", "province", "city", "level", "kind", "format", "section", "terms"] as const;
export type Facet = (typeof FACETS)[number];
/**
 * Facets computed when a caller asks for `facets: true`. Not `terms`: a dozen keywords per section make
 * thousands of facet values, and counting them over a frequent word's 100,000 hits cost 19 / 34 ms
 * (p50 / p95) of Meilisearch time at 300,000 sections, against 3–5 ms for all of these; ask for it by name.
 */
export const DEFAULT_FACETS: readonly Facet[] = ["year", "province", "level", "kind", "section"];

/** How hits are ordered: by relevance (docs/search.md, "Ranking"), or newest / oldest year first. */
export const ORDER_BYS = ["relevance", "year_desc", "year_asc"] as const;
export type SearchOrderBy = (typeof ORDER_BYS)[number];

export interface SearchInput {
  query: string;
  filters?: SearchFilters;
  /** which sections to search (default: all of SEARCHED_SECTIONS) */
  sections?: readonly SearchedSection[];
  /** 1-based (default 1) */
  page?: number;
  /** default 20, at most MAX_HITS_PER_PAGE */
  hitsPerPage?: number;
  /** facet counts to compute: a list, true for DEFAULT_FACETS, false/unset for none */
  facets?: readonly Facet[] | boolean;
  /** default "relevance" */
  orderBy?: SearchOrderBy;
  /** candidates only: ids, section and score, up to MAX_IDS_PER_PAGE a page, no text (SearchService.candidates) */
  idsOnly?: boolean;
  /**
   * relevance only (default true): after the sections holding every term, the related ones — sections
   * holding the query's first jieba word but not every term (docs/search.md, "Related hits")
   */
  related?: boolean;
}

export interface BuiltSearch {
  /** the normalised query terms: what every hit contains, and what snippets highlight */
  terms: string[];
  /** the Meilisearch query: one phrase per term (what must match), then the terms' jieba words (what ranks) */
  q: string;
  params: SearchParams;
  /** relevance with related hits: the query's jieba words (wordTokens) and the phrases every hit of the terms holds */
  related?: { words: string[]; phrases: string[] };
}

/** a query's limits, for ranked and exact search alike (services/exact-search.service.ts queryTerms) */
export const MAX_QUERY_LENGTH = 200;
export const MAX_TERMS = 8;
export const MAX_HITS_PER_PAGE = 100;
/** pages of ids only (no text, no snippets): what a caller checking candidates elsewhere asks for */
export const MAX_IDS_PER_PAGE = 1000;
export const MAX_PAGE = 1000;
const MAX_VALUES = 100;
/** report and agency ids: the API hands over the reports a `where` selects, up to 5,000 (services/search.service.ts) */
const MAX_ID_VALUES = 10_000;
const MAX_VALUE_LENGTH = 100;

const LEVELS: readonly string[] = ["central", "province", "city", "county", "township"] satisfies Level[];
const KINDS: readonly string[] = ["government", "department"] satisfies Kind[];
const FORMATS: readonly string[] = ["2019", "2021"];

/**
 * What Meilisearch returns for a hit: everything but the searchable forms (large, and of no use here);
 * also the index's displayedAttributes (settings.ts).
 */
export const RETRIEVED_ATTRIBUTES = [
  "id",
  "reportId",
  "agencyId",
  "agency",
  "year",
  "format",
  "province",
  "city",
  "county",
  "level",
  "kind",
  "section",
  "text",
  "terms",
  "synthetic",
] as const;

/** What an ids-only search returns for a hit. */
export const CANDIDATE_ATTRIBUTES = ["id", "reportId", "section"] as const;

export function buildSearchParams(input: SearchInput): BuiltSearch {
  const terms = termsOf(input.query);
  const orderBy = orderByOf(input.orderBy);
  const phrases = terms.map((t) => `"${searchableText(t)}"`);
  const words = orderBy === "relevance" ? rankingWords(terms, phrases.length) : [];
  const q = [...phrases, ...words].join(" ");
  const page = intIn("page", input.page ?? 1, 1, MAX_PAGE);
  const hitsPerPage = intIn(
    "hitsPerPage",
    input.hitsPerPage ?? 20,
    1,
    input.idsOnly ? MAX_IDS_PER_PAGE : MAX_HITS_PER_PAGE,
  );
  const filter = meiliFilter(filterClauses(input.filters, input.sections));
  const facets = facetList(input.facets);
  const sort = orderBy === "relevance" ? undefined : [orderBy === "year_desc" ? "year:desc" : "year:asc"];
  const params: SearchParams = {
    // "all": every term must match. With ranking words, "last": the words are optional (dropped from the
    // end where a section lacks them), the phrases never are (Meilisearch does not drop phrases) — the
    // hits are the same sections either way, only their order differs (tested).
    matchingStrategy: words.length ? "last" : "all",
    // page + hitsPerPage (rather than offset + limit) makes Meilisearch count the hits exhaustively
    page,
    hitsPerPage,
    attributesToRetrieve: input.idsOnly ? [...CANDIDATE_ATTRIBUTES] : [...RETRIEVED_ATTRIBUTES],
    // snippets are built in the app from the original text (service.ts): Meilisearch's own crop and
    // highlight cost ~20 ms of server time per query at scale (STACK.md)
    showRankingScore: true,
    ...(filter ? { filter } : {}),
    ...(facets.length ? { facets } : {}),
    ...(sort ? { sort } : {}),
  };
  const relatedWords =
    orderBy === "relevance" && input.related !== false && !input.idsOnly ? rankingWords(terms, 0) : [];
  return { terms, q, params, ...(relatedWords.length ? { related: { words: relatedWords, phrases } } : {}) };
}

/**
 * The related sections' queries (docs/search.md, "Related hits"): `related` — the query's jieba words
 * with matchingStrategy "last" (Meilisearch drops words from the end, so a section holding the FIRST
 * word matches; measured best of last / frequency / all / at least half the words, docs/search.md);
 * `overlap` — the sections of `related` that also hold every term (the phrases and the first word, all
 * required): related hits = related − overlap, counted as the difference of the two totals.
 */
export function relatedParams(built: BuiltSearch): {
  related: { q: string; params: SearchParams };
  overlap: { q: string; params: SearchParams };
} {
  const { words, phrases } = built.related!;
  const { filter } = built.params;
  const base = { showRankingScore: true, ...(filter ? { filter } : {}) };
  return {
    related: { q: words.join(" "), params: { ...base, matchingStrategy: "last" } },
    overlap: { q: [...phrases, words[0]].join(" "), params: { ...base, matchingStrategy: "all" } },
  };
}

/** The query's terms, validated (length, count). */
export function termsOf(query: string): string[] {
  if (typeof query !== "string") throw new SearchInputError("query must be a string");
  if (query.length > MAX_QUERY_LENGTH) throw new SearchInputError(`query longer than ${MAX_QUERY_LENGTH} characters`);
  const terms = queryTerms(query);
  if (terms.length > MAX_TERMS) throw new SearchInputError(`query has ${terms.length} terms; at most ${MAX_TERMS}`);
  return terms;
}

// ---------------------------------------------------------------------------------------------------
// Filters: validated into clauses first (shared with the Postgres exact path), then rendered.

export type FilterField =
  | "year"
  | "format"
  | "province"
  | "city"
  | "county"
  | "level"
  | "kind"
  | "agencyId"
  | "reportId"
  | "section"
  | "terms"
  | "synthetic";

export type FilterClause =
  /** the field has one of the values */
  | { field: FilterField; op: "in"; values: (string | number)[] }
  /** the (list) field holds every value */
  | { field: "terms"; op: "all"; values: string[] }
  | { field: "year"; op: "range"; gte?: number; lte?: number }
  | { field: "synthetic"; op: "is"; value: boolean };

/** Validated, normalised filter clauses for the filters and sections asked for. */
export function filterClauses(filters: SearchFilters = {}, sections?: readonly SearchedSection[]): FilterClause[] {
  if (typeof filters !== "object" || filters === null) throw new SearchInputError("filters must be an object");
  const known = new Set([
    "year",
    "format",
    "province",
    "city",
    "county",
    "level",
    "kind",
    "agencyId",
    "reportId",
    "terms",
    "synthetic",
  ]);
  for (const k of Object.keys(filters)) if (!known.has(k)) throw new SearchInputError(`unknown filter "${k}"`);

  const out: FilterClause[] = [];
  const f = filters;
  if (f.year !== undefined) {
    if (typeof f.year === "object" && !Array.isArray(f.year)) {
      const r = f.year as YearRange;
      const gte = r.gte === undefined ? undefined : intIn("year.gte", r.gte, 1900, 2200);
      const lte = r.lte === undefined ? undefined : intIn("year.lte", r.lte, 1900, 2200);
      if (gte === undefined && lte === undefined) throw new SearchInputError("year range needs gte or lte");
      out.push({ field: "year", op: "range", gte, lte });
    } else {
      out.push({
        field: "year",
        op: "in",
        values: list("year", f.year as number | number[]).map((y) => intIn("year", y, 1900, 2200)),
      });
    }
  }
  if (f.format !== undefined) out.push({ field: "format", op: "in", values: oneOf("format", f.format, FORMATS) });
  for (const place of ["province", "city", "county"] as const) {
    if (f[place] !== undefined) out.push({ field: place, op: "in", values: strings(place, f[place]!, placeName) });
  }
  if (f.level !== undefined) out.push({ field: "level", op: "in", values: oneOf("level", f.level, LEVELS) });
  if (f.kind !== undefined) out.push({ field: "kind", op: "in", values: oneOf("kind", f.kind, KINDS) });
  for (const id of ["agencyId", "reportId"] as const) {
    if (f[id] !== undefined)
      out.push({
        field: id,
        op: "in",
        values: list(id, f[id]!, MAX_ID_VALUES).map((v) => intIn(id, v, 1, 2 ** 31 - 1)),
      });
  }
  if (f.terms !== undefined) out.push({ field: "terms", op: "all", values: strings("terms", f.terms, normalizeText) });
  if (f.synthetic !== undefined) {
    if (typeof f.synthetic !== "boolean") throw new SearchInputError("synthetic must be true or false");
    out.push({ field: "synthetic", op: "is", value: f.synthetic });
  }
  if (sections !== undefined) {
    const values = oneOf("sections", sections, SEARCHED_SECTIONS);
    if (!values.length) throw new SearchInputError("sections must name at least one section");
    // all sections is the same as no filter: leave it out
    if (new Set(values).size < SEARCHED_SECTIONS.length) out.push({ field: "section", op: "in", values });
  }
  return out;
}

/** A Meilisearch filter expression for the clauses; every string value is quoted and escaped. */
export function meiliFilter(clauses: readonly FilterClause[]): string | undefined {
  const parts = clauses.map((c): string => {
    switch (c.op) {
      case "in":
        return c.values.length === 1
          ? `${c.field} = ${literal(c.values[0])}`
          : `${c.field} IN [${c.values.map(literal).join(", ")}]`;
      case "all":
        return c.values.map((v) => `${c.field} = ${literal(v)}`).join(" AND ");
      case "range":
        return [
          c.gte !== undefined ? `${c.field} >= ${c.gte}` : "",
          c.lte !== undefined ? `${c.field} <= ${c.lte}` : "",
        ]
          .filter(Boolean)
          .join(" AND ");
      case "is":
        return `${c.field} = ${c.value}`;
    }
  });
  return parts.length ? parts.map((p) => `(${p})`).join(" AND ") : undefined;
}

/**
 * A value in a filter: numbers as digits (validated integers), strings always in double quotes with
 * backslash and double quote escaped — so a value such as `广东省" OR year > 0` stays one value and
 * cannot widen the filter.
 */
export function literal(v: string | number): string {
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) throw new SearchInputError(`not an integer: ${v}`);
    return String(v);
  }
  return `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function list<T>(name: string, v: T | readonly T[], max = MAX_VALUES): T[] {
  const xs = Array.isArray(v) ? [...(v as T[])] : [v as T];
  if (!xs.length) throw new SearchInputError(`${name}: empty list`);
  if (xs.length > max) throw new SearchInputError(`${name}: more than ${max} values`);
  return xs;
}

/** Fields a caller may filter by with a list of values (filterClauses takes each as one "in" clause). */
export type ListField = "year" | "format" | "province" | "city" | "county" | "level" | "kind" | "agencyId" | "reportId";

/**
 * Whether `filterClauses` takes these values for `field` exactly as they are: valid, within the limits,
 * and already in normal form (a traditional or padded place name is normalised there, so the index would
 * answer for another value). Callers with exact semantics of their own (the API's `where`, compared
 * exactly by Postgres) send the index only such values and check the others themselves.
 */
export function takesValuesAsGiven(field: ListField, values: readonly (string | number)[]): boolean {
  try {
    const [clause] = filterClauses({ [field]: values } as SearchFilters);
    return (
      clause.op === "in" && clause.values.length === values.length && clause.values.every((v, i) => v === values[i])
    );
  } catch (e) {
    if (e instanceof SearchInputError) return false;
    throw e;
  }
}

/** A year comparison as an inclusive range: years are whole, so `_gt: 2020` is `gte: 2021`. */
export function yearRange(op: "gt" | "gte" | "lt" | "lte", year: number): YearRange {
  switch (op) {
    case "gt":
      return { gte: year + 1 };
    case "gte":
      return { gte: year };
    case "lt":
      return { lte: year - 1 };
    case "lte":
      return { lte: year };
  }
}

/** Whether `filterClauses` takes this year range as it is (years 1900–2200). */
export function takesYearRange(range: YearRange): boolean {
  try {
    filterClauses({ year: range });
    return true;
  } catch (e) {
    if (e instanceof SearchInputError) return false;
    throw e;
  }
}

/** Place names are stored simplified (division names): a traditional spelling finds them too. */
const placeName = (s: string): string => toHalfWidth(toSimplified(s)).trim();

/** Free-text values, normalised as the stored values are. */
function strings(name: string, v: string | readonly string[], normalise: (s: string) => string): string[] {
  return [
    ...new Set(
      list(name, v).map((s) => {
        if (typeof s !== "string") throw new SearchInputError(`${name}: values must be strings`);
        const n = normalise(s);
        if (!n) throw new SearchInputError(`${name}: empty value`);
        if (n.length > MAX_VALUE_LENGTH)
          throw new SearchInputError(`${name}: value longer than ${MAX_VALUE_LENGTH} characters`);
        return n;
      }),
    ),
  ];
}

function oneOf<T extends string>(name: string, v: string | readonly string[], allowed: readonly T[]): T[] {
  return [
    ...new Set(
      list(name, v).map((s) => {
        if (!allowed.includes(s as T))
          throw new SearchInputError(`${name}: "${String(s)}" is not one of ${allowed.join(", ")}`);
        return s as T;
      }),
    ),
  ];
}

/** `v` as an integer in [min, max], or SearchInputError naming `name`. */
export function intIn(name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new SearchInputError(`${name} must be an integer from ${min} to ${max}`);
  }
  return v;
}

function facetList(facets: SearchInput["facets"]): Facet[] {
  if (facets === undefined || facets === false) return [];
  if (facets === true) return [...DEFAULT_FACETS];
  return oneOf("facets", facets, FACETS);
}

function orderByOf(orderBy: SearchOrderBy | undefined): SearchOrderBy {
  if (orderBy === undefined) return "relevance";
  if (!ORDER_BYS.includes(orderBy)) throw new SearchInputError(`orderBy must be one of ${ORDER_BYS.join(", ")}`);
  return orderBy;
}

/**
 * Meilisearch looks at the first ten terms of a query (a phrase counts as one): the ranking words fill
 * what the phrases leave, each term's words in turn.
 */
const MAX_QUERY_WORDS = 10;

/** The terms' jieba words (wordTokens), after `phrases` terms, within MAX_QUERY_WORDS. */
function rankingWords(terms: readonly string[], phrases: number): string[] {
  const words = [...new Set(terms.flatMap(rankingWordsOfTerm))];
  return words.slice(0, Math.max(0, MAX_QUERY_WORDS - phrases));
}
