/**
 * GraphQL enums. `Variable` and `SectionKey` keep the codebook's and the parser's lower-case names:
 * codebook names are the public contract, unchanged in every interface.
 */
import { registerEnumType } from "type-graphql";
import { VARIABLES } from "../codebook/index.js";
import { AGGREGATE_DIMENSIONS } from "../services/aggregate.service.js";
import { AGENCY_SORT_FIELDS } from "../services/agencies.service.js";
import { REPORT_SORT_FIELDS } from "../services/reports.service.js";

const names = <T extends string>(keys: readonly T[]) => Object.fromEntries(keys.map((k) => [k, k])) as { [K in T]: K };

export const SortDirection = names(["ASC", "DESC"] as const);
registerEnumType(SortDirection, { name: "SortDirection" });

export const ReportSortField = names(Object.keys(REPORT_SORT_FIELDS) as (keyof typeof REPORT_SORT_FIELDS)[]);
registerEnumType(ReportSortField, { name: "ReportSortField" });

export const AgencySortField = names(Object.keys(AGENCY_SORT_FIELDS) as (keyof typeof AGENCY_SORT_FIELDS)[]);
registerEnumType(AgencySortField, { name: "AgencySortField" });

export const AggregateDimension = names(Object.keys(AGGREGATE_DIMENSIONS) as (keyof typeof AGGREGATE_DIMENSIONS)[]);
registerEnumType(AggregateDimension, { name: "AggregateDimension", description: "what aggregate rows are grouped by" });

export const SectionKey = names(["summary", "problems_improvements", "problems", "improvements", "other"] as const);
registerEnumType(SectionKey, {
  name: "SectionKey",
  description: "narrative parts of a report; problems/improvements are the two halves of problems_improvements where the text turns",
});

export const FigureStatus = names(["ok", "blank", "derived", "undecidable", "missing", "unverified"] as const);
registerEnumType(FigureStatus, {
  name: "FigureStatus",
  valuesConfig: {
    ok: { description: "read as printed" },
    blank: { description: "a blank mark such as / read as 0" },
    derived: { description: "computed, e.g. a blank total or 2021's t3_other_*" },
    undecidable: { description: "run-together digits with more than one consistent reading; value is null" },
    missing: { description: "not found in the report; value is null" },
    unverified: { description: "read and kept as read, but a table rule it takes part in fails and no single printed total explains it: check it against the report" },
  },
});

export const IngestOutcome = names(["stored", "revision", "unchanged", "failed"] as const);
registerEnumType(IngestOutcome, { name: "IngestOutcome" });

/** Every codebook variable, by its codebook name. */
export const Variable = names(VARIABLES.map((v) => v.name));
registerEnumType(Variable, {
  name: "Variable",
  description: "a codebook variable (codebook.csv)",
  valuesConfig: Object.fromEntries(VARIABLES.map((v) => [v.name, { description: `${v.labelZh} — ${v.labelEn}${v.unit ? ` (${v.unit})` : ""}` }])),
});
