/**
 * The exhaustive search path, in Postgres: every section whose simplified text contains every term
 * (the query normalised like the index — opencc-simplified, half-width, lower case — and split at spaces
 * and punctuation), by default in the sections the index holds (summary, problems_improvements, other;
 * `problems`/`improvements` only when asked for: they repeat problems_improvements), joined with the report `where` in the same SQL statement, so `search ∩ where` is exact.
 * Substring semantics, checked with LIKE on `section.text_simplified` (trigram GIN index for terms of
 * three or more characters). Hits are not ranked: newest year first, then report and section.
 * Jieba tokens are not used as a pre-filter here: the segmentation of a term alone can differ from its
 * segmentation inside a sentence, and a pre-filter must never lose a hit on the exhaustive path.
 */
import type { DataSource } from "typeorm";
import { SEARCHED_SECTIONS } from "../search/documents.js";
import { SearchInputError, type SearchOrderBy, termsOf } from "../search/params.js";
import { buildSnippet } from "../search/snippet.js";
import { badInput } from "./errors.js";
import type { FacetField } from "../search/search-backend.js";
import { likeLiteral, Params } from "./sql.js";
import { reportCondition, type ReportWhere } from "./where.js";

export interface SearchHitRow {
  reportId: number;
  section: string;
  snippet: string;
  highlights: { start: number; end: number }[];
  /** null on the exact path (not ranked) */
  score: number | null;
  /** place in the engine's order when hits were left out of a ranked page (cursors follow it) */
  position?: number;
  /** related: a ranked relevance hit listed after every section holding all terms (default all_terms) */
  match?: "all_terms" | "related";
}

export interface SearchResult {
  hits: SearchHitRow[];
  total: number;
  facets: Record<FacetField, { value: string; count: number }[]>;
  /** false when total and facets are not exact (see search.service.ts) */
  exhaustive: boolean;
  /** where the next page starts, when hits were left out of this one (default offset + hits) */
  nextOffset?: number;
  /** whether a next page may hold hits, when `total` (an estimate) cannot say (default: next < total) */
  hasMore?: boolean;
  /** related hits, listed after the `total` ones (ranked relevance only; default 0) */
  relatedCount?: number;
}

/**
 * The query's terms in the matching form — split at white space AND punctuation, as the index does
 * (segment.ts), so that both modes look for the same thing: the index cannot match punctuation at all
 * (it is a sentence break there). Refuses empty and oversized queries; a query of punctuation alone is
 * empty (ranked search would otherwise send Meilisearch an empty query, which matches everything).
 * The limits are the index's own (params.ts termsOf), so no query passes here and fails there.
 */
export function queryTerms(query: string): string[] {
  let terms: string[];
  try {
    terms = termsOf(query);
  } catch (e) {
    if (e instanceof SearchInputError) throw badInput(e.message);
    throw e;
  }
  if (!terms.length) throw badInput("query is empty: it has no letters or digits");
  return terms;
}

export function emptyFacets(): SearchResult["facets"] {
  return { year: [], province: [], level: [], kind: [], section: [] };
}

/** facet fields and their columns in the `hits` set below */
/** Up to this many reports selected by the where, exact search reads their sections instead of using the trigram index. */
const REPORT_READ_LIMIT = 10_000;

const FACET_SQL: [FacetField, string][] = [
  ["year", "year"],
  ["province", "province"],
  ["level", "level"],
  ["kind", "kind"],
  ["section", "key"],
];

export class ExactSearch {
  /** realOnly: GONGKAI_DEMO=false, invented (synthetic) reports and agencies are never shown */
  constructor(
    private readonly ds: DataSource,
    private readonly realOnly = false,
  ) {}

