/**
 * Small helpers for the hand-written SQL of the services. Every value reaches Postgres as a bind
 * parameter; identifiers only ever come from fixed maps in the code, never from a request.
 */
import { escapeLiteral } from "pg";
import { badInput } from "./errors.js";

/** Collects bind parameters; `add` returns the placeholder ($1, $2, …). */
export class Params {
  readonly values: unknown[] = [];
  /** GONGKAI_DEMO=false: filters compile with "real reports only" (where.ts) */
  constructor(readonly realOnly = false) {}
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * Writes each value into the SQL as an escaped literal instead of a placeholder: for a condition that
 * goes into many statements of its own (the export's chunks), whose text must not depend on parameter
 * numbers. Integers, booleans, strings and arrays of them; anything else is refused.
 */
export class InlineParams extends Params {
  override add(value: unknown): string {
    return inlineLiteral(value);
  }
}

function inlineLiteral(v: unknown): string {
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) throw new Error(`not an integer: ${v}`);
    return String(v);
  }
  if (typeof v === "string") return escapeLiteral(v);
  if (Array.isArray(v)) return v.length ? `ARRAY[${v.map(inlineLiteral).join(", ")}]` : "'{}'"; // '{}' takes the column's array type
  throw new Error(`cannot write ${JSON.stringify(v)} into SQL as a literal`);
}

/** Escapes LIKE wildcards so that a search term matches literally (default escape character `\`). */
export function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export type SortDirection = "ASC" | "DESC";

/** One key of a keyset ordering: an SQL expression, its direction, and the cursor's value for it. */
export interface SortKey {
  expr: string;
  dir: SortDirection;
}

/** ORDER BY for keys; NULLs always last, so the keyset condition below can rely on it. */
export function orderBySql(keys: SortKey[]): string {
  return keys.map((k) => `${k.expr} ${k.dir} NULLS LAST`).join(", ");
}

/**
 * The rows strictly after `values` in the order of `keys` (NULLS LAST in both directions). The last key
 * must be unique and never null (the primary key) so that the order is total and pages never overlap
 * or skip rows, whatever changes between requests elsewhere in the order.
 */
export function keysetAfter(keys: SortKey[], values: unknown[], p: Params): string {
  const at = (i: number): string => {
    const k = keys[i];
    const v = values[i];
    const rest = i + 1 < keys.length ? at(i + 1) : "FALSE";
    // after a NULL only NULLs follow (nulls last): stay on NULL and compare the next keys
    if (v === null) return `(${k.expr} IS NULL AND ${rest})`;
    const ph = p.add(v);
    const op = k.dir === "ASC" ? ">" : "<";
    return `(${k.expr} IS NULL OR ${k.expr} ${op} ${ph} OR (${k.expr} = ${ph} AND ${rest}))`;
  };
  return at(0);
}

/**
 * Opaque cursor: base64url JSON of the sort values of a row plus a tag of the ordering it belongs to,
 * so that a cursor from another ordering is refused instead of silently paging wrong.
 */
export function encodeCursor(tag: string, values: unknown[]): string {
  return Buffer.from(JSON.stringify([tag, ...values])).toString("base64url");
}

export function decodeCursor(cursor: string, tag: string, n: number): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw badInput("invalid cursor");
  }
  if (!Array.isArray(parsed) || parsed.length !== n + 1 || parsed[0] !== tag) {
    throw badInput("cursor does not belong to this query's ordering");
  }
  const values = parsed.slice(1);
  if (!values.every((v) => v === null || typeof v === "string" || (typeof v === "number" && Number.isFinite(v)))) {
    throw badInput("invalid cursor");
  }
  return values;
}

/** Offset cursors, for ranked search results (a ranking has no stable key to continue from). */
export function encodeOffset(offset: number): string {
  return Buffer.from(`o:${offset}`).toString("base64url");
}

export function decodeOffset(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!m) throw badInput("invalid cursor");
  return Number(m[1]) + 1;
}

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

/** `first` checked against the cap: refused rather than silently shortened, so a client knows. */
export function pageSize(first: number | null | undefined, max = MAX_PAGE): number {
  if (first === null || first === undefined) return Math.min(DEFAULT_PAGE, max);
  if (!Number.isInteger(first) || first < 0) throw badInput("first must be a non-negative integer");
  if (first > max) throw badInput(`first must be at most ${max}`, { max });
  return first;
}
