/**
 * Every GraphQL query the explorer sends, and the shapes it reads back — in one module, so that a change
 * of the API is adapted here and nowhere else. Vocabularies (level, kind, status, format, severity …) are
 * GraphQL enums in lower snake_case and year facets are Ints; they are read through `String(...)` below
 * so the pages deal in strings only.
 */
import { gql } from "./api.js";

export interface Figure {
  raw: string | null; status: string; value: number | null;
  /** an undecidable figure's readings that the table's rules allow */
  candidates?: number[] | null;
}
export interface Variable {
  name: string; table: number; formats: string[]; labelZh: string; labelEn: string; unit: string; note: string;
}
export interface AgencyRef { id: number; name: string; province: string | null; city: string | null; county?: string | null; level: string | null; kind: string | null }
export interface Facet { value: string; count: number }
export interface SearchHit {
  reportId: number; section: string; score: number | null; snippet: string; highlights: { start: number; end: number }[];
  /** all_terms: the section holds every term; related: it holds the query's words, not every term (listed after) */
  match: "all_terms" | "related";
  report: { id: number; year: number; synthetic: boolean; format: string | null; agency: AgencyRef };
}
export interface SearchResult {
  totalCount: number; exhaustive: boolean; relatedCount: number;
  facets: Record<"year" | "province" | "level" | "kind" | "section", Facet[]>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: SearchHit[];
}
export interface Diagnostic {
  code: string; severity: string; message: string; tableNo: number | null; variable: string | null;
  rowKey: string | null; columnKey: string | null; block: string | null;
}
export interface Report {
  id: number; year: number; title: string | null; format: string | null; published: string | null; status: string;
  synthetic: boolean; revision: number; isCurrent: boolean; script: string; parserVersion: string; ingestedAt: string;
  agency: AgencyRef;
  sourceFile: { originalName: string; mediaType: string; size: number; sha256: string } | null;
  otherYears: { id: number; year: number; synthetic: boolean }[];
  diagnostics: Diagnostic[];
  sections: { key: string; displayText: string }[];
  /** variable → figure, over tables 2, 3 and 4 (absent: not a variable of the report's format) */
  figures: Record<string, Figure | null>;
}

const AGENCY_REF = "id name province city county level kind";

// ---- codebook (asked once per page load) ----
let codebookCache: Promise<Variable[]> | undefined;
export function codebook(): Promise<Variable[]> {
  codebookCache ??= gql<{ codebook: Variable[] }>(
    "query Codebook { codebook { name table formats labelZh labelEn unit note } }",
  ).then((d) => d.codebook.map((v) => ({ ...v, formats: v.formats.map(String) })));
  return codebookCache;
}

/** A format version as people say it: v2021 → 2021. */
export function formatName(format: string | null | undefined): string {
  return format ? String(format).replace(/^v/, "") : "—";
}

// ---- search ----
export interface SearchArgs {
  q: string; exact: boolean; after?: string; first: number;
  year?: string; province?: string; level?: string; kind?: string; section?: string;
}

/** The ReportWhere of the facet filters (values as the facets gave them). */
export function searchWhere(a: Pick<SearchArgs, "year" | "province" | "level" | "kind">): Record<string, unknown> {
  const where: Record<string, unknown> = {};
  if (a.year) where.year = { _eq: Number(a.year) };
  if (a.province) where.province = { _eq: a.province };
  if (a.level) where.level = { _eq: a.level };
  if (a.kind) where.kind = { _eq: a.kind };
  return where;
}

export async function search(a: SearchArgs): Promise<SearchResult> {
  const d = await gql<{ search: SearchResult }>(`query Search($q: String!, $exact: Boolean!, $first: Int, $after: String, $sections: [SectionKey!], $where: ReportWhere) {
  search(query: $q, exact: $exact, first: $first, after: $after, sections: $sections, where: $where) {
    totalCount exhaustive relatedCount
    facets { year { value count } province { value count } level { value count } kind { value count } section { value count } }
    pageInfo { hasNextPage endCursor }
    nodes { reportId section score snippet highlights { start end } match
      report { id year synthetic format agency { ${AGENCY_REF} } } }
  }
}`, {
    q: a.q, exact: a.exact, first: a.first, after: a.after ?? null,
    sections: a.section ? [a.section] : null, where: searchWhere(a),
  });
  const s = d.search;
  for (const k of Object.keys(s.facets) as (keyof SearchResult["facets"])[]) {
    s.facets[k] = s.facets[k].map((f) => ({ value: String(f.value), count: f.count }));
  }
  return s;
}

// ---- overview (the home page) ----
export interface Overview {
  all: { totalCount: number };
  demo: { totalCount: number };
  latest: { nodes: { id: number; year: number; synthetic: boolean; agency: AgencyRef }[] };
}
export function overview(): Promise<Overview> {
  return gql<Overview>(`query Overview {
  all: reports(first: 1) { totalCount }
  demo: reports(first: 1, where: { synthetic: { _eq: true } }) { totalCount }
  latest: reports(first: 12, orderBy: [{ field: year, direction: desc }, { field: agency }]) {
    nodes { id year synthetic agency { ${AGENCY_REF} } }
  }
}`);
}

