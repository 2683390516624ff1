/** Ordering inputs. */
import { Field, InputType } from "type-graphql";
import { AgencySortField, ReportSortField, SortDirection, Variable } from "./enums.js";

@InputType({ description: "one sort key: a report field OR a codebook variable's value (exactly one); nulls sort last; the report id breaks ties" })
export class ReportOrderBy {
  @Field(() => ReportSortField, { nullable: true }) field?: keyof typeof ReportSortField;
  @Field(() => Variable, { nullable: true }) figure?: string;
  @Field(() => SortDirection, { defaultValue: "ASC" }) direction!: keyof typeof SortDirection;
}

@InputType()
export class AgencyOrderBy {
  @Field(() => AgencySortField) field!: keyof typeof AgencySortField;
  @Field(() => SortDirection, { defaultValue: "ASC" }) direction!: keyof typeof SortDirection;
}
