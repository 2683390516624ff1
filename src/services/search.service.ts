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
 * Terms of three or more characters the index matches only approximately (pairApproximated below):
 * when the engine has at most `scanLimit` candidates, each is checked in Postgres (step 3's scan), so
 * hits, total and facets are exact; with more, the page's hits are checked (none shown that lacks a
 * term) and total and facets are the engine's candidates, `exhaustive` false.
 * The exact path (exact-search.ts) joins the where in SQL and never needs any of this.
 */
import type { DataSource } from "typeorm";
import { SEARCHED_SECTIONS } from "../search/documents.js";
import { SearchInputError } from "../search/params.js";
import { searchableText } from "../search/segment.js";
import { ApiError, badInput } from "./errors.js";
import { emptyFacets, ExactSearch, queryTerms, type SearchHitRow, type SearchResult } from "./exact-search.service.js";
import { FACET_FIELDS, type SearchBackend, type SearchBackendHit, type SearchCondition, type SearchRequest, type SearchResponse } from "./search-backend.js";
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
    const terms = queryTerms(args.query); // the same terms and limits as the exact path
    const unindexed = args.sections?.filter((s) => !(SEARCHED_SECTIONS as readonly string[]).includes(s)) ?? [];
    if (unindexed.length) {
      throw badInput(`ranked search covers the sections ${SEARCHED_SECTIONS.join(", ")}; ${unindexed.join(", ")} repeat problems_improvements: search that, or use exact: true`);
    }
    if (!this.backend) throw unavailable("ranked search is not configured on this server");

    const split = splitWhere(args.where);
    if (split.empty) return none();
    const request = { query: args.query, sections: args.sections ?? undefined, limit: args.limit, offset: args.offset };
    const approximate = terms.some(pairApproximated);
    let filters: SearchCondition[] = split.index;
    if (split.residual) {
      const ids = await this.reportIds(args.where, this.idFilterLimit + 1);
      if (!ids.length) return none();
      if (ids.length > this.idFilterLimit) return this.scan(args, split.index, approximate ? terms : []);
      filters = [...filters, { field: "reportId", op: "in", values: ids }];
    }
    const res = await this.call({ ...request, filters });
    // few enough candidates: check them all, so that hits, total and facets are exact
    if (approximate && res.total > 0 && res.total <= this.scanLimit) return this.scan(args, filters, terms);
    const { hits, next } = await this.verifiedPage(res.hits, args.offset, approximate ? terms : []);
    return { hits, total: res.total, facets: facetLists(res.facets), exhaustive: !approximate || res.total === 0, nextOffset: next };
  }

  /**
   * A filter or term check Meilisearch cannot make (step 3; or candidates of a term the index matches
   * only approximately): its first `scanLimit` hits, ids only, kept when Postgres says the report meets
   * the where and, for `terms`, the section's text contains each.
   */
  private async scan(args: SearchArgs, filters: SearchCondition[], terms: string[]): Promise<SearchResult> {
    const res = await this.call({ query: args.query, sections: args.sections ?? undefined, filters, limit: this.scanLimit, offset: 0, snippets: false });
    const p = new Params();
    const kept: { id: number; key: string; year: number; province: string | null; level: string | null; kind: string | null }[] = res.hits.length
      ? await this.ds.query(
        `SELECT r.id, s.key, r.year, a.province, a.level, a.kind
         FROM unnest(${p.add(res.hits.map((h) => h.reportId))}::int[], ${p.add(res.hits.map((h) => h.section))}::text[]) AS h(report_id, key)
         JOIN section s ON s.report_id = h.report_id AND s.key = h.key
         JOIN report r ON r.id = s.report_id JOIN agency a ON a.id = r.agency_id
         WHERE ${[reportCondition(args.where, p), ...terms.map((t) => `strpos(s.text_simplified, ${p.add(t)}) > 0`)].join(" AND ")}`, p.values)
      : [];
    const byKey = new Map(kept.map((r) => [`${r.id}/${r.key}`, r]));
    const hits = res.hits.filter((h) => byKey.has(`${h.reportId}/${h.section}`));

    const counts = Object.fromEntries(FACET_FIELDS.map((f) => [f, {} as Record<string, number>]));
    for (const h of hits) {
      const r = byKey.get(`${h.reportId}/${h.section}`)!;
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

  /**
   * The page's hits that are really there: the index may still hold a report deleted or superseded a
   * moment ago (outbox not drained yet), and for `terms` (approximated by the index) the section must
   * contain each. Hits keep their place in the engine's order (`position`), so that cursors and the next
   * page stay right when some are left out.
   */
  private async verifiedPage(hits: SearchBackendHit[], offset: number, terms: string[]): Promise<{ hits: SearchHitRow[]; next: number }> {
    const next = offset + hits.length;
    if (!hits.length) return { hits: [], next };
    const p = new Params();
    const rows: { id: number; key: string }[] = await this.ds.query(
      `SELECT s.report_id AS id, s.key
       FROM unnest(${p.add(hits.map((h) => h.reportId))}::int[], ${p.add(hits.map((h) => h.section))}::text[]) AS h(report_id, key)
       JOIN section s ON s.report_id = h.report_id AND s.key = h.key JOIN report r ON r.id = s.report_id
       WHERE ${["r.is_current", ...terms.map((t) => `strpos(s.text_simplified, ${p.add(t)}) > 0`)].join(" AND ")}`, p.values);
    const live = new Set(rows.map((r) => `${r.id}/${r.key}`));
    return { hits: hits.map((h, i) => ({ ...h, position: offset + i })).filter((h) => live.has(`${h.reportId}/${h.section}`)), next };
  }

  private async call(request: SearchRequest): Promise<SearchResponse> {
    try {
      return await this.backend!.search(request);
    } catch (e) {
      // the engine's own checks of what it was sent (the where split keeps unfit values in Postgres)
      if (e instanceof SearchInputError) throw badInput(e.message);
      console.warn(`search backend failed: ${(e as Error).message}`);
      throw unavailable("the search engine is not answering");
    }
  }
}

/**
 * Whether the index matches this term only approximately. A term is sent as a phrase of one word per
 * Han character, and Meilisearch checks a phrase pair by pair of adjacent words (each pair somewhere in
 * the section, not necessarily one run): 信息公开工作 matches a section with 信息公开 in one place and
 * 展开工作 in another. A term of one or two words is exact.
 */
export function pairApproximated(term: string): boolean {
  return searchableText(term).split(" ").length >= 3;
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
