/**
 * Query depth and complexity limits, checked once the operation is known (with its variables) and
 * before anything runs. Complexity counts object fields: 1 each, times the expected length of the
 * lists they sit in — a connection's page size (`first`, default 20) or an estimate for plain lists —
 * so aliases, fragments and nested cycles (report → otherYears → agency → reports → …) all add up.
 * Leaf (scalar) fields are free: their cost is in the object that holds them. Introspection is free.
 */
import {
  getNamedType, GraphQLError, isListType, isNonNullType, isObjectType, Kind,
  type FieldNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLObjectType, type GraphQLSchema,
  type OperationDefinitionNode, type SelectionSetNode, type ValueNode,
} from "graphql";
import type { ApolloServerPlugin } from "@apollo/server";
import { DEFAULT_PAGE } from "../services/sql.js";

export interface QueryLimits {
  /** deepest field nesting (default 10) */
  maxDepth: number;
  /** largest complexity (default 50,000: a page of 100 reports with all three tables is ~25,000) */
  maxComplexity: number;
}

export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 10, maxComplexity: 50_000 };

/** Expected lengths of lists that take no `first`. */
const LIST_ESTIMATES: Record<string, number> = {
  "Report.sections": 5, "Report.diagnostics": 20, "Report.otherYears": 10, "Agency.reports": 10,
  "Query.aggregate": 100, "Query.codebook": 1, "Mutation.ingestPath": 20,
};
const DEFAULT_LIST_ESTIMATE = 10;

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  limits: QueryLimits;
}

function argInt(field: FieldNode, name: string, variables: Record<string, unknown>): number | undefined {
  const arg = field.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  const v: ValueNode = arg.value;
  if (v.kind === Kind.INT) return Number(v.value);
  if (v.kind === Kind.VARIABLE) {
    const x = variables[v.name.value];
    return typeof x === "number" ? x : undefined;
  }
  return undefined;
}

function isList(def: GraphQLField<unknown, unknown>): boolean {
  const t = isNonNullType(def.type) ? def.type.ofType : def.type;
  return isListType(t);
}

/** Cost of a selection set on `type`; `page` is the page size of the nearest enclosing connection. */
function cost(w: Walk, set: SelectionSetNode, type: GraphQLObjectType, depth: number, page: number): number {
  let total = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.INLINE_FRAGMENT) {
      const t = sel.typeCondition ? w.schema.getType(sel.typeCondition.name.value) : type;
      if (isObjectType(t)) total += cost(w, sel.selectionSet, t, depth, page);
      continue;
    }
    if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const frag = w.fragments[sel.name.value];
      const t = frag && w.schema.getType(frag.typeCondition.name.value);
      if (frag && isObjectType(t)) total += cost(w, frag.selectionSet, t, depth, page);
      continue;
    }
    const name = sel.name.value;
    if (name.startsWith("__")) continue;
    const def = type.getFields()[name];
    if (!def || !sel.selectionSet) continue;
    if (depth + 1 > w.limits.maxDepth) {
      throw new GraphQLError(`query is nested deeper than ${w.limits.maxDepth} levels`, {
        extensions: { code: "QUERY_TOO_DEEP", maxDepth: w.limits.maxDepth, http: { status: 400 } },
      });
    }
    const first = argInt(sel, "first", w.variables);
    const childPage = first !== undefined || def.args.some((a) => a.name === "first") ? Math.max(first ?? DEFAULT_PAGE, 1) : page;
    const named = getNamedType(def.type);
    const inner = isObjectType(named) ? cost(w, sel.selectionSet, named, depth + 1, childPage) : 0;
    let times = 1;
    if (isList(def)) times = name === "edges" || name === "nodes" ? page : LIST_ESTIMATES[`${type.name}.${name}`] ?? DEFAULT_LIST_ESTIMATE;
    total += times * (1 + inner);
  }
  return total;
}

export function operationComplexity(schema: GraphQLSchema, operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>, variables: Record<string, unknown>, limits: QueryLimits): number {
  const root = operation.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
  if (!root) return 0;
  return cost({ schema, fragments, variables, limits }, operation.selectionSet, root, 0, DEFAULT_PAGE);
}

/** Refuses too deep or too complex operations before they run (QUERY_TOO_DEEP / QUERY_TOO_COMPLEX, HTTP 400). */
export function queryLimitsPlugin(limits: QueryLimits = DEFAULT_LIMITS): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, document, request }) {
          if (!operation) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
          const complexity = operationComplexity(schema, operation, fragments, request.variables ?? {}, limits);
          if (complexity > limits.maxComplexity) {
            throw new GraphQLError(`query is too complex: ${complexity} > ${limits.maxComplexity} (ask for fewer items or nest less)`, {
              extensions: { code: "QUERY_TOO_COMPLEX", complexity, maxComplexity: limits.maxComplexity, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
