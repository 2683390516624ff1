/**
 * The exact path, for research: which sections contain a term, answered by Postgres with exact counts,
 * for the same filters as the ranked search (the same validated clauses, params.ts).
 *
 * A section matches when its simplified text (`section.text_simplified`, normalised like the query)
 * contains every term: `LIKE '%term%'`, which the planner runs through the trigram index or a scan of
 * the sections that pass the filters, whichever it estimates cheaper.
 *
 * Why not the jieba tsvector (`to_tsvector('simple', tokens)`, GIN) as a prefilter, measured (README):
 * (1) it loses sections where jieba cut the text differently around the term (好差评, 2023年 in the
 * query set: 11 of 2,034 true sections); (2) it is not faster but 10–60× slower, because the tsvector is
 * not stored: whenever the planner filters rather than looks up (frequent words), or rechecks a
 * trigram bitmap, Postgres recomputes to_tsvector from `tokens` for every candidate row.
 */
import type { DataSource } from "typeorm";
import type { Kind, Level } from "../parser/types.js";
import { SEARCHED_SECTIONS, type SearchedSection, type SectionOrigin } from "./documents.js";
import { filterClauses, intIn, SearchInputError, termsOf, type FilterClause, type SearchFilters } from "./params.js";

export const EXACT_FACETS = ["year", "province", "level", "kind", "format", "section"] as const;
export type ExactFacet = (typeof EXACT_FACETS)[number];

export interface ExactInput {
  query: string;
  filters?: SearchFilters;
  sections?: readonly SearchedSection[];
  /** hits to list (default 100, at most 10,000; 0 for counts only) */
  limit?: number;
  offset?: number;
  /** exact counts per value of these fields, over all matching sections */
  facets?: readonly ExactFacet[] | boolean;
}

export interface ExactHit extends SectionOrigin {
  /** occurrences of each term (same order as `terms`) in the section's simplified text */
  occurrences: number[];
}

export interface ExactResult {
  terms: string[];
  /** how many sections match: exact */
  total: number;
  hits: ExactHit[];
  facets?: Partial<Record<ExactFacet, Record<string, number>>>;
  tookMs: number;
}

const COLUMNS: Record<Exclude<FilterClause["field"], "terms">, { sql: string; type: "text" | "int" | "bool" }> = {
  year: { sql: "r.year", type: "int" },
  format: { sql: "r.format", type: "text" },
  province: { sql: "a.province", type: "text" },
  city: { sql: "a.city", type: "text" },
  county: { sql: "a.county", type: "text" },
  level: { sql: "a.level", type: "text" },
  kind: { sql: "a.kind", type: "text" },
  agencyId: { sql: "r.agency_id", type: "int" },
  reportId: { sql: "r.id", type: "int" },
  section: { sql: "s.key", type: "text" },
  synthetic: { sql: "r.synthetic", type: "bool" },
};
const FACET_COLUMNS: Record<ExactFacet, string> = {
  year: "r.year", province: "a.province", level: "a.level", kind: "a.kind", format: "r.format", section: "s.key",
};

/** The WHERE clause (and its parameters) for the query terms and the filters (over section s, report r, agency a). */
export function exactWhere(terms: readonly string[], clauses: readonly FilterClause[]): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown, cast = "") => { params.push(v); return `$${params.length}${cast}`; };
  const conds = ["r.is_current", `s.key = ANY(${p([...SEARCHED_SECTIONS], "::text[]")})`];
  for (const c of clauses) {
    if (c.field === "terms") throw new SearchInputError("the terms filter is not available in exact mode (keywords live in the search index)");
    const col = COLUMNS[c.field];
    switch (c.op) {
      case "in": conds.push(`${col.sql} = ANY(${p(c.values, `::${col.type}[]`)})`); break;
      case "range":
        if (c.gte !== undefined) conds.push(`${col.sql} >= ${p(c.gte, "::int")}`);
        if (c.lte !== undefined) conds.push(`${col.sql} <= ${p(c.lte, "::int")}`);
        break;
      case "is": conds.push(`${col.sql} = ${p(c.value, "::boolean")}`); break;
    }
  }
  for (const t of terms) conds.push(`s.text_simplified LIKE ${p(`%${escapeLike(t)}%`)}`);
  return { where: conds.join(" AND "), params };
}

