/**
 * Splits a report `where` into what the search index can filter by itself (conditions on fields every
 * search document carries) and the rest, which only Postgres can evaluate. Only operators whose meaning
 * is the same in both places go to the index: `_eq`, `_in` and year ranges, and only with values the
 * index filter takes as they are (params.ts: valid, in normal form, within its limits) — Postgres
 * compares exactly, so `廣東省` or a level that does not exist must match nothing, not be normalised or
 * refused by the engine. `_neq`/`_nin` stay in Postgres because SQL leaves NULLs out of them and
 * Meilisearch's NOT keeps them.
 */
import { takesValuesAsGiven, takesYearRange, yearRange } from "../search/params.js";
import type { SearchCondition, SearchField } from "../search/search-backend.js";
import { checkPlaceComparison, mentionsIsCurrent, type Comparison, type ReportWhere } from "./where.js";

/** the year comparisons the index takes (as inclusive ranges: params.ts yearRange) */
const RANGE_OPS = new Set(["_gt", "_gte", "_lt", "_lte"]);

const INDEXED: Partial<Record<keyof ReportWhere, SearchField>> = {
  id: "reportId",
  agencyId: "agencyId",
  year: "year",
  province: "province",
  city: "city",
  county: "county",
  level: "level",
  kind: "kind",
  format: "format",
};

export interface SplitWhere {
  index: SearchCondition[];
  /** what Postgres must still check; null when the index conditions say it all */
  residual: ReportWhere | null;
  /** an index condition that nothing can satisfy (`_in: []`): the answer is empty */
  empty: boolean;
}

/** Top-level conjuncts: the filter's own fields and, recursively, the members of its `_and`. */
function conjuncts(w: ReportWhere): ReportWhere[] {
  const out: ReportWhere[] = [];
  for (const [key, value] of Object.entries(w)) {
    if (value === null || value === undefined) continue;
    if (key === "_and") for (const x of value as ReportWhere[]) out.push(...conjuncts(x));
    else out.push({ [key]: value });
  }
  return out;
}

export function splitWhere(where: ReportWhere | null | undefined): SplitWhere {
  const index: SearchCondition[] = [];
  const residual: ReportWhere[] = [];
  let empty = false;
  for (const c of where ? conjuncts(where) : []) {
    const [key, value] = Object.entries(c)[0] as [keyof ReportWhere, unknown];
    const field = INDEXED[key];
    if (!field) {
      residual.push(c);
      continue;
    }
    // what goes to the engine is checked as Postgres would check it (the rest is, when compiled)
    checkPlaceComparison(key, value as Comparison<unknown>);
    const rest: Comparison<unknown> = {};
    for (const [op, v] of Object.entries(value as Comparison<unknown>)) {
      if (v === null || v === undefined) continue;
      const values = op === "_eq" ? [v as string | number] : op === "_in" ? (v as (string | number)[]) : null;
      if (op === "_in" && !values!.length) empty = true;
      else if (values && takesValuesAsGiven(field, values)) index.push({ field, op: "in", values });
      else if (field === "year" && RANGE_OPS.has(op) && takesYearRange(yearRange(op.slice(1) as "gt", v as number))) {
        index.push({ field, op: op.slice(1) as "gt", value: v as number });
      } else (rest as Record<string, unknown>)[op] = v;
    }
    if (Object.keys(rest).length) residual.push({ [key]: rest });
  }
  return {
    index,
    residual: residual.length ? (residual.length === 1 ? residual[0] : { _and: residual }) : null,
    empty,
  };
}

/**
 * Whether `where` selects current revisions only — what the index holds. Without a word about
 * `isCurrent` it does (the default); with one, only as a top-level `isCurrent: {_eq: true}` (or
 * `_neq: false`) and nowhere else. Any other use of `isCurrent` may select older revisions, which ranked
 * search cannot find: the API refuses it rather than answer an empty page as if it were complete.
 */
export function selectsCurrentOnly(where: ReportWhere | null | undefined): boolean {
  if (!mentionsIsCurrent(where)) return true;
  let current = false;
  for (const c of conjuncts(where!)) {
    if (!c.isCurrent) {
      if (mentionsIsCurrent(c)) return false;
      continue;
    }
    const ops = Object.entries(c.isCurrent).filter(([, v]) => v !== null && v !== undefined);
    if (!ops.length) continue;
    if (!ops.every(([op, v]) => (op === "_eq" && v === true) || (op === "_neq" && v === false))) return false;
    current = true;
  }
  return current;
}
