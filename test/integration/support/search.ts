/**
 * Shared by the search integration tests: an embedded Meilisearch with an index of the test's own,
 * and reports to store (the gold corpus as parsed, invented ones with varied narratives).
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Meilisearch } from "meilisearch";
import type { DataSource } from "typeorm";
import { storeParsedReport, type Stored } from "../../../src/ingest/store.js";
import { fatalOf, parseReport, parseText } from "../../../src/parser/index.js";
import type { ParseResult } from "../../../src/parser/types.js";
import { createSearchClient } from "../../../src/search/client.js";
import type { SearchFilters } from "../../../src/search/params.js";
import { toSimplified } from "../../../src/text/normalize.js";
import type { SearchedSection } from "../../../src/search/documents.js";
import { ReportSearchService } from "../../../src/services/search.service.js";
import type { SearchResult } from "../../../src/services/exact-search.service.js";
import type { Comparison, ReportWhere } from "../../../src/services/where.js";
import { startEmbeddedMeilisearch, type EmbeddedMeilisearch } from "../../../src/search/meili-launcher.js";
import { ensureIndex } from "../../../src/search/settings.js";
import { syntheticNarrative } from "../../../src/synthetic/narrative.js";
import { renderReport } from "../../../src/synthetic/render.js";
import { syntheticValues } from "../../../src/synthetic/values.js";
import { CORPUS_DIR } from "../../corpus/corpus.js";
import { tempDataDir } from "./servers.js";

export interface TestSearch {
  client: Meilisearch;
  indexName: string;
  meili: EmbeddedMeilisearch;
  /** stop the server (the data stays) */
  stop(): Promise<void>;
  /** start it again on the same data: a new URL, so a new client */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function openTestSearch(prefix: string): Promise<TestSearch> {
  const dir = tempDataDir(`${prefix}-meili`);
  const s = {
    indexName: `sections_${prefix.replace(/\W/g, "_")}_${process.pid}`,
    meili: await startEmbeddedMeilisearch({ dataDir: dir.path }),
  } as TestSearch;
  s.client = createSearchClient({ url: s.meili.url, apiKey: s.meili.masterKey });
  s.stop = () => s.meili.stop();
  s.restart = async () => {
    s.meili = await startEmbeddedMeilisearch({ dataDir: dir.path });
    s.client = createSearchClient({ url: s.meili.url, apiKey: s.meili.masterKey });
  };
  s.close = async () => {
    await s.meili.stop();
    dir.remove();
  };
  await ensureIndex(s.client, s.indexName);
  return s;
}

const sourceOf = (bytes: Uint8Array, name: string) => {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  return { sha256, originalName: name, mediaType: "text/plain", size: bytes.length, storagePath: `files/${sha256}` };
};

/** Parses and stores every report of the gold corpus that parses with sections; returns how many. */
export async function storeCorpus(ds: DataSource): Promise<number> {
  let n = 0;
  for (const sub of ["seeds", "real"]) {
    const dir = join(CORPUS_DIR, sub);
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith(".json") || name === "SOURCES.md") continue;
      const bytes = readFileSync(join(dir, name));
      const parsed = await parseReport(bytes, { filename: name });
      if (fatalOf(parsed) || !Object.values(parsed.sections).some(Boolean)) continue;
      await storeParsedReport(ds, parsed, sourceOf(bytes, name));
      n++;
    }
  }
  return n;
}

const AGENCIES = [
  "广州市测试局",
  "上海市测试委员会",
  "昆明市测试局",
  "福州市测试局",
  "北京市测试局",
  "深圳市测试区人民政府",
];

/** An invented report: tables from the renderer, narrative sections from the narrative generator. */
export function syntheticParse(
  seed: number,
  o: { agency?: string; year?: number; traditional?: boolean; published?: string } = {},
): ParseResult {
  const agency = o.agency ?? AGENCIES[seed % AGENCIES.length];
  const year = o.year ?? 2019 + (Math.floor(seed / AGENCIES.length) % 7); // a distinct agency+year for 42 seeds
  const format = year >= 2021 ? "2021" : "2019";
  const text = renderReport(syntheticValues(seed, format), {
    format,
    year,
    agency,
    layout: "lines",
    published: o.published,
  });
  const parsed = parseText(text);
  return { ...parsed, sections: syntheticNarrative(seed, { year, agency, traditional: o.traditional }) };
}

let unique = 0;
export async function storeSynthetic(ds: DataSource, parsed: ParseResult): Promise<Stored> {
  const bytes = Buffer.from(`${JSON.stringify(parsed.sections)}#${process.pid}-${unique++}`);
  return storeParsedReport(ds, parsed, sourceOf(bytes, `synthetic-${unique}.txt`), { synthetic: true });
}

/** Every document id in the index. */
export async function indexedIds(client: Meilisearch, indexName: string): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await client.index(indexName).getDocuments<{ id: string }>({ fields: ["id"], offset, limit: 1000 });
    ids.push(...page.results.map((d) => d.id));
    if (page.results.length < 1000) return ids.sort();
  }
}

/** The ids the index should hold: every searched section of every current report, as Postgres has it. */
export async function expectedIds(ds: DataSource): Promise<string[]> {
  const rows = (await ds.query(
    `SELECT s.report_id || '-' || s.key AS id FROM section s JOIN report r ON r.id = s.report_id
      WHERE r.is_current AND s.key IN ('summary', 'problems_improvements', 'other') AND s.text <> ''`,
  )) as { id: string }[];
  return rows.map((r) => r.id).sort();
}

/**
 * The query set's filters as the API's `where`. The where compares exactly, so place names are given
 * as stored (simplified); the ranked engine's filters normalise them themselves.
 */
export function whereOf(filters: SearchFilters = {}): ReportWhere {
  const where: Record<string, Comparison<unknown>> = {};
  const values = (v: unknown, f: (x: string) => unknown = (x) => x): Comparison<unknown> =>
    Array.isArray(v) ? { _in: v.map((x) => f(x)) } : { _eq: f(v as string) };
  for (const [field, v] of Object.entries(filters)) {
    if (v === undefined) continue;
    if (field === "year" && typeof v === "object" && !Array.isArray(v)) {
      const r = v as { gte?: number; lte?: number };
      where.year = { ...(r.gte !== undefined ? { _gte: r.gte } : {}), ...(r.lte !== undefined ? { _lte: r.lte } : {}) };
    } else if (field === "province" || field === "city" || field === "county")
      where[field] = values(v, (x: string) => toSimplified(x));
    else if (field === "reportId") where.id = values(v);
    else if (field === "terms") throw new Error("the terms filter has no where: keywords live in the search index");
    else where[field] = values(v);
  }
  return where as ReportWhere;
}

/** The exact path as the API serves it (`search(exact: true)`), every hit on one page. */
export function apiExact(
  ds: DataSource,
  query: string,
  filters?: SearchFilters,
  sections?: readonly SearchedSection[],
): Promise<SearchResult> {
  return new ReportSearchService(ds).search({
    query,
    where: whereOf(filters),
    sections: sections ? [...sections] : null,
    limit: 10_000,
    offset: 0,
    exact: true,
  });
}
