/**
 * What the GraphQL `search` needs from a ranked full-text engine. The Meilisearch implementation is
 * backend.ts (MeilisearchBackend over service.ts's SearchService); the API tests run it against a
 * real Meilisearch. The backend searches the
 * `sections` index (one document per report section, current revisions only) and must understand the
 * structured filters below — the report/agency fields every search document carries, plus `reportId`,
 * which the GraphQL layer uses to intersect ranked hits with filters only Postgres can evaluate
 * (figures, diagnostics, _or/_not, LIKE, …). See services/search.service.ts for the join.
 */

/** Document fields a filter may name (all filterable in the index). */
export type SearchField =
  | "reportId"
  | "agencyId"
  | "year"
  | "province"
  | "city"
  | "county"
  | "level"
  | "kind"
  | "format";

/** One condition; a search's conditions are ANDed. Ranges only on the year. */
export type SearchCondition =
  | { field: SearchField; op: "in"; values: (string | number)[] }
  | { field: "year"; op: "gt" | "gte" | "lt" | "lte"; value: number };

/** Fields facet counts are asked for; a facet counts hits (sections), like Meilisearch's. */
export const FACET_FIELDS = ["year", "province", "level", "kind", "section"] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

export interface SearchRequest {
  /** the user's words, as typed (the backend normalises: opencc-simplified, half-width) */
  query: string;
  filters: SearchCondition[];
  /** section keys to search; absent or empty = all */
  sections?: string[];
  limit: number;
  offset: number;
  /** default "relevance" (docs/search.md, "Ranking"); year_desc / year_asc: strictly by year */
  orderBy?: "relevance" | "year_desc" | "year_asc";
  /**
   * The GraphQL layer answers exact searches itself in Postgres (joined with the where in SQL), so it
   * never sets this; a backend may still offer an exact mode to other callers.
   */
  exact?: boolean;
  /** false: ids, section and score only (snippet "" and no highlights) — for scans; default true */
  snippets?: boolean;
  /** related hits after the all-terms ones (orderBy relevance with snippets only); default false */
  related?: boolean;
  /** facet counts of all candidates (FACET_FIELDS); default: with snippets, not without */
  facets?: boolean;
}

export interface SearchBackendHit {
  reportId: number;
  section: string;
  /** a passage of the ORIGINAL section text (traditional stays traditional) around the best match */
  snippet: string;
  /** matched character ranges in `snippet`, [start, end) in UTF-16 code units */
  highlights: { start: number; end: number }[];
  score: number;
  /** default all_terms */
  match?: "all_terms" | "related";
}

export interface SearchResponse {
  hits: SearchBackendHit[];
  /** hits matching in all (not just this page); may be an estimate above the engine's limit */
  total: number;
  facets: Partial<Record<FacetField, Record<string, number>>>;
  /** related hits, positions total … total + relatedTotal − 1 (with `related` only) */
  relatedTotal?: number;
}

export interface SearchBackend {
  search(request: SearchRequest): Promise<SearchResponse>;
}
