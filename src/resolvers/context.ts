/**
 * Per-request context: the services (shared, stateless) and fresh DataLoaders (per request, so a
 * response never sees another request's cache). Every relation a resolver follows goes through a
 * loader: one query per relation per request level, never one per report (no N+1).
 */
import DataLoader from "dataloader";
import type { AgencyRow, AgenciesService } from "../services/agencies.service.js";
import type { AggregateService } from "../services/aggregate.service.js";
import type { ReportAdmin } from "../services/admin.service.js";
import type {
  DiagnosticRow,
  FigureRow,
  ReportRow,
  ReportsService,
  SectionRow,
  SourceFileRow,
} from "../services/reports.service.js";
import type { ReportSearchService } from "../services/search.service.js";

export interface Services {
  reports: ReportsService;
  agencies: AgenciesService;
  aggregate: AggregateService;
  search: ReportSearchService;
  /** absent: the server was built without write access (mutations refused) */
  admin?: ReportAdmin;
}

export interface Loaders {
  report: DataLoader<number, ReportRow | null>;
  agency: DataLoader<number, AgencyRow | null>;
  /** one figure of a report (null when the report has none of that variable) */
  figure: DataLoader<{ reportId: number; variable: string }, FigureRow | null, string>;
  sections: DataLoader<number, SectionRow[]>;
  diagnostics: DataLoader<number, DiagnosticRow[]>;
  sourceFile: DataLoader<string, SourceFileRow | null>;
  /** current reports of an agency, by year */
  agencyReports: DataLoader<number, ReportRow[]>;
}

export interface GraphQLContext {
  services: Services;
  loaders: Loaders;
  /** the request carried the server's API key */
  authorized: boolean;
  /** the server has an API key at all (mutations are refused without one) */
  apiKeyConfigured: boolean;
}

function byKey<K, V>(keys: readonly K[], rows: V[], key: (v: V) => K): (V | null)[] {
  const m = new Map(rows.map((r) => [key(r), r]));
  return keys.map((k) => m.get(k) ?? null);
}

const figureKey = (k: { reportId: number; variable: string }) => `${k.reportId}/${k.variable}`;

function groupBy<K, V>(keys: readonly K[], rows: V[], key: (v: V) => K): V[][] {
  const m = new Map<K, V[]>(keys.map((k) => [k, []]));
  for (const r of rows) m.get(key(r))?.push(r);
  return keys.map((k) => m.get(k)!);
}

export function createLoaders(s: Services): Loaders {
  return {
    report: new DataLoader(async (ids) => byKey(ids, await s.reports.byIds(ids), (r) => r.id)),
    agency: new DataLoader(async (ids) => byKey(ids, await s.agencies.byIds(ids), (r) => r.id)),
    figure: new DataLoader(async (keys) => byKey(keys.map(figureKey), await s.reports.figures(keys), figureKey), {
      cacheKeyFn: figureKey,
    }),
    sections: new DataLoader(async (ids) => groupBy(ids, await s.reports.sections(ids), (r) => r.reportId)),
    diagnostics: new DataLoader(async (ids) => groupBy(ids, await s.reports.diagnostics(ids), (r) => r.reportId)),
    sourceFile: new DataLoader(async (shas) => byKey(shas, await s.reports.sourceFiles(shas), (r) => r.sha256)),
    agencyReports: new DataLoader(async (ids) =>
      groupBy(ids, await s.reports.currentByAgencyIds(ids), (r) => r.agencyId),
    ),
  };
}
