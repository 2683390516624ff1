/** aggregate and codebook. */
import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import { VARIABLES, type FormatVersion as FormatVersionValue } from "../codebook/index.js";
import { AggregateRow } from "../schema/aggregate.js";
import { AggregateDimension, FormatVersion, Variable } from "../schema/enums.js";
import type { AggregateDimension as AggregateDimensionKey } from "../services/aggregate.service.js";
import { CodebookVariable } from "../schema/report.js";
import { ReportWhere } from "../schema/where.js";
import type { GraphQLContext } from "./context.js";

@Resolver()
export class AggregateResolver {
  @Query(() => [AggregateRow], {
    description:
      "count of reports and sum/avg/min/max/count of codebook variables over the reports matching `where`, grouped by `groupBy` (one SQL statement; current revisions unless where says otherwise)",
  })
  aggregate(
    @Ctx() ctx: GraphQLContext,
    @Arg("where", () => ReportWhere, { nullable: true }) where?: ReportWhere,
    @Arg("groupBy", () => [AggregateDimension], { nullable: true }) groupBy?: AggregateDimensionKey[],
    @Arg("measures", () => [Variable], {
      nullable: true,
      description: "variables to compute statistics of (at most 20)",
    })
    measures?: string[],
  ) {
    return ctx.services.aggregate.aggregate({ where, groupBy, measures });
  }

  @Query(() => [CodebookVariable], { description: "the codebook: every variable, or those of one table and/or format" })
  codebook(
    @Arg("table", () => Int, { nullable: true }) table?: number,
    @Arg("format", () => FormatVersion, { nullable: true }) format?: FormatVersionValue,
  ): CodebookVariable[] {
    return VARIABLES.filter(
      (v) => (table == null || v.table === table) && (format == null || v.formats.includes(format)),
    ).map((v) => ({ ...v, formats: [...v.formats] }));
  }
}
