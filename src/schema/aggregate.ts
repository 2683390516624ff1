/** Aggregate rows: the group's dimension values, its report count and per-variable statistics. */
import { Field, Float, Int, ObjectType } from "type-graphql";
import { FormatVersion, Kind, Level, Variable } from "./enums.js";

@ObjectType({ description: "the values of the dimensions grouped by (the others are null)" })
export class AggregateGroup {
  @Field(() => Int, { nullable: true }) year?: number | null;
  @Field(() => String, { nullable: true }) province?: string | null;
  @Field(() => String, { nullable: true }) city?: string | null;
  @Field(() => String, { nullable: true }) county?: string | null;
  @Field(() => Level, { nullable: true }) level?: string | null;
  @Field(() => Kind, { nullable: true }) kind?: string | null;
  @Field(() => FormatVersion, { nullable: true }) format?: string | null;
}

@ObjectType({ description: "statistics of one variable over the group's reports that have a value for it" })
export class MeasureValue {
  @Field(() => Variable) variable!: string;
  @Field(() => Int, { description: "reports with a value" }) count!: number;
  @Field(() => Float, { nullable: true }) sum!: number | null;
  @Field(() => Float, { nullable: true }) avg!: number | null;
  @Field(() => Float, { nullable: true }) min!: number | null;
  @Field(() => Float, { nullable: true }) max!: number | null;
}

@ObjectType()
export class AggregateRow {
  @Field(() => AggregateGroup) group!: AggregateGroup;
  @Field(() => Int, { description: "reports in the group" }) count!: number;
  @Field(() => [MeasureValue], { description: "one per requested measure, in request order" })
  measures!: MeasureValue[];
}