  async search(args: {
    query: string;
    where?: ReportWhere | null;
    sections?: string[] | null;
    limit: number;
    offset: number;
    /** exact search is not ranked: relevance is newest first, like year_desc */
    orderBy?: SearchOrderBy | null;
  }): Promise<SearchResult> {
    const terms = queryTerms(args.query);
    const dir = args.orderBy === "year_asc" ? "ASC" : "DESC";
    const p = new Params(this.realOnly);
    // Where the where leaves few reports, their sections are read (strpos, which no index serves, so the
    // plan starts from the reports); otherwise the trigram index finds the sections (LIKE). The planner
    // cannot choose well itself: it estimates a CJK term's LIKE at a few dozen rows, even for one in
    // 88% of the sections, and started from that scan (2.3 s for year + province at 100k reports).
    const fewReports = args.where && (await this.reportsUpTo(args.where, REPORT_READ_LIMIT + 1)) <= REPORT_READ_LIMIT;
    const conds = [
      reportCondition(args.where, p),
      ...terms.map((t) =>
        fewReports
          ? `strpos(s.text_simplified, ${p.add(t)}) > 0`
          : `s.text_simplified LIKE ${p.add(`%${likeLiteral(t)}%`)}`,
      ),
    ];
    // by default the sections the index holds, so that exact and ranked search agree on what matches
    conds.push(`s.key = ANY(${p.add(args.sections?.length ? args.sections : [...SEARCHED_SECTIONS])})`);
    // one pass over the matches: a frequent term matches a large share of all sections, and the page
    // and the facets then both come from the same materialised set instead of two scans
    const rows: {
      page: { reportId: number; section: string; text: string }[] | null;
      facets: (Record<FacetField, string | null> & { g: number; n: number })[] | null;
    }[] = await this.ds.query(
      `WITH hits AS MATERIALIZED (
           SELECT s.report_id, s.key, r.year, a.province, a.level, a.kind
           FROM section s JOIN report r ON r.id = s.report_id JOIN agency a ON a.id = r.agency_id
           WHERE ${conds.join(" AND ")}),
         page AS (
           SELECT h.report_id, h.key, h.year FROM hits h ORDER BY h.year ${dir}, h.report_id, h.key
           LIMIT ${p.add(args.limit)} OFFSET ${p.add(args.offset)})
         SELECT
           (SELECT json_agg(json_build_object('reportId', pg.report_id, 'section', pg.key, 'text', s.text) ORDER BY pg.year ${dir}, pg.report_id, pg.key)
            FROM page pg JOIN section s ON s.report_id = pg.report_id AND s.key = pg.key) AS page,
           -- every facet in the same pass: one grouping set per field; GROUPING() tells the sets apart
           (SELECT json_agg(f) FROM (
              SELECT ${FACET_SQL.map(([f, e]) => `${e}::text AS "${f}"`).join(", ")}, GROUPING(${FACET_SQL.map(([, e]) => e).join(", ")}) AS g, count(*)::int AS n
              FROM hits GROUP BY GROUPING SETS (${FACET_SQL.map(([, e]) => `(${e})`).join(", ")})) f) AS facets`,
      p.values,
    );
    const page = rows[0].page ?? [];
    const facetRows = rows[0].facets ?? [];

    const facets = emptyFacets();
    let total = 0;
    for (const row of facetRows) {
      // GROUPING's bit for a field is 0 in the set grouped by that field (first field = highest bit)
      const i = FACET_SQL.findIndex((_, k) => ((row.g >> (FACET_SQL.length - 1 - k)) & 1) === 0);
      const [field] = FACET_SQL[i];
      if (field === "section") total += row.n;
      const value = row[field];
      if (value !== null) facets[field].push({ value, count: row.n });
    }
    for (const list of Object.values(facets)) list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));

    return {
      hits: page.map((h) => {
        // the same snippets as ranked hits have (search/snippet.ts)
        const { text, highlights } = buildSnippet(h.text, terms);
        return {
          reportId: h.reportId,
          section: h.section,
          score: null,
          snippet: text,
          highlights: highlights.map(({ start, end }) => ({ start, end })),
        };
      }),
      total,
      facets,
      exhaustive: true,
    };
  }

  /** How many reports `where` selects, counted up to `limit`. */
  private async reportsUpTo(where: ReportWhere, limit: number): Promise<number> {
    const p = new Params(this.realOnly);
    const [row] = await this.ds.query(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM report r JOIN agency a ON a.id = r.agency_id WHERE ${reportCondition(where, p)} LIMIT ${p.add(limit)}) x`,
      p.values,
    );
    return row.n;
  }
}
