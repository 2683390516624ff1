/** Filter inputs in the Hasura habit (services/where.ts compiles them to SQL). */
import { Field, Float, InputType, Int } from "type-graphql";
import { LocalDateResolver } from "graphql-scalars";
import { FigureStatus, FormatVersion, Kind, Level, ReportStatus, Script, Severity, Variable } from "./enums.js";

/**
 * `<Enum>Comparison`: equality operators over one vocabulary (enums.ts), so that a value outside it is
 * refused by GraphQL (with the valid values) instead of matching nothing.
 */
function enumComparison(name: string, type: object, description: string): new () => object {
  const cls = { [`${name}Comparison`]: class {} }[`${name}Comparison`];
  Field(() => type, { nullable: true })(cls.prototype, "_eq");
  Field(() => type, { nullable: true })(cls.prototype, "_neq");
  Field(() => [type], { nullable: true })(cls.prototype, "_in");
  Field(() => [type], { nullable: true })(cls.prototype, "_nin");
  Field(() => Boolean, { nullable: true })(cls.prototype, "_is_null");
  InputType(`${name}Comparison`, { description: `operators are ANDed; ${description}` })(cls);
  return cls;
}

export const LevelComparison = enumComparison("Level", Level, "an agency's level");
export const KindComparison = enumComparison("Kind", Kind, "an agency's kind");
export const FormatVersionComparison = enumComparison("FormatVersion", FormatVersion, "a report's table layout");
export const ScriptComparison = enumComparison("Script", Script, "a report's script");
export const ReportStatusComparison = enumComparison("ReportStatus", ReportStatus, "a report's status");
export const FigureStatusComparison = enumComparison("FigureStatus", FigureStatus, "a figure's status");
export const SeverityComparison = enumComparison("Severity", Severity, "a diagnostic's severity");
/** the shape of every enum comparison (values are the enums' stored values) */
export interface EnumComparison {
  _eq?: string;
  _neq?: string;
  _in?: string[];
  _nin?: string[];
  _is_null?: boolean;
}

/** a place filter's description */
const PLACE =
  "the national division name (广东省, 广州市, 天河区): _eq/_neq/_in/_nin values must be one (a short or unknown name is refused, with suggestions)";

@InputType({ description: "operators are ANDed; an operator given as null is ignored" })
export class IntComparison {
  @Field(() => Int, { nullable: true }) _eq?: number;
  @Field(() => Int, { nullable: true }) _neq?: number;
  @Field(() => Int, { nullable: true }) _gt?: number;
  @Field(() => Int, { nullable: true }) _gte?: number;
  @Field(() => Int, { nullable: true }) _lt?: number;
  @Field(() => Int, { nullable: true }) _lte?: number;
  @Field(() => [Int], { nullable: true }) _in?: number[];
  @Field(() => [Int], { nullable: true }) _nin?: number[];
  @Field(() => Boolean, { nullable: true }) _is_null?: boolean;
}

@InputType({ description: "operators are ANDed; _like/_ilike take SQL LIKE patterns (% and _)" })
export class StringComparison {
  @Field(() => String, { nullable: true }) _eq?: string;
  @Field(() => String, { nullable: true }) _neq?: string;
  @Field(() => String, { nullable: true }) _gt?: string;
  @Field(() => String, { nullable: true }) _gte?: string;
  @Field(() => String, { nullable: true }) _lt?: string;
  @Field(() => String, { nullable: true }) _lte?: string;
  @Field(() => [String], { nullable: true }) _in?: string[];
  @Field(() => [String], { nullable: true }) _nin?: string[];
  @Field(() => String, { nullable: true }) _like?: string;
  @Field(() => String, { nullable: true }) _ilike?: string;
  @Field(() => Boolean, { nullable: true }) _is_null?: boolean;
}

@InputType()
export class BooleanComparison {
  @Field(() => Boolean, { nullable: true }) _eq?: boolean;
  @Field(() => Boolean, { nullable: true }) _neq?: boolean;
}

@InputType({ description: "dates as YYYY-MM-DD" })
export class DateComparison {
  @Field(() => LocalDateResolver, { nullable: true }) _eq?: string;
  @Field(() => LocalDateResolver, { nullable: true }) _neq?: string;
  @Field(() => LocalDateResolver, { nullable: true }) _gt?: string;
  @Field(() => LocalDateResolver, { nullable: true }) _gte?: string;
  @Field(() => LocalDateResolver, { nullable: true }) _lt?: string;
  @Field(() => LocalDateResolver, { nullable: true }) _lte?: string;
  @Field(() => Boolean, { nullable: true }) _is_null?: boolean;
}

