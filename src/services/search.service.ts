/**
 * `search`: ranked hits from the SearchBackend (Meilisearch), or exact hits from Postgres, always
 * restricted by the same `where` as `reports`. How ranked search meets the where (search ∩ where):
 *  1. conditions the index understands (year, province, …, `_eq`/`_in`/ranges) go to the backend as
 *     filters (search-filters.ts);
 *  2. when the rest is not empty (figures, diagnostics, _or, _not, LIKE, …), the backend's first hits
 *     (ids only) are checked against the whole where in Postgres (`scan`): all of them when there are at
 *     most `scanLimit` (exact), or enough to fill the page when at least MIN_SCAN_SHARE of them pass;
 *  3. otherwise Postgres resolves the where to report ids, and up to `idFilterLimit` of them go to the
 *     backend as a `reportId IN [...]` filter — hits, total and facets are then exact; beyond that, the
 *     scan of step 2 goes on.
 * Terms of three or more characters the index matches only approximately (pairApproximated below): the
 * engine's first `checkLimit` candidates are checked in Postgres (`scan` too). Up to that many, hits,
 * total and facets are exact; with more, no page shows a section that lacks a term, and total and facets
 * are estimates (`exhaustive: false`). Checking every candidate of a frequent term costs more than the
 * rest of the search: Meilisearch ranks each one (≈ 30 µs apiece at 300k sections) and Postgres reads
 * each one's text (README, API benchmark). The exact path (exact-search.ts) joins the where in SQL and
 * never needs any of this.
 */
import type { DataSource } from "typeorm";
import { SEARCHED_SECTIONS } from "../search/documents.js";
import { SearchInputError, type SearchOrderBy } from "../search/params.js";
import { searchableText } from "../text/segment.js";
import { ApiError, badInput } from "./errors.js";
import { emptyFacets, ExactSearch, queryTerms, type SearchHitRow, type SearchResult } from "./exact-search.service.js";
import {
  FACET_FIELDS,
  type FacetField,
  type SearchBackend,
  type SearchBackendHit,
  type SearchCondition,
  type SearchRequest,
  type SearchResponse,
} from "../search/search-backend.js";
import { buildSnippet } from "../search/snippet.js";
import { selectsCurrentOnly, splitWhere } from "./search-filters.js";
import { Params } from "./sql.js";
import { reportCondition, type ReportWhere } from "./where.js";

export interface SearchArgs {
  query: string;
  where?: ReportWhere | null;
  sections?: string[] | null;
  limit: number;
  offset: number;
  exact?: boolean | null;
  /** default "relevance"; exact search is not ranked (relevance is year_desc there) */
  orderBy?: SearchOrderBy | null;
  /** relevance only (default true): related hits after the all-terms ones (docs/search.md, Related hits) */
  related?: boolean | null;
}

export interface SearchOptions {
  /** largest report-id set handed to the backend as a filter (default 5000) */
  idFilterLimit?: number;
  /** most hits scanned when the id set is larger (default 1000) */
  scanLimit?: number;
  /** candidates of a term the index approximates that are checked one by one (default 100) */
  checkLimit?: number;
  /** GONGKAI_DEMO=false: hits of invented reports are never shown (the exact path and every check) */
  realOnly?: boolean;
}

/** A candidate the check kept: its place in the engine's order and the values the facets count. */
type CheckedHit = SearchBackendHit & {
  position: number;
  text: string | null;
  facetValues: Record<FacetField, string | null>;
};

/** What a scan asks of the engine and checks in Postgres: `terms` each in the section, the report current and meeting `where`. */
interface ScanCheck {
  filters: SearchCondition[];
  terms: string[];
  where: ReportWhere | null | undefined;
}
/** A scan so far: the engine's first `limit` candidates and those kept. */
interface Scan extends ScanCheck {
  limit: number;
  res: SearchResponse;
  kept: CheckedHit[];
}

/**
 * A where-scan answers without an id filter when at least this share of the engine's first candidates
 * meet the where: pages then fill from a scan of a few hundred candidates, and the estimate is close.
 * Below it, the where's reports are looked up in Postgres first (an id filter makes hits and counts exact).
 */
const MIN_SCAN_SHARE = 0.25;

/** The share of the first `sample` candidates (or all there are) that the check kept. */
function keptShare(scan: Scan, sample: number): number {
  const n = Math.min(sample, scan.res.hits.length);
  return n ? scan.kept.filter((h) => h.position < n).length / n : 0;
}

