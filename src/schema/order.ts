/** Ordering inputs. Enum values reach the services as the services' own keys (enums.ts maps them). */
import { Field, InputType } from "type-graphql";
import type { AgencySortField as AgencySortKey } from "../services/agencies.service.js";
import type { ReportSortField as ReportSortKey } from "../services/reports.service.js";
import type { SortDirection as Direction } from "../services/sql.js";
import { AgencySortField, ReportSortField, SortDirection, Variable } from "./enums.js";

@InputType({
  description:
    "one sort key: a report field OR a codebook variable's value (exactly one); nulls sort last; the report id breaks ties",
})
export class ReportOrderBy {
  @Field(() => ReportSortField, { nullable: true }) field?: ReportSortKey;
  @Field(() => Variable, { nullable: true }) figure?: string;
  @Field(() => SortDirection, { defaultValue: SortDirection.asc }) direction!: Direction;
}

@InputType()
export class AgencyOrderBy {
  @Field(() => AgencySortField) field!: AgencySortKey;
  @Field(() => SortDirection, { defaultValue: SortDirection.asc }) direction!: Direction;
}
