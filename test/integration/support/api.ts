/**
 * End-to-end API tests: a database of their own (seeded with the shared corpus and invented reports),
 * the real HTTP server on a loopback port, and `gql()` speaking GraphQL over HTTP to it.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import type { DataSource } from "typeorm";
import { storeParsedReport } from "../../../src/ingest/store.js";
import { fatalOf, parseReport, parseText } from "../../../src/parser/index.js";
import {
  createApolloServer,
  startHttpServer,
  type ApiOptions,
  type GongkaiApi,
  type RunningServer,
} from "../../../src/server.js";
import { MEDIA_TYPES } from "../../../src/ingest/discover.js";
import OpenCC from "opencc-js";
import { renderReport, type Layout } from "../../../src/synthetic/render.js";
import { syntheticValues } from "../../../src/synthetic/values.js";
import type { FormatVersion } from "../../../src/codebook/index.js";
import { CORPUS_DIR, corpusMissing } from "../../corpus/corpus.js";
import { openTestDatabase, type TestDatabase } from "./database.js";
import { tempDataDir } from "./servers.js";

export const API_KEY = "test-key-0123456789abcdef";

export interface TestApi {
  db: TestDatabase;
  ds: DataSource;
  api: GongkaiApi;
  server: RunningServer;
  dataDir: string;
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GqlResponse<T>>;
  close(): Promise<void>;
}

export interface GqlResponse<T> {
  status: number;
  data: T;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown }; path?: (string | number)[] }[];
}

export async function startTestApi(prefix: string, options: Omit<ApiOptions, "ds"> = {}): Promise<TestApi> {
  const db = await openTestDatabase(prefix);
  const dir = tempDataDir(`${prefix}-data`);
  const api = createApolloServer({ ds: db.ds, apiKey: API_KEY, dataDir: dir.path, ...options });
  const server = await startHttpServer(api, { port: 0 });
  return {
    db,
    ds: db.ds,
    api,
    server,
    dataDir: dir.path,
    gql: (query, variables, headers) => gqlAt(server.url, query, variables, headers),
    async close() {
      await server.close();
      await db.close();
      dir.remove();
    },
  };
}

/** One GraphQL request over HTTP, POST JSON. */
export async function gqlAt<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GqlResponse<T>> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T; errors?: GqlResponse<T>["errors"] };
  return { status: res.status, data: body.data, errors: body.errors };
}

/** Stores the bytes where the ingest pipeline keeps them (so re-parse finds them) and the parse in the database. */
export async function storeFile(ds: DataSource, dataDir: string, name: string, bytes: Uint8Array, synthetic = false) {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const storagePath = join("files", sha256.slice(0, 2), sha256.slice(2));
  mkdirSync(dirname(join(dataDir, storagePath)), { recursive: true });
  writeFileSync(join(dataDir, storagePath), bytes);
  const parsed =
    name.endsWith(".txt") && synthetic
      ? parseText(Buffer.from(bytes).toString("utf8"), name)
      : await parseReport(bytes, { filename: name });
  if (fatalOf(parsed)) throw new Error(`${name}: ${fatalOf(parsed)!.message}`);
  return storeParsedReport(
    ds,
    parsed,
    {
      sha256,
      originalName: name,
      mediaType: MEDIA_TYPES[extname(name)] ?? "text/plain",
      size: bytes.length,
      storagePath,
    },
    { synthetic },
  );
}

/** The shared corpus (seeds + real reports); 0 when it is not there (tests needing it skip). */
export async function seedCorpus(ds: DataSource, dataDir: string): Promise<number> {
  let n = 0;
  for (const sub of ["seeds", "real"]) {
    if (corpusMissing(sub)) continue;
    for (const f of readdirSync(join(CORPUS_DIR, sub)).sort()) {
      if (f === "SOURCES.md" || !MEDIA_TYPES[extname(f)]) continue;
      await storeFile(ds, dataDir, f, readFileSync(join(CORPUS_DIR, sub, f)));
      n++;
    }
  }
  return n;
}

/** Invented agencies across provinces, levels and kinds (the parser places them from their names). */
export const AGENCIES = [
  "广州市天河区人民政府",
  "深圳市南山区人民政府",
  "韶关市乳源瑶族自治县人民政府",
  "佛山市南海区人民政府",
  "广州市教育局",
  "佛山市人民政府",
  "广东省人民政府",
  "杭州市西湖区人民政府",
  "浙江省财政厅",
  "宁波市鄞州区人民政府",
  "成都市武侯区人民政府",
  "四川省人民政府",
];
export const YEARS = [2019, 2020, 2021, 2022, 2023];
export const PHRASE = "过程性信息";

/**
 * One invented report per agency and year (60). Every fifth is printed in traditional script; every third
 * mentions 过程性信息 in its summary (過程性信息 when traditional: search must find both).
 */
export async function seedSynthetic(ds: DataSource, dataDir: string): Promise<number> {
  // one converter for all (renderReport's `traditional` builds a new one per call: ~0.4 s each)
  const toTraditional = OpenCC.Converter({ from: "cn", to: "tw" });
  let i = 0;
  for (const agency of AGENCIES) {
    for (const year of YEARS) {
      i++;
      const format: FormatVersion = year >= 2021 ? "2021" : "2019";
      const layout: Layout = i % 2 ? "lines" : "pipe";
      let text = renderReport(syntheticValues(1000 + i, format), { format, year, agency, layout });
      if (i % 3 === 0) text = text.replace("持续优化", "对涉及过程性信息的申请依法审慎处理。持续优化");
      if (i % 5 === 0) text = toTraditional(text);
      await storeFile(ds, dataDir, `synthetic-${i}.txt`, Buffer.from(text), true);
    }
  }
  return i;
}
