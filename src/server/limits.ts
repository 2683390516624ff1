/**
 * Query limits, checked before anything runs:
 * - the document: at most `maxQueryLength` characters (server.ts, before parsing) and `maxTokens`
 *   tokens (graphql's parser stops there): a flood costs no more to refuse than a small document to
 *   read, and the event loop stays free for other clients; at most `maxAliases` aliases, `maxRootFields`
 *   root fields of the operation (fragments on the root type included);
 * - depth and complexity once the operation is known (with its variables). Complexity counts object
 *   fields: 1 each, times the expected length of the lists they sit in — a connection's page size
 *   (`first`, default 20) or an estimate for plain lists — so aliases, fragments and nested cycles
 *   (report → otherYears → agency → reports → …) all add up. Scalars are free, except those that cost
 *   a query of their own (FIELD_COSTS: counts, facets, searches, aggregates). Introspection is free.
 *
 * The walk is linear in the document: a fragment's cost is computed once per (fragment, page size)
 * and reused at every spread — a fragment spread twice per level of 26 nested fragments is 52 lookups,
 * not 2^26 walks.
 */
import {
  getNamedType,
  GraphQLError,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import type { ApolloServerPlugin } from "@apollo/server";
import { DEFAULT_PAGE } from "../services/sql.js";

export interface QueryLimits {
  /** deepest field nesting (default 10) */
  maxDepth: number;
  /** largest complexity (default 50,000: a page of 100 reports with all three tables is ~25,000) */
  maxComplexity: number;
  /** characters of the query document (default 32,768), refused before it is parsed */
  maxQueryLength: number;
  /** tokens of the document (default 10,000; the standard introspection query is ~300, all three tables of a report ~1,500) */
  maxTokens: number;
  /** aliased fields in the document (default 50) */
  maxAliases: number;
  /** fields at the root of the operation (default 20) */
  maxRootFields: number;
  /** Postgres statement_timeout of the API's statements, ms (default 10,000) */
  statementTimeoutMs: number;
  /** a request still running after this long is answered with REQUEST_TIMEOUT, ms (default 15,000) */
  deadlineMs: number;
}

export const DEFAULT_LIMITS: QueryLimits = {
  maxDepth: 10,
  maxComplexity: 50_000,
  maxQueryLength: 32_768,
  maxTokens: 10_000,
  maxAliases: 50,
  maxRootFields: 20,
  statementTimeoutMs: 10_000,
  deadlineMs: 15_000,
};

/** Expected lengths of lists that take no `first`. */
const LIST_ESTIMATES: Record<string, number> = {
  "Report.sections": 5,
  "Report.diagnostics": 20,
  "Report.otherYears": 10,
  "Agency.reports": 10,
  "Query.aggregate": 100,
  "Query.codebook": 1,
  "Mutation.ingestPath": 20,
};
const DEFAULT_LIST_ESTIMATE = 10;

/**
 * Fields that cost a statement (or an engine call) of their own beyond their page: a count over every
 * match, facet counts, a search, an aggregate. An exact search scans every section in Postgres
 * (1,000: at most 50 per request); `exact: false` goes to the search engine (200).
 */
const FIELD_COSTS: Record<string, number> = {
  "ReportConnection.totalCount": 100,
  "AgencyConnection.totalCount": 100,
  "SearchConnection.facets": 100,
  "Query.aggregate": 500,
  "Query.search": 200,
};
const EXACT_SEARCH_COST = 1_000;

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** cost and depth of fragment spreads already walked, by fragment and enclosing page size */
  memo: Map<string, Cost>;
}

interface Cost {
  cost: number /** nesting below the selection set */;
  depth: number;
}

function argValue(field: FieldNode, name: string, variables: Record<string, unknown>): unknown {
  const arg = field.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  const v: ValueNode = arg.value;
  if (v.kind === Kind.INT) return Number(v.value);
  if (v.kind === Kind.BOOLEAN) return v.value;
  if (v.kind === Kind.VARIABLE) return variables[v.name.value];
  return undefined;
}

function isList(def: GraphQLField<unknown, unknown>): boolean {
  const t = isNonNullType(def.type) ? def.type.ofType : def.type;
  return isListType(t);
}

