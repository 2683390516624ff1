/**
 * The exhaustive search path, in Postgres: every section whose simplified text contains every term
 * (the query normalised like the index — opencc-simplified, half-width, lower case — and split on
 * spaces), joined with the report `where` in the same SQL statement, so `search ∩ where` is exact.
 * Substring semantics, checked with LIKE on `section.text_simplified` (trigram GIN index for terms of
 * three or more characters). Hits are not ranked: newest year first, then report and section.
 * Jieba tokens are not used as a pre-filter here: the segmentation of a term alone can differ from its
 * segmentation inside a sentence, and a pre-filter must never lose a hit on the exhaustive path.
 */
import type { DataSource } from "typeorm";
import { normalizeText } from "../search/segment.js";
import { badInput } from "./errors.js";
import type { FacetField } from "./search-backend.js";
import { makeSnippet } from "./snippet.js";
import { likeLiteral, Params } from "./sql.js";
import { reportCondition, type ReportWhere } from "./where.js";

export const QUERY_LIMITS = { chars: 200, terms: 8 };

export interface SearchHitRow {
  reportId: number;
  section: string;
  snippet: string;
  highlights: { start: number; end: number }[];
  /** null on the exact path (not ranked) */
  score: number | null;
}

export interface SearchResult {
  hits: SearchHitRow[];
  total: number;
  facets: Record<FacetField, { value: string; count: number }[]>;
  /** false when total and facets cover only the first hits scanned (see search.service.ts) */
  exhaustive: boolean;
}

/** The query's terms in the matching form; refuses empty and oversized queries. */
export function queryTerms(query: string): string[] {
  if (query.length > QUERY_LIMITS.chars) throw badInput(`query is longer than ${QUERY_LIMITS.chars} characters`);
  const terms = [...new Set(normalizeText(query).split(" ").filter(Boolean))];
  if (!terms.length) throw badInput("query is empty");
  if (terms.length > QUERY_LIMITS.terms) throw badInput(`query has more than ${QUERY_LIMITS.terms} terms`);
  return terms;
}

export function emptyFacets(): SearchResult["facets"] {
  return { year: [], province: [], level: [], kind: [], section: [] };
}

const FACET_SQL: [FacetField, string][] = [["year", "r.year"], ["province", "a.province"], ["level", "a.level"], ["kind", "a.kind"], ["section", "s.key"]];

export class ExactSearch {
  constructor(private readonly ds: DataSource) {}

  async search(args: { query: string; where?: ReportWhere | null; sections?: string[] | null; limit: number; offset: number }): Promise<SearchResult> {
    const terms = queryTerms(args.query);
    const p = new Params();
    const conds = [reportCondition(args.where, p), ...terms.map((t) => `s.text_simplified LIKE ${p.add(`%${likeLiteral(t)}%`)}`)];
    if (args.sections?.length) conds.push(`s.key = ANY(${p.add(args.sections)})`);
    const from = `FROM section s JOIN report r ON r.id = s.report_id JOIN agency a ON a.id = r.agency_id WHERE ${conds.join(" AND ")}`;

    const pageParams = new Params();
    pageParams.values.push(...p.values);
    const [page, facetRows] = await Promise.all([
      this.ds.query(
        `SELECT s.report_id AS "reportId", s.key AS section, s.text ${from}
         ORDER BY r.year DESC, s.report_id, s.key LIMIT ${pageParams.add(args.limit)} OFFSET ${pageParams.add(args.offset)}`,
        pageParams.values,
      ) as Promise<{ reportId: number; section: string; text: string }[]>,
      // every facet in one pass: one grouping set per field; GROUPING() tells the sets apart
      this.ds.query(
        `SELECT ${FACET_SQL.map(([f, e]) => `${e}::text AS "${f}"`).join(", ")},
                GROUPING(${FACET_SQL.map(([, e]) => e).join(", ")}) AS g, count(*)::int AS n
         ${from} GROUP BY GROUPING SETS (${FACET_SQL.map(([, e]) => `(${e})`).join(", ")})`,
        p.values,
      ) as Promise<(Record<FacetField, string | null> & { g: number; n: number })[]>,
    ]);

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
      hits: page.map((h) => ({ reportId: h.reportId, section: h.section, score: null, ...makeSnippet(h.text, terms) })),
      total,
      facets,
      exhaustive: true,
    };
  }
}