export class ReportSearchService {
  private readonly idFilterLimit: number;
  private readonly scanLimit: number;
  private readonly checkLimit: number;
  private readonly exactSearch: ExactSearch;
  private readonly realOnly: boolean;

  constructor(
    private readonly ds: DataSource,
    private readonly backend?: SearchBackend,
    options: SearchOptions = {},
  ) {
    this.idFilterLimit = options.idFilterLimit ?? 5000;
    this.scanLimit = options.scanLimit ?? 1000;
    this.checkLimit = options.checkLimit ?? 100;
    this.realOnly = options.realOnly ?? false;
    this.exactSearch = new ExactSearch(ds, this.realOnly);
  }

  async search(args: SearchArgs): Promise<SearchResult> {
    if (args.exact) return this.exactSearch.search(args);
    const terms = queryTerms(args.query); // the same terms and limits as the exact path
    const unindexed = args.sections?.filter((s) => !(SEARCHED_SECTIONS as readonly string[]).includes(s)) ?? [];
    if (unindexed.length) {
      throw badInput(
        `ranked search covers the sections ${SEARCHED_SECTIONS.join(", ")}; ${unindexed.join(", ")} repeat problems_improvements: search that, or use exact: true`,
      );
    }
    if (!selectsCurrentOnly(args.where)) {
      throw badInput(
        "ranked search covers current revisions only (the index holds no older ones), and this where may select older revisions through isCurrent: search them with exact: true",
      );
    }
    const split = splitWhere(args.where); // (refuses a place that is not a division name)
    if (!this.backend) throw unavailable("ranked search is not configured on this server");

    if (split.empty) return none();
    const approximate = terms.some(pairApproximated);
    const checkTerms = approximate ? terms : [];
    let filters: SearchCondition[] = split.index;
    if (split.residual) {
      // the engine's first candidates checked against the where: when there are few, or most meet it, the
      // scan answers (pages fill from it); otherwise the where's reports go to the engine as an id filter
      const first = await this.checked(
        args,
        { filters, terms: checkTerms, where: args.where },
        this.firstSize(args, true),
      );
      if (first.res.total <= this.scanLimit || keptShare(first, this.checkLimit) >= MIN_SCAN_SHARE)
        return this.scan(args, terms, first);
      const ids = await this.reportIds(args.where, this.idFilterLimit + 1);
      if (!ids.length) return none();
      if (ids.length > this.idFilterLimit) return this.scan(args, terms, first);
      filters = [...filters, { field: "reportId", op: "in", values: ids }];
    }
    if (approximate)
      return this.scan(
        args,
        terms,
        await this.checked(args, { filters, terms, where: null }, this.firstSize(args, false)),
      );
    const res = await this.call({
      query: args.query,
      sections: args.sections ?? undefined,
      orderBy: args.orderBy ?? undefined,
      filters,
      limit: args.limit,
      offset: args.offset,
      related: this.wantsRelated(args),
    });
    const { hits, next } = await this.verifiedPage(res.hits, args.offset);
    return {
      hits,
      total: res.total,
      facets: facetLists(res.facets),
      exhaustive: true,
      nextOffset: next,
      relatedCount: res.relatedTotal ?? 0,
    };
  }

  /** How many candidates a scan checks first: at least `checkLimit` and the page; for a where at most `scanLimit`. */
  private firstSize(args: SearchArgs, where: boolean): number {
    const size = Math.max(this.checkLimit, args.offset + args.limit);
    return where ? Math.min(size, this.scanLimit) : size;
  }

  /** The engine's first `limit` candidates (ids only, with its facet counts) and those the check keeps. */
  private async checked(args: SearchArgs, check: ScanCheck, limit: number): Promise<Scan> {
    const res = await this.call({
      query: args.query,
      sections: args.sections ?? undefined,
      orderBy: args.orderBy ?? undefined,
      filters: check.filters,
      offset: 0,
      limit,
      snippets: false,
      facets: true,
    });
    // what scan() will make of it: exact (counted here, a page of the kept hits), or estimated (a where:
    // a page of the kept hits; terms only: a page of the engine's positions, counts from the engine)
    const exact = res.total <= (check.where ? this.scanLimit : this.checkLimit);
    const page = {
      from: args.offset,
      to: args.offset + args.limit,
      of: exact || check.where ? ("kept" as const) : ("engine" as const),
    };
    return { ...check, limit, res, kept: await this.check(res.hits, check, page, exact) };
  }

