/**
 * The Meilisearch SearchService behind the GraphQL layer's SearchBackend interface: structured
 * conditions become index filters, offset/limit become the service's pages (at most 100 a page).
 */
import { FACET_FIELDS, type SearchBackend, type SearchCondition, type SearchRequest, type SearchResponse } from "../services/search-backend.js";
import type { SearchFilters } from "./params.js";
import type { SearchService } from "./service.js";

const PAGE_MAX = 100;
const IDS_PAGE_MAX = 1000;

export function toSearchFilters(conditions: SearchCondition[]): SearchFilters {
  const f: Record<string, unknown> = {};
  for (const c of conditions) {
    if (c.op === "in") {
      // two `in` conditions on one field are ANDed: keep their intersection
      const prev = f[c.field] as (string | number)[] | undefined;
      f[c.field] = prev ? prev.filter((x) => c.values.includes(x)) : [...c.values];
      continue;
    }
    if (c.field !== "year") throw new Error(`the search index takes no range on ${c.field}`);
    const r = (f.year && !Array.isArray(f.year) ? f.year : {}) as { gte?: number; lte?: number };
    if (c.op === "gt") r.gte = Math.max(r.gte ?? -Infinity, c.value + 1);
    if (c.op === "gte") r.gte = Math.max(r.gte ?? -Infinity, c.value);
    if (c.op === "lt") r.lte = Math.min(r.lte ?? Infinity, c.value - 1);
    if (c.op === "lte") r.lte = Math.min(r.lte ?? Infinity, c.value);
    f.year = Array.isArray(f.year) ? (f.year as number[]).filter((y) => (r.gte ?? -Infinity) <= y && y <= (r.lte ?? Infinity)) : r;
  }
  return f as SearchFilters;
}

export class MeilisearchBackend implements SearchBackend {
  constructor(private readonly service: SearchService) {}

  async search(req: SearchRequest): Promise<SearchResponse> {
    const filters = toSearchFilters(req.filters);
    // without snippets (scans of the first hits): ids only, in pages of up to 1,000 rather than 100
    const idsOnly = req.snippets === false;
    const size = Math.max(1, Math.min(idsOnly ? IDS_PAGE_MAX : PAGE_MAX, req.limit));
    const hits: SearchResponse["hits"] = [];
    let total = 0;
    let facets: SearchResponse["facets"] = {};
    // pages of `size` covering [offset, offset + limit)
    for (let page = Math.floor(req.offset / size) + 1; ; page++) {
      const first = page === Math.floor(req.offset / size) + 1;
      const res = await this.service.search({
        query: req.query, filters, sections: req.sections as never, page, hitsPerPage: size, idsOnly,
        facets: first ? [...FACET_FIELDS] : false,
      });
      total = res.totalHits;
      if (res.facets) facets = res.facets as SearchResponse["facets"];
      res.hits.forEach((h, i) => {
        const at = (page - 1) * size + i;
        if (at < req.offset || at >= req.offset + req.limit) return;
        hits.push({
          reportId: h.reportId, section: h.section, score: h.score ?? 0,
          snippet: idsOnly ? "" : h.snippet.text,
          highlights: idsOnly ? [] : h.snippet.highlights.map((x) => ({ start: x.start, end: x.end })),
        });
      });
      if (page * size >= req.offset + req.limit || page >= res.totalPages) break;
    }
    return { hits, total, facets };
  }
}
