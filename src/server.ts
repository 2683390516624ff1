/**
 * The GraphQL server: `createApolloServer` (schema, services, limits, error masking) and
 * `startHttpServer` (node:http, POST/GET /graphql, GET /health, the web explorer's pages and files,
 * /schema.graphql, /source/<report id>). `npm start` and the `serve` command call these two; tests start
 * them on a loopback port.
 */
import { ApolloServer, HeaderMap } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { DataSource } from "typeorm";
import { createLoaders, type GraphQLContext, type Services } from "./resolvers/context.js";
import { gongkaiSchema, schemaSdl } from "./server/schema.js";
import { keyMatches, requestKey } from "./server/auth.js";
import { formatError } from "./server/errors.js";
import { explorerReply } from "./server/explorer.js";
import { DEFAULT_LIMITS, queryLimitsPlugin, type QueryLimits } from "./server/limits.js";
import { applyStatementTimeout } from "./server/statement-timeout.js";
import { inputTextPlugin } from "./server/input-text.js";
import { ReportAdminService } from "./services/admin.service.js";
import { AgenciesService } from "./services/agencies.service.js";
import { AggregateService } from "./services/aggregate.service.js";
import { ReportsService } from "./services/reports.service.js";
import type { SearchBackend } from "./search/search-backend.js";
import { ReportSearchService, type SearchOptions } from "./services/search.service.js";

export interface ApiOptions {
  ds: DataSource;
  /** ranked search; without it `search` answers exact: true only (ranked → SEARCH_UNAVAILABLE) */
  search?: SearchBackend;
  /** GONGKAI_API_KEY; unset = every mutation refused */
  apiKey?: string;
  /** GONGKAI_DATA_DIR, where stored source files live (re-parse, ingest); default ./.gongkai */
  dataDir?: string;
  /** folders `ingestPath` may read; default none (path ingest refused) */
  ingestRoots?: string[];
  limits?: Partial<QueryLimits>;
  searchOptions?: SearchOptions;
  /** whether the search engine answers now (for /health); unset = no search engine configured */
  searchHealth?: () => Promise<boolean>;
  /** GONGKAI_DEMO=false: real reports only, everywhere (reports, report, agencies, aggregate, both searches) */
  realOnly?: boolean;
}

export interface GongkaiApi {
  apollo: ApolloServer<GraphQLContext>;
  services: Services;
  /** the per-request context for a request's headers */
  context(headers: HeaderMap): Promise<GraphQLContext>;
  /** a report's stored source file (GET /source/<id>, the explorer's download of the original) */
  source(reportId: number): ReturnType<ReportAdminService["source"]>;
  /** the request carries the API key */
  authorized(headers: HeaderMap): boolean;
  apiKeyConfigured: boolean;
  ds: DataSource;
  limits: QueryLimits;
  searchHealth?: () => Promise<boolean>;
}

