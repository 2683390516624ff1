/** search: ranked (SearchBackend) or exact (Postgres), always ∩ the report where. */
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { SearchOrder, SectionKey } from "../schema/enums.js";
import { Report } from "../schema/report.js";
import { SearchConnection, SearchHit } from "../schema/search.js";
import { ReportWhere } from "../schema/where.js";
import type { SearchHitRow } from "../services/search.service.js";
import { decodeOffset, encodeOffset, pageSize } from "../services/sql.js";
import type { GraphQLContext } from "./context.js";

@Resolver(() => SearchHit)
export class SearchResolver {
  @Query(() => SearchConnection, {
    description:
      "sections matching `query`, restricted by `where` (the same filter as `reports`). Ranked by the search engine; exact: true searches every section in Postgres for every term as a substring (not ranked: newest first). Both modes find the same sections; ranked search covers current revisions only, and refuses (BAD_USER_INPUT) a where whose isCurrent may select older ones — use exact: true for those.",
  })
  async search(
    @Ctx() ctx: GraphQLContext,
    @Arg("query", () => String, {
      description:
        "terms separated by punctuation (，、, ; …) or by a space next to a Latin word; a hit contains every term. White space between two Chinese characters, or a digit and a Chinese character, does not separate (部 分公开 = 部分公开, 2024 年 = 2024年), in the query as in the text; traditional and simplified script match alike (docs/search.md)",
    })
    query: string,
    @Arg("where", () => ReportWhere, { nullable: true }) where?: ReportWhere,
    @Arg("sections", () => [SectionKey], { nullable: true, description: "search only these sections" })
    sections?: string[],
    @Arg("exact", () => Boolean, { defaultValue: false }) exact?: boolean,
    @Arg("orderBy", () => SearchOrder, {
      defaultValue: "relevance",
      description: "the order of hits; totals, facets and what matches are the same in every order",
    })
    orderBy?: "relevance" | "year_desc" | "year_asc",
    @Arg("related", () => Boolean, {
      defaultValue: true,
      description:
        "orderBy relevance: after the hits holding every term, list related ones (match: related, counted in relatedCount); false: every hit holds every term. year_desc, year_asc and exact search never list related hits",
    })
    related?: boolean,
    @Arg("first", () => Int, { nullable: true, description: "page size, default 20, at most 100" }) first?: number,
    @Arg("after", () => String, { nullable: true }) after?: string,
  ): Promise<SearchConnection> {
    const limit = pageSize(first);
    const offset = decodeOffset(after);
    const res = await ctx.services.search.search({ query, where, sections, exact, orderBy, related, limit, offset });
    const all = res.total + (res.relatedCount ?? 0);
    // a ranked page may leave out hits the engine gave (stale, or lacking a term): cursors keep the engine's positions
    const nodes = res.hits.map((h) => ({ ...h, match: h.match ?? "all_terms" }));
    const cursors = res.hits.map((h, i) => encodeOffset(h.position ?? offset + i));
    const next = res.nextOffset ?? offset + res.hits.length;
    return {
      totalCount: res.total,
      relatedCount: res.relatedCount ?? 0,
      exhaustive: res.exhaustive,
      edges: nodes.map((node, i) => ({ cursor: cursors[i], node })),
      nodes,
      facets: { ...res.facets, year: res.facets.year.map((f) => ({ value: Number(f.value), count: f.count })) },
      pageInfo: {
        hasNextPage: res.hasMore ?? next < all,
        hasPreviousPage: offset > 0,
        startCursor: cursors[0] ?? null,
        // an empty page (first: 0) ends where it started: `after: endCursor` goes on from the same place
        endCursor: next > offset ? encodeOffset(next - 1) : (after ?? null),
      },
    };
  }

  @FieldResolver(() => Report)
  report(@Root() hit: SearchHitRow, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.report.load(hit.reportId);
  }
}