/** Cost of a selection set on `type`; `page` is the page size of the nearest enclosing connection. */
function cost(w: Walk, set: SelectionSetNode, type: GraphQLObjectType, page: number): Cost {
  let total = 0;
  let depth = 0;
  const add = (c: Cost, extraDepth: number) => {
    total += c.cost;
    depth = Math.max(depth, c.depth + extraDepth);
  };
  // a fragment spread again in the same selection set adds nothing: execution merges it (collectFields)
  const spread = new Set<string>();
  for (const sel of set.selections) {
    if (sel.kind === Kind.INLINE_FRAGMENT) {
      const t = sel.typeCondition ? w.schema.getType(sel.typeCondition.name.value) : type;
      if (isObjectType(t)) add(cost(w, sel.selectionSet, t, page), 0);
      continue;
    }
    if (sel.kind === Kind.FRAGMENT_SPREAD) {
      if (spread.has(sel.name.value)) continue;
      spread.add(sel.name.value);
      const key = `${sel.name.value}\u0000${page}`;
      let c = w.memo.get(key);
      if (!c) {
        const frag = w.fragments[sel.name.value];
        const t = frag && w.schema.getType(frag.typeCondition.name.value);
        w.memo.set(key, { cost: 0, depth: 0 }); // a cycle (validation refuses those) adds nothing
        c = frag && isObjectType(t) ? cost(w, frag.selectionSet, t, page) : { cost: 0, depth: 0 };
        w.memo.set(key, c);
      }
      add(c, 0);
      continue;
    }
    const name = sel.name.value;
    if (name.startsWith("__")) continue;
    const def = type.getFields()[name];
    if (!def) continue;
    const own =
      name === "search" && type.name === "Query" && argValue(sel, "exact", w.variables) === true
        ? EXACT_SEARCH_COST
        : (FIELD_COSTS[`${type.name}.${name}`] ?? 0);
    if (!sel.selectionSet) {
      total += own;
      continue;
    }
    const first = argValue(sel, "first", w.variables);
    const childPage =
      typeof first === "number" || def.args.some((a) => a.name === "first")
        ? Math.max(typeof first === "number" ? first : DEFAULT_PAGE, 1)
        : page;
    const named = getNamedType(def.type);
    const inner = isObjectType(named) ? cost(w, sel.selectionSet, named, childPage) : { cost: 0, depth: 0 };
    let times = 1;
    if (isList(def))
      times =
        name === "edges" || name === "nodes" ? page : (LIST_ESTIMATES[`${type.name}.${name}`] ?? DEFAULT_LIST_ESTIMATE);
    add({ cost: times * (1 + inner.cost) + own, depth: inner.depth }, 1);
  }
  return { cost: total, depth };
}

/** Complexity and depth of an operation; linear in the size of the document. */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): Cost {
  const root = operation.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
  if (!root) return { cost: 0, depth: 0 };
  return cost({ schema, fragments, variables, memo: new Map() }, operation.selectionSet, root, DEFAULT_PAGE);
}

export function operationComplexity(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  limits?: QueryLimits,
): number {
  const { cost: c, depth } = operationCost(schema, operation, fragments, variables);
  if (limits && depth > limits.maxDepth) throw tooDeep(limits);
  return c;
}

const refused = (message: string, code: string, extensions: Record<string, unknown>) =>
  new GraphQLError(message, { extensions: { code, ...extensions, http: { status: 400 } } });

const tooDeep = (limits: QueryLimits) =>
  refused(`query is nested deeper than ${limits.maxDepth} levels`, "QUERY_TOO_DEEP", { maxDepth: limits.maxDepth });

/** Aliases in the document, and root fields of the operation (through fragments on the root, each counted once). */
function countFields(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
) {
  let aliases = 0;
  const countAliases = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD && s.alias) aliases++;
      if (s.kind !== Kind.FRAGMENT_SPREAD && s.selectionSet) countAliases(s.selectionSet);
    }
  };
  for (const d of document.definitions)
    if (d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION) countAliases(d.selectionSet);
  const roots = new Set<string>();
  const seen = new Set<string>();
  const countRoots = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) roots.add((s.alias ?? s.name).value);
      else if (s.kind === Kind.INLINE_FRAGMENT) countRoots(s.selectionSet);
      else if (!seen.has(s.name.value) && fragments[s.name.value]) {
        seen.add(s.name.value);
        countRoots(fragments[s.name.value].selectionSet);
      }
    }
  };
  countRoots(operation.selectionSet);
  return { aliases, rootFields: roots.size };
}

/** Checks an operation against the limits; throws the GraphQLError a client sees (HTTP 400). */
export function checkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: QueryLimits,
): void {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const { aliases, rootFields } = countFields(document, operation, fragments);
  if (aliases > limits.maxAliases) {
    throw refused(`query has ${aliases} aliases; at most ${limits.maxAliases} are allowed`, "QUERY_TOO_COMPLEX", {
      aliases,
      maxAliases: limits.maxAliases,
    });
  }
  if (rootFields > limits.maxRootFields) {
    throw refused(
      `query asks for ${rootFields} root fields; at most ${limits.maxRootFields} are allowed`,
      "QUERY_TOO_COMPLEX",
      { rootFields, maxRootFields: limits.maxRootFields },
    );
  }
  const { cost: complexity, depth } = operationCost(schema, operation, fragments, variables);
  if (depth > limits.maxDepth) {
    throw tooDeep(limits);
  }
  if (complexity > limits.maxComplexity) {
    throw refused(
      `query is too complex: ${complexity} > ${limits.maxComplexity} (ask for fewer items or nest less)`,
      "QUERY_TOO_COMPLEX",
      { complexity, maxComplexity: limits.maxComplexity },
    );
  }
}

/** Refuses too deep, too complex or too wide operations before they run (QUERY_TOO_DEEP / QUERY_TOO_COMPLEX, HTTP 400). */
export function queryLimitsPlugin(limits: QueryLimits = DEFAULT_LIMITS): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, document, request }) {
          if (operation) checkOperation(schema, document, operation, request.variables ?? {}, limits);
        },
      };
    },
  };
}
