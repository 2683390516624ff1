/**
 * Ranked search of the narrative sections in Meilisearch — hits with report id, section, a snippet of
 * the ORIGINAL text with the matched terms marked, score, and facet counts — for the API's backend
 * (backend.ts) and scripts. When Meilisearch is down it throws SearchUnavailableError (code
 * SEARCH_UNAVAILABLE). The exact path (every section containing the terms, exact counts) is Postgres's:
 * services/exact-search.service.ts.
 */
import type { Meilisearch, SearchParams, SearchResponse } from "meilisearch";
import { apiError, isUnavailable, SearchUnavailableError } from "./client.js";
import type { SearchedSection, SectionDocument, SectionOrigin } from "./documents.js";
import {
  buildSearchParams,
  CANDIDATE_ATTRIBUTES,
  literal,
  RETRIEVED_ATTRIBUTES,
  relatedParams,
  type Facet,
  type SearchInput,
} from "./params.js";
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
  /** all_terms: the section holds every term; related: it holds the query's first jieba word, not every term */
  match: HitMatch;
}

export type HitMatch = "all_terms" | "related";

/**
 * Related hits are offered when at most this many sections hold every term: a page past them reads
 * that many ids and the related candidates up to the page (docs/search.md, "Related hits").
 */
export const RELATED_MAX_ALL_TERMS = 1000;

export interface SearchResult {
  query: string;
  /** the normalised terms every hit contains */
  terms: string[];
  hits: SearchHit[];
  /** all sections holding every term (exact up to the index's pagination.maxTotalHits) */
  totalHits: number;
  /** related sections, listed after the totalHits ones (0 when related hits are off) */
  relatedCount: number;
  page: number;
  hitsPerPage: number;
  /** pages of totalHits + relatedCount hits */
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
    if (built.related) return this.withRelated(input.query, built);
    const res = await this.run(built);
    // page + hitsPerPage were asked for (params.ts), so these are the page-based counts
    const pages = res as unknown as { totalHits: number; page: number; hitsPerPage: number; totalPages: number };
    return {
      query: input.query,
      terms: built.terms,
      hits: res.hits.map((h) => this.hit(h, built.terms, "all_terms")),
      totalHits: pages.totalHits,
      relatedCount: 0,
      page: pages.page,
      hitsPerPage: pages.hitsPerPage,
      totalPages: pages.totalPages,
      ...(res.facetDistribution ? { facets: res.facetDistribution as SearchResult["facets"] } : {}),
      processingTimeMs: res.processingTimeMs,
    };
  }

  /**
   * Relevance with related hits: the sections holding every term first (their pages, totals and facets
   * as without), then the related ones. One multi-search answers a page of the first kind and counts the
   * related (two totals); a page reaching past the first kind makes one more: the ids of every hit of
   * the first kind and the related candidates up to the page, those ids left out — no duplicates, no gaps.
   */
  private async withRelated(query: string, built: ReturnType<typeof buildSearchParams>): Promise<SearchResult> {
    const page = built.params.page!;
    const hitsPerPage = built.params.hitsPerPage!;
    const rel = relatedParams(built);
    const count = (x: { q: string; params: SearchParams }) => ({ ...x.params, q: x.q, page: 1, hitsPerPage: 0 });
    const [a, w, overlap] = await this.multi([{ ...built.params, q: built.q }, count(rel.related), count(rel.overlap)]);
    const all = a.totalHits!;
    const relatedCount = all > RELATED_MAX_ALL_TERMS ? 0 : Math.max(0, w.totalHits! - overlap.totalHits!);
    const hits = a.hits.map((h) => this.hit(h as unknown as SectionDocument, built.terms, "all_terms"));
    const from = Math.max(0, (page - 1) * hitsPerPage - all);
    const to = Math.min(relatedCount, page * hitsPerPage - all);
    let ms = a.processingTimeMs;
    if (to > from) {
      // ids only (the texts of a thousand candidates cost ≈ 100 ms more): the related candidates that hold
      // every term, and those up to the page; then the page's related documents by id
      const [ids, candidates] = await this.multi([
        // the related candidates that hold every term (related ∩ all-terms = the overlap query's hits)
        { ...rel.overlap.params, q: rel.overlap.q, offset: 0, limit: overlap.totalHits!, attributesToRetrieve: ["id"] },
        {
          ...rel.related.params,
          q: rel.related.q,
          offset: 0,
          limit: overlap.totalHits! + to,
          attributesToRetrieve: [...CANDIDATE_ATTRIBUTES, "id"],
        },
      ]);
      const inAll = new Set(ids.hits.map((h) => h.id as string));
      const page = candidates.hits.filter((h) => !inAll.has(h.id as string)).slice(from, to);
      if (page.length) {
        const [docs] = await this.multi([
          {
            q: "",
            filter: page
              .map((h) => `(reportId = ${Number(h.reportId)} AND section = ${literal(String(h.section))})`)
              .join(" OR "),
            limit: page.length,
            attributesToRetrieve: [...RETRIEVED_ATTRIBUTES],
          },
        ]);
        const byId = new Map(docs.hits.map((d) => [d.id as string, d]));
        for (const h of page) {
          const d = byId.get(h.id as string);
          if (d)
            hits.push(
              this.hit(
                { ...(d as unknown as SectionDocument), _rankingScore: h._rankingScore },
                built.terms,
                "related",
              ),
            );
        }
      }
      ms += Math.max(ids.processingTimeMs, candidates.processingTimeMs);
    }
    return {
      query,
      terms: built.terms,
      hits,
      totalHits: all,
      relatedCount,
      page,
      hitsPerPage,
      totalPages: Math.ceil((all + relatedCount) / hitsPerPage),
      ...(a.facetDistribution ? { facets: a.facetDistribution as SearchResult["facets"] } : {}),
      processingTimeMs: ms + w.processingTimeMs,
    };
  }

  private hit(h: SectionDocument & { _rankingScore?: number }, terms: string[], match: HitMatch): SearchHit {
    return {
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
      snippet: buildSnippet(h.text, terms, { length: this.snippetLength }),
      match,
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

  private async multi(
    queries: (Omit<SearchParams, "q"> & { q: string })[],
  ): Promise<SearchResponse<Record<string, unknown>>[]> {
    try {
      const res = await this.client.multiSearch(
        { queries: queries.map((q) => ({ indexUid: this.indexName, ...q })) },
        { signal: AbortSignal.timeout(this.timeoutMs) },
      );
      return res.results as unknown as SearchResponse<Record<string, unknown>>[];
    } catch (e) {
      if (isUnavailable(e) || apiError(e)?.cause?.code === "index_not_found") throw new SearchUnavailableError(e);
      throw e;
    }
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