export function createApolloServer(options: ApiOptions): GongkaiApi {
  const { ds } = options;
  const services: Services = {
    reports: new ReportsService(ds, !!options.realOnly),
    agencies: new AgenciesService(ds, !!options.realOnly),
    aggregate: new AggregateService(ds, !!options.realOnly),
    search: new ReportSearchService(ds, options.search, { realOnly: !!options.realOnly, ...options.searchOptions }),
    admin: new ReportAdminService(ds, {
      dataDir: options.dataDir ?? "./.gongkai",
      ingestRoots: options.ingestRoots ?? [],
    }),
  };
  const limits: QueryLimits = { ...DEFAULT_LIMITS, ...options.limits };
  applyStatementTimeout(ds, limits.statementTimeoutMs);
  const admin = services.admin as ReportAdminService;
  const apollo = new ApolloServer<GraphQLContext>({
    schema: gongkaiSchema(),
    // the parser stops at the limit: a flood of aliases costs no more to refuse than a normal query
    parseOptions: { maxTokens: limits.maxTokens },
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError,
    plugins: [
      queryLimitsPlugin(limits),
      inputTextPlugin(),
      ApolloServerPluginLandingPageDisabled(),
      // no cache hints are set, and the default plugin still wraps every field (≈ 1 ms of a 20-node page)
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  const apiKeyConfigured = !!options.apiKey;
  const authorized = (headers: HeaderMap) => keyMatches(requestKey(headers), options.apiKey);
  return {
    apollo,
    services,
    ds,
    apiKeyConfigured,
    authorized,
    limits,
    searchHealth: options.searchHealth,
    source: (id) => admin.source(id),
    async context(headers) {
      return { services, loaders: createLoaders(services), authorized: authorized(headers), apiKeyConfigured };
    },
  };
}

export interface HttpServerOptions {
  port?: number;
  /** default 127.0.0.1; "0.0.0.0" to serve other machines */
  host?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Request bodies: small for everyone; large (uploads) only for requests carrying the API key. */
export const BODY_LIMITS = { open: 1024 * 1024, authorized: 48 * 1024 * 1024 };

export async function startHttpServer(api: GongkaiApi, options: HttpServerOptions = {}): Promise<RunningServer> {
  await api.apollo.start();
  const server = http.createServer((req, res) => {
    handle(api, req, res).catch((e) => {
      console.error("http handler failed:", e);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          errors: [{ message: "internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }],
        }),
      );
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4000, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await api.apollo.stop();
    },
  };
}

/**
 * Any origin may call the API: reads are public, and the API key is a header a browser never adds on
 * its own (no cookies), so a foreign page cannot borrow anyone's rights.
 */
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "content-type, authorization, x-api-key, apollo-require-preflight",
  "access-control-max-age": "86400",
};

/** the SDL served at /schema.graphql, printed once */
let sdl: string | undefined;

async function handle(api: GongkaiApi, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  for (const [k, v] of Object.entries(CORS)) res.setHeader(k, v);
  if (req.method === "OPTIONS") {
    res.writeHead(204).end();
    return;
  }
  if (url.pathname === "/health") {
    // what is down: the database (503: nothing works) or the search engine (200: all but ranked search)
    const [db, search] = await Promise.all([
      api.ds.query("SELECT 1").then(
        () => true,
        () => false,
      ),
      api.searchHealth ? api.searchHealth() : Promise.resolve(null),
    ]);
    res.writeHead(db ? 200 : 503, { "content-type": "application/json" });
    res.end(
      JSON.stringify({ ok: db && search !== false, database: db, search: search === null ? "not configured" : search }),
    );
    return;
  }
  if (url.pathname === "/schema.graphql" && (req.method === "GET" || req.method === "HEAD")) {
    // the SDL this server runs (the same text as the committed schema.graphql), for code generators
    sdl ??= schemaSdl();
    res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(req.method === "GET" ? sdl : undefined);
    return;
  }
  const source = req.method === "GET" ? /^\/source\/(\d{1,9})$/.exec(url.pathname) : null;
  if (source) {
    await sendSource(api, Number(source[1]), res);
    return;
  }
  const acceptsHtml = (req.headers.accept ?? "").includes("text/html");
  if (req.method === "GET" && url.pathname === "/graphql" && !url.searchParams.has("query") && acceptsHtml) {
    res.writeHead(302, { location: "/graphiql" }).end();
    return;
  }
  const page = req.method === "GET" && url.pathname !== "/graphql" ? explorerReply(url.pathname, acceptsHtml) : null;
  if (page) {
    res
      .writeHead(page.status, { "content-type": page.type, ...(page.cache ? { "cache-control": page.cache } : {}) })
      .end(page.body);
    return;
  }
  if (url.pathname !== "/graphql") {
    res.writeHead(404, { "content-type": "text/plain" }).end("not found: the API is at /graphql\n");
    return;
  }
  const headers = new HeaderMap();
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  const limit = api.authorized(headers) ? BODY_LIMITS.authorized : BODY_LIMITS.open;
  let body: unknown;
  if (req.method === "POST") {
    const read = await readBody(req, limit);
    if (read === null) {
      res.writeHead(413, { "content-type": "text/plain" }).end(`request body larger than ${limit} bytes\n`);
      req.destroy();
      return;
    }
    if ((headers.get("content-type") ?? "").startsWith("application/json")) {
      try {
        body = JSON.parse(read.toString("utf8"));
      } catch {
        res.writeHead(400, { "content-type": "text/plain" }).end("request body is not valid JSON\n");
        return;
      }
    } else body = read.toString("utf8");
  }
  const query =
    req.method === "POST" ? (body as { query?: unknown } | undefined)?.query : url.searchParams.get("query");
  if (typeof query === "string" && query.length > api.limits.maxQueryLength) {
    // refused before the GraphQL parser sees it: reading a 1 MB document would hold the event loop for everyone
    res.writeHead(400, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        errors: [
          {
            message: `query document longer than ${api.limits.maxQueryLength} characters`,
            extensions: { code: "QUERY_TOO_COMPLEX", maxQueryLength: api.limits.maxQueryLength },
          },
        ],
      }),
    );
    return;
  }
  const execution = api.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: (req.method ?? "GET").toUpperCase(), headers, search: url.search, body },
    context: () => api.context(headers),
  });
  // the per-request deadline: reads without the API key only (an authorized ingest may take minutes, and
  // its client must learn what was stored); the statements of a request past it end by statement_timeout
  const response = api.authorized(headers) ? await execution : await withDeadline(execution, api.limits.deadlineMs);
  if (!response) {
    execution.catch(() => undefined);
    res.writeHead(503, { "content-type": "application/json", "retry-after": "10" });
    res.end(
      JSON.stringify({
        errors: [
          {
            message: `the request ran longer than ${api.limits.deadlineMs / 1000} s and was given up; ask for less`,
            extensions: { code: "REQUEST_TIMEOUT" },
          },
        ],
      }),
    );
    return;
  }
  for (const [k, v] of response.headers) res.setHeader(k, v);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === "complete") {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/** The promise's value, or null when it has not settled within `ms`. */
async function withDeadline<T>(p: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The original file of a report, as a download; a plain 404 when there is none. */
async function sendSource(api: GongkaiApi, id: number, res: http.ServerResponse): Promise<void> {
  let file: Awaited<ReturnType<GongkaiApi["source"]>>;
  try {
    file = await api.source(id);
  } catch (e) {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end(`${(e as Error).message}\n`);
    return;
  }
  res
    .writeHead(200, {
      "content-type": file.mediaType,
      "content-length": file.bytes.length,
      "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.originalName)}`,
      "x-content-type-options": "nosniff",
    })
    .end(file.bytes);
}

/** The body, or null when it exceeds `limit` bytes. */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners("data");
        resolve(null);
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