// ---- one report ----
const FIGURE = "variable raw status value";

/** A report with every figure of its format (tables 2–4), keyed by variable. */
export async function report(id: number): Promise<Report | null> {
  const d = await gql<{ report: (Omit<Report, "figures"> & { figures: (Figure & { variable: string })[] }) | null }>(
    `query Report($id: Int!) {
  report(id: $id) {
    id year title format published status synthetic revision isCurrent script parserVersion ingestedAt
    agency { ${AGENCY_REF} }
    sourceFile { originalName mediaType size sha256 }
    otherYears { id year synthetic }
    diagnostics { code severity message tableNo variable rowKey columnKey block }
    sections { key displayText }
    figures { ${FIGURE} candidates }
  }
}`, { id });
  if (!d.report) return null;
  const { figures: list, ...rest } = d.report;
  const figures: Record<string, Figure> = {};
  for (const { variable, ...f } of list) figures[variable] = { ...f, status: String(f.status) };
  return {
    ...rest, format: rest.format == null ? null : String(rest.format), status: String(rest.status),
    diagnostics: rest.diagnostics.map((x) => ({ ...x, severity: String(x.severity) })), figures,
  };
}

// ---- one agency and its key figures over the years ----
/** The key figures charted on an agency's page; a sum is drawn only where every part has a value. */
export const KEY_FIGURES: { key: string; zh: string; en: string; parts: string[] }[] = [
  { key: "received", zh: "本年新收申请", en: "applications received", parts: ["t3_new_total"] },
  { key: "granted", zh: "予以公开", en: "granted", parts: ["t3_granted_total"] },
  {
    key: "denied", zh: "不予公开（各项之和）", en: "denied (sum of the 8 grounds)",
    parts: ["state_secret", "law_prohibited", "security", "third_party", "internal", "process", "enforcement", "query"].map((g) => `t3_denied_${g}_total`),
  },
  { key: "reviews", zh: "行政复议", en: "administrative reviews", parts: ["t4_review_total"] },
  { key: "lawsuits", zh: "行政诉讼（两类之和）", en: "lawsuits (direct + after review)", parts: ["t4_suit_direct_total", "t4_suit_after_review_total"] },
];

export interface AgencyPage extends AgencyRef {
  nameVariants: string[];
  reports: { id: number; year: number; format: string | null; synthetic: boolean; published: string | null; status: string; figures: Record<string, Figure | null> }[];
}

export async function agency(id: number): Promise<AgencyPage | null> {
  const variables = [...new Set(KEY_FIGURES.flatMap((k) => k.parts))];
  const d = await gql<{ agency: (Omit<AgencyPage, "reports"> & { reports: (Omit<AgencyPage["reports"][number], "figures"> & { figures: (Figure & { variable: string })[] })[] }) | null }>(
    `query Agency($id: Int!, $variables: [Variable!]) {
  agency(id: $id) {
    ${AGENCY_REF} nameVariants
    reports { id year format synthetic published status figures(variables: $variables) { ${FIGURE} } }
  }
}`, { id, variables });
  if (!d.agency) return null;
  return {
    ...d.agency,
    reports: d.agency.reports.map(({ figures, ...r }) => ({
      ...r, format: r.format == null ? null : String(r.format), status: String(r.status),
      figures: Object.fromEntries(figures.map(({ variable, ...f }) => [variable, f])),
    })),
  };
}

// ---- compare (aggregate) ----
export const DIMENSIONS = ["year", "province", "level", "kind"] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export interface AggregateRow {
  group: Record<string, string | number | null>;
  count: number;
  measures: { variable: string; sum: number | null; avg: number | null; min: number | null; max: number | null; count: number }[];
}

export async function aggregate(groupBy: Dimension, measures: string[], includeDemo: boolean): Promise<AggregateRow[]> {
  const d = await gql<{ aggregate: AggregateRow[] }>(`query Compare($groupBy: [AggregateDimension!], $measures: [Variable!], $where: ReportWhere) {
  aggregate(groupBy: $groupBy, measures: $measures, where: $where) {
    group { year province level kind } count
    measures { variable sum avg min max count }
  }
}`, { groupBy: [groupBy], measures, where: includeDemo ? {} : { synthetic: { _eq: false } } });
  return d.aggregate.map((r) => ({ ...r, measures: r.measures.map((m) => ({ ...m, variable: String(m.variable) })) }));
}

/** How many of the reports are invented (the compare page says so when its numbers include them). */
export async function demoCount(): Promise<number> {
  const d = await gql<{ demo: { totalCount: number } }>("query Demo { demo: reports(first: 1, where: { synthetic: { _eq: true } }) { totalCount } }");
  return d.demo.totalCount;
}
