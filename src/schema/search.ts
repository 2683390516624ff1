/** Search results: hits (report + section + snippet with highlights + score), facets, Relay paging. */
import { Field, Float, Int, ObjectType } from "type-graphql";
import { Connection } from "./connection.js";
import { SectionKey } from "./enums.js";

@ObjectType({ description: "a matched range of the snippet: [start, end) in UTF-16 code units" })
export class Highlight {
  @Field(() => Int) start!: number;
  @Field(() => Int) end!: number;
}

@ObjectType({ description: "one matching section of a report" })
export class SearchHit {
  @Field(() => Int) reportId!: number;
  @Field(() => SectionKey) section!: string;
  @Field(() => String, { description: "a passage of the original text around the match" }) snippet!: string;
  @Field(() => [Highlight]) highlights!: Highlight[];
  @Field(() => Float, { nullable: true, description: "ranking score (ranked search); null for exact search, which is not ranked" })
  score!: number | null;
}

@ObjectType()
export class FacetCount {
  @Field(() => String) value!: string;
  @Field(() => Int, { description: "hits (sections) with this value" }) count!: number;
}

@ObjectType({ description: "hit counts per value, over all hits (not just this page)" })
export class SearchFacets {
  @Field(() => [FacetCount]) year!: FacetCount[];
  @Field(() => [FacetCount]) province!: FacetCount[];
  @Field(() => [FacetCount]) level!: FacetCount[];
  @Field(() => [FacetCount]) kind!: FacetCount[];
  @Field(() => [FacetCount]) section!: FacetCount[];
}

@ObjectType()
export class SearchConnection extends Connection(SearchHit, "Search") {
  @Field(() => Int, { description: "hits (sections) in all; an estimate when exhaustive is false" }) totalCount!: number;
  @Field(() => Boolean, {
    description: "false when totalCount and facets are estimates: ranked search checks only the engine's first candidates when a term of three or more characters has many (the index matches those approximately) or the where selects too many reports to pass to the engine; the counts are then the engine's times the share of checked candidates kept. Hits are always checked; exact: true counts exhaustively",
  }) exhaustive!: boolean;
  @Field(() => SearchFacets) facets!: SearchFacets;
}

