/** agencies / agency and an agency's reports. */
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { AgencyConnection, connectionParts } from "../schema/connection.js";
import { AgencyOrderBy } from "../schema/order.js";
import { Agency, Report } from "../schema/report.js";
import { AgencyWhere } from "../schema/where.js";
import type { AgencyRow } from "../services/agencies.service.js";
import { pageSize } from "../services/sql.js";
import type { GraphQLContext } from "./context.js";

@Resolver(() => Agency)
export class AgencyResolver {
  @Query(() => AgencyConnection)
  async agencies(
    @Ctx() ctx: GraphQLContext,
    @Arg("where", () => AgencyWhere, { nullable: true }) where?: AgencyWhere,
    @Arg("orderBy", () => [AgencyOrderBy], { nullable: true, description: "default: name" }) orderBy?: AgencyOrderBy[],
    @Arg("first", () => Int, { nullable: true, description: "page size, default 20, at most 100" }) first?: number,
    @Arg("after", () => String, { nullable: true }) after?: string,
  ): Promise<AgencyConnection> {
    const page = await ctx.services.agencies.list({ where, orderBy, first: pageSize(first), after });
    for (const a of page.nodes) ctx.loaders.agency.prime(a.id, a);
    return { ...connectionParts(page, after), where };
  }

  @Query(() => Agency, { nullable: true, description: "an agency by id; null when there is none" })
  agency(@Ctx() ctx: GraphQLContext, @Arg("id", () => Int) id: number): Promise<AgencyRow | null> {
    return ctx.loaders.agency.load(id);
  }

  @FieldResolver(() => [Report], { description: "current reports, oldest year first" })
  reports(@Root() a: AgencyRow, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.agencyReports.load(a.id);
  }
}

@Resolver(() => AgencyConnection)
export class AgencyConnectionResolver {
  @FieldResolver(() => Int, { description: "all matches, not just this page (counted only when asked for)" })
  totalCount(@Root() c: AgencyConnection, @Ctx() ctx: GraphQLContext) {
    return ctx.services.agencies.count(c.where);
  }
}
