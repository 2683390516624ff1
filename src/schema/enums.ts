/**
 * GraphQL enums — every fixed vocabulary of the API. ONE casing convention (docs/api.md, CHANGELOG.md):
 * enum values are lower snake_case, spelled as the data, the codebook and the CLI spell them (`city`,
 * `ok`, `summary`, `t3_new_total`, `desc`). Where a stored value is not a GraphQL name (the format
 * versions "2019" and "2021"), the enum value is `v2019`/`v2021` and maps to the stored value; the sort
 * enums map to the services' keys the same way. A wrong value is refused by GraphQL with the list of
 * valid ones (and a "did you mean" for a near miss: `City` → `city`), never answered with 0 rows.
 */
import { registerEnumType } from "type-graphql";
import { VARIABLES } from "../codebook/index.js";
import { REPORT_STATUSES } from "../ingest/report-status.js";
import { AGGREGATE_DIMENSIONS } from "../services/aggregate.service.js";
import { AGENCY_SORT_FIELDS } from "../services/agencies.service.js";
import { REPORT_SORT_FIELDS } from "../services/reports.service.js";

const names = <T extends string>(keys: readonly T[]) => Object.fromEntries(keys.map((k) => [k, k])) as { [K in T]: K };
/** lower-case GraphQL names for keys a service spells in upper case (YEAR → year, INGESTED_AT → ingested_at) */
const lowered = <T extends string>(keys: readonly T[]) =>
  Object.fromEntries(keys.map((k) => [k.toLowerCase(), k])) as { [K in T as Lowercase<K>]: K };

export const SortDirection = { asc: "ASC", desc: "DESC" } as const;
registerEnumType(SortDirection, { name: "SortDirection" });

export const ReportSortField = lowered(Object.keys(REPORT_SORT_FIELDS) as (keyof typeof REPORT_SORT_FIELDS)[]);
registerEnumType(ReportSortField, { name: "ReportSortField" });

export const AgencySortField = lowered(Object.keys(AGENCY_SORT_FIELDS) as (keyof typeof AGENCY_SORT_FIELDS)[]);
registerEnumType(AgencySortField, { name: "AgencySortField" });

export const AggregateDimension = lowered(Object.keys(AGGREGATE_DIMENSIONS) as (keyof typeof AGGREGATE_DIMENSIONS)[]);
registerEnumType(AggregateDimension, { name: "AggregateDimension", description: "what aggregate rows are grouped by" });

export const SectionKey = names(["summary", "problems_improvements", "problems", "improvements", "other"] as const);
registerEnumType(SectionKey, {
  name: "SectionKey",
  description:
    "narrative parts of a report, in the order a report prints them; problems/improvements are the two halves of problems_improvements where the text turns",
});
/** the order reports print their sections in (sections are listed in it) */
export const SECTION_ORDER: readonly string[] = Object.keys(SectionKey);

export const FigureStatus = names(["ok", "blank", "derived", "undecidable", "unverified", "missing"] as const);
registerEnumType(FigureStatus, {
  name: "FigureStatus",
  valuesConfig: {
    ok: { description: "read as printed, and the table's arithmetic vouches for it" },
    blank: { description: "a blank mark such as / read as 0" },
    derived: { description: "computed, e.g. a blank total or 2021's t3_other_*" },
    undecidable: {
      description:
        "run-together digits with more than one consistent reading; value is null, `candidates` lists the readings",
    },
    missing: { description: "not found in the report; value is null" },
    unverified: {
      description:
        "read and kept as read, but a table rule it takes part in fails and no single printed total explains it: check it against the report",
    },
  },
});

export const Level = names(["central", "province", "city", "county", "township"] as const);
registerEnumType(Level, { name: "Level", description: "the administrative level of an agency" });

export const Kind = names(["government", "department"] as const);
registerEnumType(Kind, { name: "Kind", description: "a people's government, or one of its departments" });

export const FormatVersion = { v2019: "2019", v2021: "2021" } as const;
registerEnumType(FormatVersion, {
  name: "FormatVersion",
  description: "the table layout a report follows",
  valuesConfig: {
    v2019: { description: "the 2019 template (reports on 2019 and 2020)" },
    v2021: { description: "the 2021 template (reports on 2021 onwards)" },
  },
});

export const SearchOrder = names(["relevance", "year_desc", "year_asc"] as const);
registerEnumType(SearchOrder, {
  name: "SearchOrder",
  description: "the order of search hits",
  valuesConfig: {
    relevance: {
      description:
        "ranked search: sections that hold the query's words as whole words, often, in summary or problems_improvements first (docs/search.md, Ranking); exact search is not ranked and answers newest first",
    },
    year_desc: { description: "newest year first" },
    year_asc: { description: "oldest year first" },
  },
});

export const SearchMatch = names(["all_terms", "related"] as const);
registerEnumType(SearchMatch, {
  name: "SearchMatch",
  description: "how a search hit matched the query",
  valuesConfig: {
    all_terms: { description: "the section holds every term of the query (what totalCount and facets count)" },
    related: {
      description:
        "ranked search by relevance only, after every all_terms hit: the section holds the query's first jieba word but not every term (relatedCount; docs/search.md, Related hits)",
    },
  },
});

export const Script = names(["simplified", "traditional"] as const);
registerEnumType(Script, { name: "Script", description: "the Chinese script a report is printed in" });

export const ReportStatus = names(REPORT_STATUSES);
registerEnumType(ReportStatus, {
  name: "ReportStatus",
  description: "how usable a report's figures are (decided at ingest)",
  valuesConfig: {
    ok: { description: "every figure read, no error" },
    inconsistent: { description: "figures read, but an error diagnostic (a broken sum, a contradiction) stands" },
    incomplete: { description: "the format or some figures could not be read" },
  },
});

export const Severity = names(["error", "warning", "info"] as const);
registerEnumType(Severity, { name: "Severity", description: "how serious a diagnostic is" });

export const Language = names(["zh", "en"] as const);
registerEnumType(Language, {
  name: "Language",
  description: "the language of a label: Chinese as printed, or English",
});

export const IngestOutcome = names(["stored", "revision", "unchanged", "failed"] as const);
registerEnumType(IngestOutcome, { name: "IngestOutcome" });

/** Every codebook variable, by its codebook name. */
export const Variable = names(VARIABLES.map((v) => v.name));
registerEnumType(Variable, {
  name: "Variable",
  description: "a codebook variable (codebook.csv)",
  valuesConfig: Object.fromEntries(
    VARIABLES.map((v) => [v.name, { description: `${v.labelZh} — ${v.labelEn}${v.unit ? ` (${v.unit})` : ""}` }]),
  ),
});
