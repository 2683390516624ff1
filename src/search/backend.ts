/**
 * The Meilisearch SearchService behind the GraphQL layer's SearchBackend interface: structured
 * conditions become index filters, offset/limit become the service's pages (at most 100 a page; scans, which
 * ask for no snippets, get ids only in pages of up to 1,000).
 */
import {
  FACET_FIELDS,
  type SearchBackend,
  type SearchCondition,
  type SearchRequest,
  type SearchResponse,
} from "./search-backend.js";
import { MAX_IDS_PER_PAGE, yearRange, type SearchFilters, type YearRange } from "./params.js";
import type { SearchService } from "./service.js";

const PAGE_MAX = 100;

export function toSearchFilters(conditions: SearchCondition[]): SearchFilters {
  const f: Record<string, unknown> = {};
  for (const c of conditions) {
    if (c.op === "in") {
      // two `in` conditions on one field are ANDed: keep their intersection
      const prev = f[c.field] as (string | number)[] | undefined;
      f[c.field] = prev ? prev.filter((x) => c.values.includes(x)) : [...c.values];
      continue;
    }
    const r = (f.year && !Array.isArray(f.year) ? f.year : {}) as YearRange;
    const { gte, lte } = yearRange(c.op, c.value);
    if (gte !== undefined) r.gte = Math.max(r.gte ?? -Infinity, gte);
    if (lte !== undefined) r.lte = Math.min(r.lte ?? Infinity, lte);
    f.year = Array.isArray(f.year)
      ? (f.year as number[]).filter((y) => (r.gte ?? -Infinity) <= y && y <= (r.lte ?? Infinity))
      : r;
  }
  return f as SearchFilters;
}

export class MeilisearchBackend implements SearchBackend {
  constructor(private readonly service: SearchService) {}

  async search(req: SearchRequest): Promise<SearchResponse> {
    const filters = toSearchFilters(req.filters);
    const idsOnly = req.snippets === false;
    // scans (ids only) in pages of up to 1,000 without text; pages of hits with snippets at most 100
    const size = Math.max(1, Math.min(idsOnly ? MAX_IDS_PER_PAGE : PAGE_MAX, req.limit));
    const hits: SearchResponse["hits"] = [];
    let total = 0;
    let relatedTotal = 0;
    let facetCounts: SearchResponse["facets"] = {};
    // pages of `size` covering [offset, offset + limit)
    const firstPage = Math.floor(req.offset / size) + 1;
    for (let page = firstPage; ; page++) {
      const input = {
        query: req.query,
        filters,
        sections: req.sections as never,
        orderBy: req.orderBy,
        related: !idsOnly && req.related === true,
        page,
        hitsPerPage: size,
      };
      // facets (of all candidates) come with the first page: by default for pages of hits, on request for scans
      const facets = page === firstPage && (req.facets ?? !idsOnly) ? [...FACET_FIELDS] : false;
      const res = idsOnly
        ? await this.service.candidates({ ...input, facets })
        : await this.service.search({ ...input, facets });
      total = res.totalHits;
      if ("relatedCount" in res) relatedTotal = (res as { relatedCount: number }).relatedCount;
      if (res.facets) facetCounts = res.facets as SearchResponse["facets"];
      const found: SearchResponse["hits"] = idsOnly
        ? res.hits.map((h) => ({
            reportId: h.reportId,
            section: h.section,
            score: h.score ?? 0,
            snippet: "",
            highlights: [],
          }))
        : (res as Awaited<ReturnType<SearchService["search"]>>).hits.map((h) => ({
            reportId: h.reportId,
            section: h.section,
            score: h.score ?? 0,
            snippet: h.snippet.text,
            highlights: h.snippet.highlights.map((x) => ({ start: x.start, end: x.end })),
            match: h.match,
          }));
      found.forEach((h, i) => {
        const at = (page - 1) * size + i;
        if (at >= req.offset && at < req.offset + req.limit) hits.push(h);
      });
      if (page * size >= req.offset + req.limit || page >= res.totalPages) break;
    }
    return { hits, total, facets: facetCounts, ...(req.related ? { relatedTotal } : {}) };
  }
}
