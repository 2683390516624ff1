/** reports / report and the relations of a report (through DataLoaders). */
import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from "type-graphql";
import { VARIABLES, variablesFor, type TableNo } from "../codebook/index.js";
import { ReportConnection, connectionParts } from "../schema/connection.js";
import { SECTION_ORDER, SectionKey, Variable } from "../schema/enums.js";
import { ReportOrderBy } from "../schema/order.js";
import { Agency, Diagnostic, Figure, Report, Section, SourceFile } from "../schema/report.js";
import { Table2, Table3, Table4, table3Grid, TableGrid } from "../schema/tables.js";
import { ReportWhere } from "../schema/where.js";
import { badInput } from "../services/errors.js";
import type { FigureRow, ReportRow } from "../services/reports.service.js";
import { pageSize } from "../services/sql.js";
import type { GraphQLContext } from "./context.js";
import { selectedFields, selectsField } from "./selection.js";

const TABLE_NOS: readonly TableNo[] = [2, 3, 4];
const TABLE_VARIABLES: Record<TableNo, string[]> = {
  2: VARIABLES.filter((v) => v.table === 2).map((v) => v.name),
  3: VARIABLES.filter((v) => v.table === 3).map((v) => v.name),
  4: VARIABLES.filter((v) => v.table === 4).map((v) => v.name),
};

/** The table's figures the query asks for (a list of 20 reports showing one figure reads 20 rows, not 4,000). */
async function table(
  ctx: GraphQLContext,
  info: GraphQLResolveInfo,
  reportId: number,
  no: TableNo,
): Promise<Record<string, FigureRow | null>> {
  const selected = selectedFields(info);
  const names = TABLE_VARIABLES[no].filter((name) => selected.has(name));
  const figures = await Promise.all(names.map((variable) => ctx.loaders.figure.load({ reportId, variable })));
  return Object.fromEntries(names.map((name, i) => [name, figures[i]]));
}

@Resolver(() => Report)
export class ReportResolver {
  @Query(() => ReportConnection, {
    description: "reports matching `where` (current revisions unless it says otherwise), in `orderBy` order",
  })
  async reports(
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg("where", () => ReportWhere, { nullable: true }) where?: ReportWhere,
    @Arg("orderBy", () => [ReportOrderBy], { nullable: true, description: "default: year descending" })
    orderBy?: ReportOrderBy[],
    @Arg("first", () => Int, { nullable: true, description: "page size, default 20, at most 100" }) first?: number,
    @Arg("after", () => String, { nullable: true }) after?: string,
  ): Promise<ReportConnection> {
    const count = selectsField(info, "totalCount");
    const page = await ctx.services.reports.list({ where, orderBy, first: pageSize(first), after, count });
    for (const r of page.nodes) ctx.loaders.report.prime(r.id, r);
    return { ...connectionParts(page, after), where, total: page.total };
  }

  @Query(() => Report, { nullable: true, description: "a report by id (any revision); null when there is none" })
  report(@Ctx() ctx: GraphQLContext, @Arg("id", () => Int) id: number): Promise<ReportRow | null> {
    return ctx.loaders.report.load(id);
  }

  @FieldResolver(() => Agency)
  async agency(@Root() r: ReportRow, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.agency.load(r.agencyId);
  }

  @FieldResolver(() => Table2, {
    description: "表二: every table-2 variable of the codebook (null where the report's format has none)",
  })
  table2(@Root() r: ReportRow, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    return table(ctx, info, r.id, 2);
  }

  @FieldResolver(() => Table3, { description: "表三: every table-3 variable of the codebook" })
  table3(@Root() r: ReportRow, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    return table(ctx, info, r.id, 3);
  }

  @FieldResolver(() => Table4, { description: "表四: every table-4 variable of the codebook" })
  table4(@Root() r: ReportRow, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    return table(ctx, info, r.id, 4);
  }

  @FieldResolver(() => [Section], {
    description:
      "the report's narrative sections, in the order a report prints them (SectionKey), or in the order `keys` names them",
  })
  async sections(
    @Root() r: ReportRow,
    @Ctx() ctx: GraphQLContext,
    @Arg("keys", () => [SectionKey], { nullable: true, description: "only these, in this order" }) keys?: string[],
  ) {
    const all = await ctx.loaders.sections.load(r.id);
    const order = keys?.length ? keys : SECTION_ORDER;
    return order.flatMap((k) => all.filter((s) => s.key === k));
  }

  @FieldResolver(() => [Figure], {
    description:
      "the report's figures as a list, in codebook order — every variable of its format, or of one table, or those named (no field per variable to spell out)",
  })
  async figures(
    @Root() r: ReportRow,
    @Ctx() ctx: GraphQLContext,
    @Arg("table", () => Int, { nullable: true, description: "2, 3 or 4" }) table?: number,
    @Arg("variables", () => [Variable], { nullable: true, description: "only these (in codebook order)" })
    variables?: string[],
  ): Promise<FigureRow[]> {
    if (table != null && !TABLE_NOS.includes(table as TableNo))
      throw badInput(`table must be 2, 3 or 4 (got ${table})`);
    if (!r.format) return [];
    const names = variablesFor(r.format, (table ?? undefined) as TableNo | undefined)
      .map((v) => v.name)
      .filter((n) => !variables || variables.includes(n));
    const rows = await Promise.all(names.map((variable) => ctx.loaders.figure.load({ reportId: r.id, variable })));
    return rows.filter((f): f is FigureRow => f !== null);
  }

  @FieldResolver(() => TableGrid, {
    nullable: true,
    description:
      "表三 as printed: one row per printed row (申请情况), one cell per applicant column (自然人 … 总计), labels from the codebook; null when the report's format is unknown",
  })
  async table3Grid(@Root() r: ReportRow, @Ctx() ctx: GraphQLContext): Promise<TableGrid | null> {
    if (!r.format) return null;
    return table3Grid(r.format, (variable) => ctx.loaders.figure.load({ reportId: r.id, variable }));
  }

  @FieldResolver(() => [Diagnostic])
  diagnostics(@Root() r: ReportRow, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.diagnostics.load(r.id);
  }

  @FieldResolver(() => SourceFile, { nullable: true })
  sourceFile(@Root() r: ReportRow, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.sourceFile.load(r.sourceFileSha256);
  }

  @FieldResolver(() => [Report], { description: "the same agency's current reports of other years, oldest first" })
  async otherYears(@Root() r: ReportRow, @Ctx() ctx: GraphQLContext) {
    const all = await ctx.loaders.agencyReports.load(r.agencyId);
    return all.filter((x) => x.id !== r.id && x.year !== r.year);
  }
}

@Resolver(() => ReportConnection)
export class ReportConnectionResolver {
  @FieldResolver(() => Int, { description: "all matches, not just this page (counted only when asked for)" })
  totalCount(@Root() c: ReportConnection, @Ctx() ctx: GraphQLContext) {
    return c.total ?? ctx.services.reports.count(c.where);
  }
}