@InputType({
  description:
    "reports whose figure for `variable` satisfies the operators (a report without that figure does not match, except with _is_null: true)",
})
export class FigureFilter {
  @Field(() => Variable) variable!: string;
  @Field(() => Float, { nullable: true }) _eq?: number;
  @Field(() => Float, { nullable: true }) _neq?: number;
  @Field(() => Float, { nullable: true }) _gt?: number;
  @Field(() => Float, { nullable: true }) _gte?: number;
  @Field(() => Float, { nullable: true }) _lt?: number;
  @Field(() => Float, { nullable: true }) _lte?: number;
  @Field(() => [Float], { nullable: true }) _in?: number[];
  @Field(() => [Float], { nullable: true }) _nin?: number[];
  @Field(() => Boolean, { nullable: true, description: "true: no value (absent, blank-less missing or undecidable)" })
  _is_null?: boolean;
  @Field(() => FigureStatusComparison, { nullable: true, description: "the figure's status" }) status?: EnumComparison;
}

@InputType({ description: "reports with at least one diagnostic matching" })
export class DiagnosticFilter {
  @Field(() => StringComparison, { nullable: true }) code?: StringComparison;
  @Field(() => SeverityComparison, { nullable: true }) severity?: EnumComparison;
  @Field(() => StringComparison, { nullable: true }) variable?: StringComparison;
}

@InputType({ description: "a report filter; only current revisions match unless it constrains isCurrent" })
export class ReportWhere {
  @Field(() => IntComparison, { nullable: true }) id?: IntComparison;
  @Field(() => IntComparison, { nullable: true }) agencyId?: IntComparison;
  @Field(() => StringComparison, { nullable: true, description: "the agency's canonical name" })
  agency?: StringComparison;
  @Field(() => IntComparison, { nullable: true, description: "the year reported on" }) year?: IntComparison;
  @Field(() => FormatVersionComparison, { nullable: true, description: "table layout" }) format?: EnumComparison;
  @Field(() => DateComparison, { nullable: true }) published?: DateComparison;
  @Field(() => ScriptComparison, { nullable: true }) script?: EnumComparison;
  @Field(() => ReportStatusComparison, { nullable: true }) status?: EnumComparison;
  @Field(() => StringComparison, { nullable: true }) parserVersion?: StringComparison;
  @Field(() => BooleanComparison, { nullable: true }) isCurrent?: BooleanComparison;
  @Field(() => BooleanComparison, { nullable: true }) synthetic?: BooleanComparison;
  @Field(() => StringComparison, { nullable: true, description: PLACE }) province?: StringComparison;
  @Field(() => StringComparison, { nullable: true, description: PLACE }) city?: StringComparison;
  @Field(() => StringComparison, { nullable: true, description: PLACE }) county?: StringComparison;
  @Field(() => StringComparison, { nullable: true }) divisionCode?: StringComparison;
  @Field(() => LevelComparison, { nullable: true }) level?: EnumComparison;
  @Field(() => KindComparison, { nullable: true }) kind?: EnumComparison;
  @Field(() => FigureFilter, { nullable: true }) figure?: FigureFilter;
  @Field(() => DiagnosticFilter, { nullable: true }) diagnostic?: DiagnosticFilter;
  @Field(() => [ReportWhere], { nullable: true, description: "all must hold ([] = true)" }) _and?: ReportWhere[];
  @Field(() => [ReportWhere], { nullable: true, description: "one must hold ([] = false)" }) _or?: ReportWhere[];
  @Field(() => ReportWhere, { nullable: true }) _not?: ReportWhere;
}

@InputType()
export class AgencyWhere {
  @Field(() => IntComparison, { nullable: true }) id?: IntComparison;
  @Field(() => StringComparison, { nullable: true, description: "canonical name" }) name?: StringComparison;
  @Field(() => StringComparison, { nullable: true, description: PLACE }) province?: StringComparison;
  @Field(() => StringComparison, { nullable: true, description: PLACE }) city?: StringComparison;
  @Field(() => StringComparison, { nullable: true, description: PLACE }) county?: StringComparison;
  @Field(() => StringComparison, { nullable: true }) divisionCode?: StringComparison;
  @Field(() => LevelComparison, { nullable: true }) level?: EnumComparison;
  @Field(() => KindComparison, { nullable: true }) kind?: EnumComparison;
  @Field(() => ReportWhere, { nullable: true, description: "agencies with at least one report matching" })
  reports?: ReportWhere;
  @Field(() => [AgencyWhere], { nullable: true }) _and?: AgencyWhere[];
  @Field(() => [AgencyWhere], { nullable: true }) _or?: AgencyWhere[];
  @Field(() => AgencyWhere, { nullable: true }) _not?: AgencyWhere;
}
