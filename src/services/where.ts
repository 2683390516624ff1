/**
 * The `where` filter in the Hasura habit, compiled to SQL over `report r JOIN agency a`:
 *   { year: { _gte: 2021 }, province: { _eq: "广东省" }, figure: { variable: "t3_new_total", _gt: 100 },
 *     _and: [...], _or: [...], _not: {...} }
 * Operators inside one comparison are ANDed; `_and: []` is true and `_or: []` false. SQL semantics for
 * NULL: `{ province: { _neq: "广东省" } }` leaves out reports without a province (use `_is_null`).
 * Unless the filter says something about `isCurrent` (anywhere in it), only current revisions match.
 */
import { variable as codebookVariable } from "../codebook/index.js";
import { unknownPlace } from "../text/place-names.js";
import { badInput } from "./errors.js";
import type { Params } from "./sql.js";

export interface Comparison<T> {
  _eq?: T | null;
  _neq?: T | null;
  _gt?: T | null;
  _gte?: T | null;
  _lt?: T | null;
  _lte?: T | null;
  _in?: T[] | null;
  _nin?: T[] | null;
  _like?: string | null;
  _ilike?: string | null;
  _is_null?: boolean | null;
}

export interface FigureCondition extends Comparison<number> {
  /** a codebook variable */
  variable: string;
  status?: Comparison<string> | null;
}

export interface DiagnosticCondition {
  code?: Comparison<string> | null;
  severity?: Comparison<string> | null;
  variable?: Comparison<string> | null;
}

/** The agency's place and type: filterable on reports and on agencies alike. */
export interface PlaceWhere {
  province?: Comparison<string> | null;
  city?: Comparison<string> | null;
  county?: Comparison<string> | null;
  divisionCode?: Comparison<string> | null;
  level?: Comparison<string> | null;
  kind?: Comparison<string> | null;
}

export interface ReportWhere extends PlaceWhere {
  id?: Comparison<number> | null;
  agencyId?: Comparison<number> | null;
  agency?: Comparison<string> | null;
  year?: Comparison<number> | null;
  format?: Comparison<string> | null;
  published?: Comparison<string> | null;
  script?: Comparison<string> | null;
  status?: Comparison<string> | null;
  parserVersion?: Comparison<string> | null;
  isCurrent?: Comparison<boolean> | null;
  synthetic?: Comparison<boolean> | null;
  figure?: FigureCondition | null;
  diagnostic?: DiagnosticCondition | null;
  _and?: ReportWhere[] | null;
  _or?: ReportWhere[] | null;
  _not?: ReportWhere | null;
}

export interface AgencyWhere extends PlaceWhere {
  id?: Comparison<number> | null;
  name?: Comparison<string> | null;
  /** agencies with at least one report matching (current revisions unless it says otherwise) */
  reports?: ReportWhere | null;
  _and?: AgencyWhere[] | null;
  _or?: AgencyWhere[] | null;
  _not?: AgencyWhere | null;
}

/** Report and agency columns a filter may name, with the SQL each stands for. */
export const REPORT_COLUMNS = {
  id: "r.id",
  agencyId: "r.agency_id",
  agency: "a.canonical_name",
  year: "r.year",
  format: "r.format",
  published: "r.published",
  script: "r.script",
  status: "r.status",
  parserVersion: "r.parser_version",
  isCurrent: "r.is_current",
  synthetic: "r.synthetic",
  province: "a.province",
  city: "a.city",
  county: "a.county",
  divisionCode: "a.division_code",
  level: "a.level",
  kind: "a.kind",
} as const;

/** Agency filters read `agency ag` (not `a`: a nested report filter joins its own `agency a`). */
const AGENCY_COLUMNS = {
  id: "ag.id",
  name: "ag.canonical_name",
  province: "ag.province",
  city: "ag.city",
  county: "ag.county",
  divisionCode: "ag.division_code",
  level: "ag.level",
  kind: "ag.kind",
} as const;

/** Bounds on a filter's size, so that one request cannot build an unbounded SQL statement. */
export const WHERE_LIMITS = { depth: 8, nodes: 200, inValues: 1000 };

type Counter = { nodes: number };

