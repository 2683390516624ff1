/**
 * The executable schema (type-graphql, code first) and its SDL. Built once per process: the SDL is the
 * committed `schema.graphql` (npm run print-schema; a test fails when it is stale).
 */
import "reflect-metadata";
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchemaSync } from "type-graphql";
import { AdminResolver, IngestFileResultResolver, ReparseResultResolver } from "../resolvers/admin.resolver.js";
import { AgencyConnectionResolver, AgencyResolver } from "../resolvers/agency.resolver.js";
import { AggregateResolver } from "../resolvers/aggregate.resolver.js";
import {
  FigureResolver,
  SectionResolver,
  TableGridColumnResolver,
  TableGridRowResolver,
} from "../resolvers/figure.resolver.js";
import { ReportConnectionResolver, ReportResolver } from "../resolvers/report.resolver.js";
import { SearchResolver } from "../resolvers/search.resolver.js";
import { authChecker } from "./auth.js";

let schema: GraphQLSchema | undefined;

export function gongkaiSchema(): GraphQLSchema {
  schema ??= buildSchemaSync({
    resolvers: [
      ReportResolver,
      ReportConnectionResolver,
      AgencyResolver,
      AgencyConnectionResolver,
      SearchResolver,
      AggregateResolver,
      AdminResolver,
      IngestFileResultResolver,
      ReparseResultResolver,
      FigureResolver,
      TableGridRowResolver,
      TableGridColumnResolver,
      SectionResolver,
    ],
    authChecker,
    validate: false,
  });
  return schema;
}

/** The SDL, sorted so that it does not change with the order resolvers happen to be registered in. */
export function schemaSdl(): string {
  return printSchema(lexicographicSortSchema(gongkaiSchema())) + "\n";
}