  /**
   * The answer from checked candidates — for a term the index matches only approximately, or a `where` the
   * engine cannot take. When the engine has at most `checkLimit` candidates (`scanLimit` for a `where`),
   * all are checked: hits, total and facets are exact. Otherwise the first `checkLimit` are (for a
   * `where`, more until the page is full, up to `scanLimit`), and total and facets are estimates: the
   * engine's counts times the share of the first `checkLimit` candidates kept — the same on every page.
   * A term-only check then pages in the engine's positions, so that every page is a slice of one ranking.
   */
  private async scan(args: SearchArgs, terms: string[], first: Scan): Promise<SearchResult> {
    const want = args.offset + args.limit;
    let scan = first;
    if (scan.res.total <= (scan.where ? this.scanLimit : this.checkLimit)) {
      if (scan.res.hits.length < scan.res.total) scan = await this.checked(args, scan, scan.res.total);
      const exact = {
        hits: this.withSnippets(scan.kept.slice(args.offset, want), terms, false),
        total: scan.kept.length,
        facets: counted(scan.kept),
        exhaustive: true,
      };
      // related hits after the kept ones: terms only (a where Postgres checks is not applied to them)
      if (scan.where || !this.wantsRelated(args)) return exact;
      const related = await this.relatedPage(args, scan);
      return { ...exact, hits: [...exact.hits, ...related.hits], relatedCount: related.count };
    }
    while (scan.where && scan.kept.length < want && scan.limit < this.scanLimit)
      scan = await this.checked(args, scan, Math.min(this.scanLimit, scan.limit * 4));
    const share = keptShare(scan, this.checkLimit);
    const estimated = {
      total: Math.round(scan.res.total * share),
      facets: scaled(scan.res.facets, share),
      exhaustive: false,
    };
    if (scan.where) {
      // a page of what the scan kept
      return {
        hits: this.withSnippets(scan.kept.slice(args.offset, want), terms, false),
        ...estimated,
        hasMore: scan.kept.length > want || scan.limit < this.scanLimit,
      };
    }
    const page = scan.kept.filter((h) => h.position >= args.offset && h.position < want);
    return {
      hits: this.withSnippets(page, terms, true),
      ...estimated,
      nextOffset: want,
      hasMore: want < scan.res.total,
    };
  }

  private wantsRelated(args: SearchArgs): boolean {
    return args.related !== false && (args.orderBy ?? "relevance") === "relevance";
  }

  /**
   * The related hits of this page after an exhaustive term check (`scan`: every candidate checked, the
   * kept ones listed first) and their count: the engine lists them after its own candidates (`related`),
   * so they are asked for at its positions past those. A page of kept hits only asks for the count
   * (limit 0: one call).
   */
  private async relatedPage(args: SearchArgs, scan: Scan): Promise<{ hits: SearchHitRow[]; count: number }> {
    const kept = scan.kept.length;
    const from = Math.max(0, args.offset - kept);
    const to = Math.max(from, args.offset + args.limit - kept);
    const res = await this.call({
      query: args.query,
      sections: args.sections ?? undefined,
      orderBy: "relevance",
      filters: scan.filters,
      offset: to > from ? scan.res.total + from : 0,
      limit: to - from,
      related: true,
    });
    const page = res.hits.filter((h) => h.match === "related");
    const { hits } = await this.verifiedPage(page, kept + from);
    return { hits, count: res.relatedTotal ?? 0 };
  }

  /**
   * The hits (engine order) whose report is current and meets `where` and whose section holds each of
   * `terms`; with their text when they are on the page (`page.of`: counted among the kept hits, or by the
   * engine's positions), and with the values the facets count when `places`.
   */
  private async check(
    hits: SearchBackendHit[],
    check: ScanCheck,
    page: { from: number; to: number; of: "kept" | "engine" },
    places: boolean,
  ): Promise<CheckedHit[]> {
    if (!hits.length) return [];
    const p = new Params(this.realOnly);
    const at = page.of === "engine" ? "h.ord" : "row_number() OVER (ORDER BY h.ord)";
    const agency = places || check.where;
    const rows: ({ ord: string; text: string | null } & Partial<{
      year: number;
      province: string | null;
      level: string | null;
      kind: string | null;
    }>)[] = await this.ds.query(
      `SELECT h.ord, CASE WHEN ${at} > ${p.add(page.from)} AND ${at} <= ${p.add(page.to)} THEN s.text END AS text
              ${places ? ", r.year, a.province, a.level, a.kind" : ""}
       FROM unnest(${p.add(hits.map((h) => h.reportId))}::int[], ${p.add(hits.map((h) => h.section))}::text[]) WITH ORDINALITY AS h(report_id, key, ord)
       JOIN section s ON s.report_id = h.report_id AND s.key = h.key
       JOIN report r ON r.id = s.report_id ${agency ? "JOIN agency a ON a.id = r.agency_id" : ""}
       WHERE ${[check.where || this.realOnly ? reportCondition(check.where, p) : "r.is_current", ...check.terms.map((t) => `strpos(s.text_simplified, ${p.add(t)}) > 0`)].join(" AND ")}
       ORDER BY h.ord`,
      p.values,
    );
    return rows.map((r) => {
      const position = Number(r.ord) - 1;
      const h = hits[position];
      const facetValues = {
        year: r.year === undefined ? null : String(r.year),
        province: r.province ?? null,
        level: r.level ?? null,
        kind: r.kind ?? null,
        section: h.section,
      };
      return { ...h, position, text: r.text, facetValues };
    });
  }

