/**
 * Ranked search of the narrative sections in Meilisearch — hits with report id, section, a snippet of
 * the ORIGINAL text with the matched terms marked, score, and facet counts — for the API's backend
 * (backend.ts) and scripts. When Meilisearch is down it throws SearchUnavailableError (code
 * SEARCH_UNAVAILABLE). The exact path (every section containing the terms, exact counts) is Postgres's:
 * services/exact-search.service.ts.
 */
import type { Meilisearch } from "meilisearch";
import { apiError, isUnavailable, SearchUnavailableError } from "./client.js";
import type { SearchedSection, SectionDocument, SectionOrigin } from "./documents.js";
import { buildSearchParams, type Facet, type SearchInput } from "./params.js";
import { buildSnippet, type Snippet } from "./snippet.js";

export interface SearchServiceOptions {
  client: Meilisearch;
  indexName: string;
  /** a search that takes longer counts as Meilisearch unavailable (default 5000 ms) */
  timeoutMs?: number;
  /** snippet length in characters (default 120) */
  snippetLength?: number;
  /** hide invented reports whatever the caller asks (an instance with GONGKAI_DEMO=false) */
  realOnly?: boolean;
}

export interface SearchHit extends SectionOrigin {
  /** `<reportId>-<section>` */
  id: string;
  /** the section's keywords */
  terms: string[];
  synthetic: boolean;
  /** Meilisearch's ranking score, 0–1 */
  score: number | null;
  snippet: Snippet;
}

export interface SearchResult {
  query: string;
  /** the normalised terms every hit contains */
  terms: string[];
  hits: SearchHit[];
  /** all matching sections (exact up to the index's pagination.maxTotalHits) */
  totalHits: number;
  page: number;
  hitsPerPage: number;
  totalPages: number;
  facets?: Partial<Record<Facet, Record<string, number>>>;
  /** Meilisearch's own time */
  processingTimeMs: number;
}

export class SearchService {
  private readonly client: Meilisearch;
  private readonly indexName: string;
  private readonly timeoutMs: number;
  private readonly snippetLength: number;
  private readonly realOnly: boolean;

  constructor(options: SearchServiceOptions) {
    this.client = options.client;
    this.indexName = options.indexName;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.snippetLength = options.snippetLength ?? 120;
    this.realOnly = options.realOnly ?? false;
  }

  /** Ranked search. Throws SearchInputError for bad input, SearchUnavailableError when Meilisearch is down. */
  async search(input: Omit<SearchInput, "idsOnly">): Promise<SearchResult> {
    const built = buildSearchParams(this.scoped(input));
    const res = await this.run(built);
    const hits = res.hits.map(
      (h): SearchHit => ({
        id: h.id,
        reportId: h.reportId,
        agencyId: h.agencyId,
        agency: h.agency,
        year: h.year,
        format: h.format,
        province: h.province,
        city: h.city,
        county: h.county,
        level: h.level,
        kind: h.kind,
        section: h.section,
        terms: h.terms,
        synthetic: h.synthetic,
        score: h._rankingScore ?? null,
        snippet: buildSnippet(h.text, built.terms, { length: this.snippetLength }),
      }),
    );
    // page + hitsPerPage were asked for (params.ts), so these are the page-based counts
    const pages = res as unknown as { totalHits: number; page: number; hitsPerPage: number; totalPages: number };
    return {
      query: input.query,
      terms: built.terms,
      hits,
      totalHits: pages.totalHits,
      page: pages.page,
      hitsPerPage: pages.hitsPerPage,
      totalPages: pages.totalPages,
      ...(res.facetDistribution ? { facets: res.facetDistribution as SearchResult["facets"] } : {}),
      processingTimeMs: res.processingTimeMs,
    };
  }

  /**
   * Ranked candidates without text or snippets, up to MAX_IDS_PER_PAGE a page: for a caller that checks
   * them elsewhere (the API filters them by conditions only Postgres knows) — far cheaper than `search`
   * for hundreds of hits. `facets` as in `search`.
   */
  async candidates(input: Omit<SearchInput, "idsOnly">): Promise<{
    hits: { reportId: number; section: SearchedSection; score: number | null }[];
    totalHits: number;
    totalPages: number;
    facets?: SearchResult["facets"];
  }> {
    const built = buildSearchParams(this.scoped({ ...input, idsOnly: true }));
    const res = await this.run(built);
    const pages = res as unknown as { totalHits: number; totalPages: number };
    return {
      hits: res.hits.map((h) => ({ reportId: h.reportId, section: h.section, score: h._rankingScore ?? null })),
      totalHits: pages.totalHits,
      totalPages: pages.totalPages,
      ...(res.facetDistribution ? { facets: res.facetDistribution as SearchResult["facets"] } : {}),
    };
  }

  private async run(built: ReturnType<typeof buildSearchParams>) {
    try {
      return await this.client
        .index<SectionDocument>(this.indexName)
        .search(built.q, built.params, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      // a missing index is a server that lost its data or was never set up: unavailable as well
      if (isUnavailable(e) || apiError(e)?.cause?.code === "index_not_found") throw new SearchUnavailableError(e);
      throw e;
    }
  }

  private scoped<T extends { filters?: SearchInput["filters"] }>(input: T): T {
    if (!this.realOnly) return input;
    return { ...input, filters: { ...input.filters, synthetic: false } };
  }
}