/** SQL for one comparison object on `col`: its operators ANDed. */
export function comparisonSql(col: string, c: Comparison<unknown>, p: Params, counter: Counter): string[] {
  const out: string[] = [];
  const bump = () => {
    if (++counter.nodes > WHERE_LIMITS.nodes) throw badInput(`where has more than ${WHERE_LIMITS.nodes} conditions`);
  };
  const list = (op: string, v: unknown[]) => {
    if (v.length > WHERE_LIMITS.inValues) throw badInput(`${op} takes at most ${WHERE_LIMITS.inValues} values`);
    if (v.some((x) => x === null || x === undefined)) throw badInput(`${op} values must not be null`);
  };
  for (const [op, v] of Object.entries(c)) {
    if (v === null || v === undefined) continue; // an operator given as null is no condition
    bump();
    switch (op) {
      case "_eq":
        out.push(`${col} = ${p.add(v)}`);
        break;
      case "_neq":
        out.push(`${col} <> ${p.add(v)}`);
        break;
      case "_gt":
        out.push(`${col} > ${p.add(v)}`);
        break;
      case "_gte":
        out.push(`${col} >= ${p.add(v)}`);
        break;
      case "_lt":
        out.push(`${col} < ${p.add(v)}`);
        break;
      case "_lte":
        out.push(`${col} <= ${p.add(v)}`);
        break;
      case "_in":
        list(op, v as unknown[]);
        out.push(`${col} = ANY(${p.add(v)})`);
        break;
      case "_nin":
        list(op, v as unknown[]);
        out.push(`NOT (${col} = ANY(${p.add(v)}))`);
        break;
      case "_like":
        out.push(`${col}::text LIKE ${p.add(v)}`);
        break;
      case "_ilike":
        out.push(`${col}::text ILIKE ${p.add(v)}`);
        break;
      case "_is_null":
        out.push(v ? `${col} IS NULL` : `${col} IS NOT NULL`);
        break;
      default:
        throw badInput(`unknown operator ${op}`);
    }
  }
  return out;
}

const and = (parts: string[]) =>
  parts.length === 0 ? "TRUE" : parts.length === 1 ? parts[0] : `(${parts.join(" AND ")})`;
const or = (parts: string[]) =>
  parts.length === 0 ? "FALSE" : parts.length === 1 ? parts[0] : `(${parts.join(" OR ")})`;

function checkDepth(depth: number) {
  if (depth > WHERE_LIMITS.depth) throw badInput(`where is nested more than ${WHERE_LIMITS.depth} levels deep`);
}

function figureSql(f: FigureCondition, p: Params, counter: Counter): string {
  if (!codebookVariable(f.variable)) throw badInput(`unknown codebook variable "${f.variable}"`);
  const { variable, status, _is_null, ...ops } = f;
  const conds = comparisonSql("f.value", ops, p, counter);
  if (status) conds.push(...comparisonSql("f.status", status, p, counter));
  const base = `SELECT 1 FROM figure f WHERE f.report_id = r.id AND f.variable = ${p.add(variable)}`;
  if (_is_null === true) {
    if (conds.length) throw badInput("figure: _is_null: true cannot be combined with other operators");
    return `NOT EXISTS (${base} AND f.value IS NOT NULL)`;
  }
  if (_is_null === false) conds.push("f.value IS NOT NULL");
  if (!conds.length) throw badInput(`figure filter on ${variable} needs an operator (_eq, _gt, … or _is_null)`);
  // `IS TRUE` (same truth: EXISTS is never null) keeps the EXISTS out of the join tree. Pulled up as a
  // semi-join, the planner sized it by `variable = v AND value > c` with the value histogram of all
  // variables (at 100k reports: 6,600 rows estimated, 99,517 read for t3_new_total > 50) and joined it
  // first, before a year + province filter that leaves 600 reports (90–360 ms). As a filter it is a
  // probe of figure_pkey per report when few reports reach it (≈ 10–40 ms there), or one hashed set of
  // the variable's matching ids when many do (a figure-only filter: as fast as the semi-join).
  return `EXISTS (${base} AND ${conds.join(" AND ")}) IS TRUE`;
}

function diagnosticSql(d: DiagnosticCondition, p: Params, counter: Counter): string {
  const conds: string[] = [];
  if (d.code) conds.push(...comparisonSql("d.code", d.code, p, counter));
  if (d.severity) conds.push(...comparisonSql("d.severity", d.severity, p, counter));
  if (d.variable) conds.push(...comparisonSql("d.variable", d.variable, p, counter));
  return `EXISTS (SELECT 1 FROM diagnostic d WHERE d.report_id = r.id${conds.map((c) => ` AND ${c}`).join("")})`;
}

