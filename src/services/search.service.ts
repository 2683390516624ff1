/**
 * `search`: ranked hits from the SearchBackend (Meilisearch), or exact hits from Postgres, always
 * restricted by the same `where` as `reports`. How ranked search meets the where (search ∩ where):
 *  1. conditions the index understands (year, province, …, `_eq`/`_in`/ranges) go to the backend as
 *     filters (search-filters.ts);
 *  2. when the rest is not empty (figures, diagnostics, _or, _not, LIKE, …), Postgres resolves the whole
 *     where to report ids; up to `idFilterLimit` of them go to the backend as a `reportId IN [...]`
 *     filter — hits, total and facets are then exact;
 *  3. beyond that, the backend's first `scanLimit` hits (ids only) are filtered in Postgres; total and
 *     facets then describe those hits and `exhaustive` is false unless the backend had no more.
 * The exact path (exact-search.ts) joins the where in SQL and never needs any of this.
 */
import type { DataSource } from "typeorm";
import { ApiError } from "./errors.js";
import { emptyFacets, ExactSearch, queryTerms, type SearchHitRow, type SearchResult } from "./exact-search.service.js";
import { FACET_FIELDS, type SearchBackend, type SearchCondition, type SearchRequest, type SearchResponse } from "./search-backend.js";
import { splitWhere } from "./search-filters.js";
import { Params } from "./sql.js";
import { reportCondition, type ReportWhere } from "./where.js";

export interface SearchArgs {
  query: string;
  where?: ReportWhere | null;
  sections?: string[] | null;
  limit: number;
  offset: number;
  exact?: boolean | null;
}

export interface SearchOptions {
  /** largest report-id set handed to the backend as a filter (default 5000) */
  idFilterLimit?: number;
  /** hits scanned when the id set is larger (default 1000) */
  scanLimit?: number;
}

/** most sections a report has (summary, problems_improvements, problems, improvements, other) */
const SECTIONS_PER_REPORT = 5;

export class ReportSearchService {
  private readonly idFilterLimit: number;
  private readonly scanLimit: number;
  private readonly exactSearch: ExactSearch;

  constructor(private readonly ds: DataSource, private readonly backend?: SearchBackend, options: SearchOptions = {}) {
    this.idFilterLimit = options.idFilterLimit ?? 5000;
    this.scanLimit = options.scanLimit ?? 1000;
    this.exactSearch = new ExactSearch(ds);
  }

  async search(args: SearchArgs): Promise<SearchResult> {
    if (args.exact) return this.exactSearch.search(args);
    queryTerms(args.query); // the same limits on the query as the exact path
    if (!this.backend) throw unavailable("ranked search is not configured on this server");

    const split = splitWhere(args.where);
    if (split.empty) return none();
    const request = { query: args.query, sections: args.sections ?? undefined, limit: args.limit, offset: args.offset };
    let filters: SearchCondition[] = split.index;
    if (split.residual) {
      const ids = await this.reportIds(args.where, this.idFilterLimit + 1);
      if (!ids.length) return none();
      if (ids.length > this.idFilterLimit) return this.scan(args, split.index);
      filters = [...filters, { field: "reportId", op: "in", values: ids }];
    }
    const res = await this.call({ ...request, filters });
    return { hits: await this.dropStale(res.hits), total: res.total, facets: facetLists(res.facets), exhaustive: true };
  }

  /** Step 3: the where selects too many reports for an id filter; filter the first hits in Postgres. */
  private async scan(args: SearchArgs, index: SearchCondition[]): Promise<SearchResult> {
    const res = await this.call({ query: args.query, sections: args.sections ?? undefined, filters: index, limit: this.scanLimit, offset: 0, snippets: false });
    const p = new Params();
    const ids = [...new Set(res.hits.map((h) => h.reportId))];
    const kept: { id: number; year: number; province: string | null; level: string | null; kind: string | null }[] = ids.length
      ? await this.ds.query(
        `SELECT r.id, r.year, a.province, a.level, a.kind FROM report r JOIN agency a ON a.id = r.agency_id
         WHERE r.id = ANY(${p.add(ids)}) AND ${reportCondition(args.where, p)}`, p.values)
      : [];
    const byId = new Map(kept.map((r) => [r.id, r]));
    const hits = res.hits.filter((h) => byId.has(h.reportId));

    const counts = Object.fromEntries(FACET_FIELDS.map((f) => [f, {} as Record<string, number>]));
    for (const h of hits) {
      const r = byId.get(h.reportId)!;
      const values = { year: String(r.year), province: r.province, level: r.level, kind: r.kind, section: h.section };
      for (const f of FACET_FIELDS) if (values[f] !== null) counts[f][values[f]!] = (counts[f][values[f]!] ?? 0) + 1;
    }

    const page = hits.slice(args.offset, args.offset + args.limit);
    if (page.length) {
      // snippets for this page only: they cost the engine far more than the search itself (STACK.md)
      const pageIds = [...new Set(page.map((h) => h.reportId))];
      const withText = await this.call({
        query: args.query, sections: args.sections ?? undefined, filters: [{ field: "reportId", op: "in", values: pageIds }],
        limit: pageIds.length * SECTIONS_PER_REPORT, offset: 0,
      });
      const text = new Map(withText.hits.map((h) => [`${h.reportId}/${h.section}`, h]));
      for (const [i, h] of page.entries()) {
        const t = text.get(`${h.reportId}/${h.section}`);
        if (t) page[i] = { ...h, snippet: t.snippet, highlights: t.highlights };
      }
    }
    return { hits: page, total: hits.length, facets: facetLists(counts), exhaustive: res.total <= this.scanLimit };
  }

  private async reportIds(where: ReportWhere | null | undefined, limit: number): Promise<number[]> {
    const p = new Params();
    const rows: { id: number }[] = await this.ds.query(
      `SELECT r.id FROM report r JOIN agency a ON a.id = r.agency_id WHERE ${reportCondition(where, p)} LIMIT ${p.add(limit)}`,
      p.values,
    );
    return rows.map((r) => r.id);
  }

  /** The index may still hold a report deleted or superseded a moment ago (outbox not drained yet). */
  private async dropStale<T extends { reportId: number }>(hits: T[]): Promise<T[]> {
    if (!hits.length) return hits;
    const rows: { id: number }[] = await this.ds.query(
      "SELECT id FROM report WHERE id = ANY($1) AND is_current", [[...new Set(hits.map((h) => h.reportId))]]);
    const live = new Set(rows.map((r) => r.id));
    return hits.filter((h) => live.has(h.reportId));
  }

  private async call(request: SearchRequest): Promise<SearchResponse> {
    try {
      return await this.backend!.search(request);
    } catch (e) {
      console.warn(`search backend failed: ${(e as Error).message}`);
      throw unavailable("the search engine is not answering");
    }
  }
}

function unavailable(reason: string): ApiError {
  return new ApiError("SEARCH_UNAVAILABLE", `ranked search is unavailable (${reason}); exact: true searches Postgres and still answers`);
}

function none(): SearchResult {
  return { hits: [], total: 0, facets: emptyFacets(), exhaustive: true };
}

function facetLists(facets: SearchResponse["facets"]): SearchResult["facets"] {
  const out = emptyFacets();
  for (const f of FACET_FIELDS) {
    out[f] = Object.entries(facets[f] ?? {}).map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  }
  return out;
}

export type { SearchHitRow, SearchResult };