  /**
   * The page's hits with snippets cut from their text as the engine's pages have them (search/snippet.ts).
   * `enginePositions`: the page is a slice of the engine's order, and cursors follow each hit's place in
   * it; otherwise it is a slice of the kept hits, and cursors count those (the resolver's default).
   */
  private withSnippets(page: CheckedHit[], terms: string[], enginePositions: boolean): SearchHitRow[] {
    return page.map(({ facetValues: _, text, position, ...h }) => {
      const snippet = buildSnippet(text ?? "", terms);
      return {
        ...h,
        ...(enginePositions ? { position } : {}),
        snippet: snippet.text,
        highlights: snippet.highlights.map(({ start, end }) => ({ start, end })),
      };
    });
  }

  private async reportIds(where: ReportWhere | null | undefined, limit: number): Promise<number[]> {
    const p = new Params(this.realOnly);
    const rows: { id: number }[] = await this.ds.query(
      `SELECT r.id FROM report r JOIN agency a ON a.id = r.agency_id WHERE ${reportCondition(where, p)} LIMIT ${p.add(limit)}`,
      p.values,
    );
    return rows.map((r) => r.id);
  }

  /**
   * The page's hits that are really there: the index may still hold a report deleted or superseded a
   * moment ago (outbox not drained yet). Hits keep their place in the engine's order (`position`), so
   * that cursors and the next page stay right when some are left out.
   */
  private async verifiedPage(
    hits: SearchBackendHit[],
    offset: number,
  ): Promise<{ hits: SearchHitRow[]; next: number }> {
    const live = await this.check(
      hits,
      { filters: [], terms: [], where: null },
      { from: 0, to: 0, of: "engine" },
      false,
    );
    return {
      hits: live.map(({ facetValues: _, text: __, position, ...h }) => ({ ...h, position: offset + position })),
      next: offset + hits.length,
    };
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
  return new ApiError(
    "SEARCH_UNAVAILABLE",
    `ranked search is unavailable (${reason}); exact: true searches Postgres and still answers`,
  );
}

function none(): SearchResult {
  return { hits: [], total: 0, facets: emptyFacets(), exhaustive: true };
}

/** Facet counts of checked hits. */
function counted(hits: CheckedHit[]): SearchResult["facets"] {
  const counts = Object.fromEntries(FACET_FIELDS.map((f) => [f, {} as Record<string, number>])) as Record<
    FacetField,
    Record<string, number>
  >;
  for (const h of hits) {
    for (const f of FACET_FIELDS) {
      const v = h.facetValues[f];
      if (v !== null) counts[f][v] = (counts[f][v] ?? 0) + 1;
    }
  }
  return facetLists(counts);
}

/** The engine's facet counts times the share of checked candidates kept (an estimate; zeros dropped). */
function scaled(facets: SearchResponse["facets"], share: number): SearchResult["facets"] {
  const out: SearchResponse["facets"] = {};
  for (const f of FACET_FIELDS) {
    out[f] = Object.fromEntries(
      Object.entries(facets[f] ?? {})
        .map(([v, n]) => [v, Math.round(n * share)] as const)
        .filter(([, n]) => n > 0),
    );
  }
  return facetLists(out);
}

function facetLists(facets: SearchResponse["facets"]): SearchResult["facets"] {
  const out = emptyFacets();
  for (const f of FACET_FIELDS) {
    out[f] = Object.entries(facets[f] ?? {})
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  }
  return out;
}

export type { SearchHitRow, SearchResult };
