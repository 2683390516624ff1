/** Results of the mutations. */
import { Field, Int, ObjectType } from "type-graphql";
import { IngestOutcome } from "./enums.js";

@ObjectType()
export class IngestFileResult {
  @Field(() => String, { description: "the file as given (server path or upload name)" }) file!: string;
  @Field(() => IngestOutcome) outcome!: string;
  @Field(() => Int, { nullable: true }) reportId!: number | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "BAD_INPUT (the file itself), UNREADABLE (the server cannot read it) or INTERNAL (a fault of the server, logged there)",
  })
  errorCode!: string | null;
}

@ObjectType()
export class ReparseResult {
  @Field(() => Int) reportId!: number;
  @Field(() => String) parserVersion!: string;
  @Field(() => Int, { description: "diagnostics of the new parse" }) diagnostics!: number;
  @Field(() => [String]) warnings!: string[];
}

@ObjectType()
export class DeleteResult {
  @Field(() => Int) reportId!: number;
  @Field(() => Int, { nullable: true, description: "the older revision that became current, if any" }) promotedId!:
    | number
    | null;
}
