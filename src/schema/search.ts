/** Search results: hits (report + section + snippet with highlights + score), facets, Relay paging. */
import { Field, Float, Int, ObjectType } from "type-graphql";
import { Connection } from "./connection.js";
import { Kind, Level, SearchMatch, SectionKey } from "./enums.js";

@ObjectType({ description: "a matched range of the snippet: [start, end) in UTF-16 code units" })
export class Highlight {
  @Field(() => Int) start!: number;
  @Field(() => Int) end!: number;
}

@ObjectType({ description: "one matching section of a report" })
export class SearchHit {
  @Field(() => Int) reportId!: number;
  @Field(() => SectionKey) section!: string;
  @Field(() => String, {
    description:
      'passages of the section\'s display form (Section.displayText: the printed text, page wraps joined) around the matches: one where the most terms occur together, and one more (after " … ") for each term found only elsewhere',
  })
  snippet!: string;
  @Field(() => [Highlight]) highlights!: Highlight[];
  @Field(() => Float, {
    nullable: true,
    description: "ranking score (ranked search); null for exact search, which is not ranked",
  })
  score!: number | null;
  @Field(() => SearchMatch, {
    description:
      "all_terms: the section holds every term; related: listed after those (orderBy relevance, related: true)",
  })
  match!: string;
}

@ObjectType({ description: "a place and the hits (sections) in it" })
export class FacetCount {
  @Field(() => String) value!: string;
  @Field(() => Int, { description: "hits (sections) with this value" }) count!: number;
}

/** A facet count whose value is of `type` (a year, or a value of a vocabulary). */
function facetCount(name: string, type: () => unknown): new () => object {
  const cls = { [name]: class {} }[name];
  Field(type as () => typeof Int)(cls.prototype, "value");
  Field(() => Int, { description: "hits (sections) with this value" })(cls.prototype, "count");
  ObjectType(name)(cls);
  return cls;
}

export const YearFacetCount = facetCount("YearFacetCount", () => Int);
export const LevelFacetCount = facetCount("LevelFacetCount", () => Level);
export const KindFacetCount = facetCount("KindFacetCount", () => Kind);
export const SectionFacetCount = facetCount("SectionFacetCount", () => SectionKey);

@ObjectType({ description: "hit counts per value, over all hits (not just this page), most first" })
export class SearchFacets {
  @Field(() => [YearFacetCount]) year!: { value: number; count: number }[];
  @Field(() => [FacetCount]) province!: FacetCount[];
  @Field(() => [LevelFacetCount]) level!: { value: string; count: number }[];
  @Field(() => [KindFacetCount]) kind!: { value: string; count: number }[];
  @Field(() => [SectionFacetCount]) section!: { value: string; count: number }[];
}

@ObjectType()
export class SearchConnection extends Connection(SearchHit, "Search") {
  @Field(() => Int, { description: "hits (sections) in all; an estimate when exhaustive is false" })
  totalCount!: number;
  @Field(() => Int, {
    description:
      "related hits (match: related), listed after the totalCount all_terms hits: orderBy relevance with related: true only, and only when the engine answers the where and terms without a check in Postgres (docs/search.md, Related hits); otherwise 0",
  })
  relatedCount!: number;
  @Field(() => Boolean, {
    description:
      "false when totalCount and facets are estimates: ranked search checks only the engine's first candidates when a term of three or more characters has many (the index matches those approximately) or the where selects too many reports to pass to the engine; the counts are then the engine's times the share of checked candidates kept. Hits are always checked; exact: true counts exhaustively",
  })
  exhaustive!: boolean;
  @Field(() => SearchFacets) facets!: SearchFacets;
}