export const FROM_SECTIONS = `FROM section s JOIN report r ON r.id = s.report_id JOIN agency a ON a.id = r.agency_id`;

export async function exactSearch(ds: DataSource, input: ExactInput): Promise<ExactResult> {
  const started = performance.now();
  const terms = termsOf(input.query);
  if (!terms.length) throw new SearchInputError("exact mode needs a query with at least one term");
  const limit = intIn("limit", input.limit ?? 100, 0, 10_000);
  const offset = intIn("offset", input.offset ?? 0, 0, 1_000_000);
  const facets = input.facets === true ? [...EXACT_FACETS] : input.facets ? [...input.facets] : [];
  for (const f of facets) if (!EXACT_FACETS.includes(f)) throw new SearchInputError(`unknown facet ${f}`);

  const { where, params } = exactWhere(terms, filterClauses(input.filters, input.sections));
  const runner = ds.createQueryRunner();
  try {
    // one snapshot for the count, the page and the facet counts
    await runner.startTransaction("REPEATABLE READ");
    const [{ n: total }] = (await runner.query(`SELECT count(*)::int AS n ${FROM_SECTIONS} WHERE ${where}`, params)) as { n: number }[];
    let hits: ExactHit[] = [];
    if (limit > 0 && offset < total) {
      const occ = terms.map((_, i) => {
        const term = `$${params.length + 3 + i}::text`;
        return `(length(s.text_simplified) - length(replace(s.text_simplified, ${term}, ''))) / length(${term})`;
      });
      const rows = (await runner.query(
        `SELECT s.report_id, r.agency_id, a.canonical_name AS agency, r.year, r.format, a.province, a.city, a.county,
                a.level, a.kind, s.key, ARRAY[${occ.join(", ")}]::int[] AS occurrences
           ${FROM_SECTIONS} WHERE ${where}
          ORDER BY r.year DESC, s.report_id, s.key LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, limit, offset, ...terms],
      )) as Record<string, unknown>[];
      hits = rows.map((row) => ({
        reportId: row.report_id as number, agencyId: row.agency_id as number, agency: row.agency as string,
        year: row.year as number, format: row.format as string | null, province: row.province as string | null,
        city: row.city as string | null, county: row.county as string | null, level: row.level as Level | null,
        kind: row.kind as Kind | null, section: row.key as SearchedSection, occurrences: row.occurrences as number[],
      }));
    }
    let facetCounts: ExactResult["facets"];
    if (facets.length && total > 0) {
      const sets = facets.map((f) => `(${FACET_COLUMNS[f]})`).join(", ");
      const select = facets.map((f, i) => `${FACET_COLUMNS[f]}::text AS f${i}, GROUPING(${FACET_COLUMNS[f]}) AS g${i}`).join(", ");
      const rows = (await runner.query(
        `SELECT ${select}, count(*)::int AS n ${FROM_SECTIONS} WHERE ${where} GROUP BY GROUPING SETS (${sets})`, params,
      )) as Record<string, unknown>[];
      facetCounts = Object.fromEntries(facets.map((f) => [f, {} as Record<string, number>]));
      for (const row of rows) {
        // exactly one facet column is grouped in each row (GROUPING() = 0 for it)
        const i = facets.findIndex((_, k) => Number(row[`g${k}`]) === 0);
        facetCounts[facets[i]]![String(row[`f${i}`] ?? "")] = row.n as number;
      }
    }
    await runner.commitTransaction();
    return { terms, total, hits, ...(facetCounts ? { facets: facetCounts } : {}), tookMs: performance.now() - started };
  } catch (e) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw e;
  } finally {
    await runner.release();
  }
}

/** `%`, `_` and the escape character itself are literal in the term. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
