/** Relay-style connections: edges with opaque cursors, pageInfo, totalCount (counted only when asked). */
import { Field, ObjectType, type ClassType } from "type-graphql";
import type { ReportWhere, AgencyWhere } from "../services/where.js";
import { Agency, Report } from "./report.js";

@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean, { description: "true when `after` was given (backward paging is not offered)" })
  hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

/**
 * A Relay connection of `node`: `<name>Edge { cursor node }` and a base class with edges, nodes and
 * pageInfo, which each connection extends with what it adds (totalCount, facets, …).
 */
export function Connection<T extends object>(
  node: ClassType<T>,
  name: string,
  opts: { nodesDescription?: string } = {},
) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String) cursor!: string;
    @Field(() => node) node!: T;
  }

  // not a GraphQL type of its own: only the connections extending it are reachable from the schema
  @ObjectType()
  abstract class ConnectionBase {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => [node], { description: opts.nodesDescription }) nodes!: T[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
  }
  return ConnectionBase;
}

@ObjectType()
export class ReportConnection extends Connection(Report, "Report", {
  nodesDescription: "the edges' nodes, for clients that need no cursors",
}) {
  // totalCount is a field resolver (resolvers/report.resolver.ts): counted only when asked for
  where?: ReportWhere | null;
  /** counted with the page already (see ReportsService.list) */
  total?: number;
}

@ObjectType()
export class AgencyConnection extends Connection(Agency, "Agency") {
  where?: AgencyWhere | null;
}

/** Edges and page info from a service page. */
export function connectionParts<T>(
  page: { nodes: T[]; cursors: string[]; hasNextPage: boolean },
  after: string | null | undefined,
) {
  return {
    edges: page.nodes.map((node, i) => ({ cursor: page.cursors[i], node })),
    nodes: page.nodes,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: !!after,
      startCursor: page.cursors[0] ?? null,
      // an empty page (first: 0) ends where it started: `after: endCursor` goes on from the same place
      endCursor: page.cursors.at(-1) ?? after ?? null,
    },
  };
}

export const TOTAL_COUNT_DESCRIPTION =
  "all matches, not just this page (one extra count query, run only when asked for)";