type Leaf = (key: string, value: unknown) => string[];

/** `_and` / `_or` / `_not` nest a filter of the same kind; every other key is a leaf condition. */
function boolTreeSql(w: object, p: Params, counter: Counter, depth: number, leaf: Leaf): string {
  checkDepth(depth);
  const nested = (x: object) => boolTreeSql(x, p, counter, depth + 1, leaf);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(w)) {
    if (value === null || value === undefined) continue;
    if (key === "_and") parts.push(and((value as object[]).map(nested)));
    else if (key === "_or") parts.push(or((value as object[]).map(nested)));
    else if (key === "_not") parts.push(`NOT ${nested(value as object)}`);
    else parts.push(...leaf(key, value));
  }
  return and(parts);
}

const PLACES = new Set(["province", "city", "county"]);

/**
 * A place comparison's `_eq`/`_neq`/`_in`/`_nin` values must be national division names (as agencies are
 * stored): `福建` would match nothing, silently — it is refused with the names it may be short for, as
 * the export's options are (text/place-names.ts). LIKE patterns and ranges are not names and pass.
 */
export function checkPlaceComparison(key: string, c: Comparison<unknown>): void {
  if (!PLACES.has(key)) return;
  for (const op of ["_eq", "_neq", "_in", "_nin"] as const) {
    const v = c[op];
    if (v === null || v === undefined) continue;
    for (const name of (Array.isArray(v) ? v : [v]) as unknown[]) {
      const problem = typeof name === "string" ? unknownPlace(key as "province", name) : null;
      if (problem) throw badInput(`where.${key}.${op}: ${problem}`);
    }
  }
}

function reportWhereSql(w: ReportWhere, p: Params, counter: Counter, depth: number): string {
  return boolTreeSql(w, p, counter, depth, (key, value) => {
    if (key === "figure") return [figureSql(value as FigureCondition, p, counter)];
    if (key === "diagnostic") return [diagnosticSql(value as DiagnosticCondition, p, counter)];
    checkPlaceComparison(key, value as Comparison<unknown>);
    if (key in REPORT_COLUMNS)
      return comparisonSql(
        REPORT_COLUMNS[key as keyof typeof REPORT_COLUMNS],
        value as Comparison<unknown>,
        p,
        counter,
      );
    throw badInput(`unknown filter field ${key}`);
  });
}

/** Does the filter constrain `isCurrent` anywhere? Then it decides about revisions itself. */
export function mentionsIsCurrent(w: ReportWhere | null | undefined): boolean {
  if (!w) return false;
  if (w.isCurrent) return true;
  return [...(w._and ?? []), ...(w._or ?? []), ...(w._not ? [w._not] : [])].some(mentionsIsCurrent);
}

/** The SQL condition (over `report r JOIN agency a`) for a report filter, with the current-revision default. */
export function reportCondition(where: ReportWhere | null | undefined, p: Params): string {
  const counter = { nodes: 0 };
  const sql = where ? reportWhereSql(where, p, counter, 0) : "TRUE";
  // an instance serving real reports only (GONGKAI_DEMO=false) never shows an invented one, whatever the filter
  const real = p.realOnly ? ["NOT r.synthetic"] : [];
  return mentionsIsCurrent(where) ? and([...real, sql]) : and(["r.is_current", ...real, sql]);
}

function agencyWhereSql(w: AgencyWhere, p: Params, counter: Counter, depth: number): string {
  return boolTreeSql(w, p, counter, depth, (key, value) => {
    if (key === "reports") {
      const inner = reportCondition(value as ReportWhere, p);
      return [
        `EXISTS (SELECT 1 FROM report r JOIN agency a ON a.id = r.agency_id WHERE r.agency_id = ag.id AND ${inner})`,
      ];
    }
    checkPlaceComparison(key, value as Comparison<unknown>);
    if (key in AGENCY_COLUMNS)
      return comparisonSql(
        AGENCY_COLUMNS[key as keyof typeof AGENCY_COLUMNS],
        value as Comparison<unknown>,
        p,
        counter,
      );
    throw badInput(`unknown filter field ${key}`);
  });
}

/** The SQL condition over `agency ag` for an agency filter. */
export function agencyCondition(where: AgencyWhere | null | undefined, p: Params): string {
  const sql = where ? agencyWhereSql(where, p, { nodes: 0 }, 0) : "TRUE";
  return p.realOnly ? and(["NOT ag.synthetic", sql]) : sql;
}
