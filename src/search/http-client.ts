/**
 * An `httpClient` for the meilisearch JS client built on node:http with keep-alive agents.
 *
 * Why: through Node's built-in fetch every Meilisearch response of more than a few KB costs ~45 ms on
 * loopback; the same request over node:http with a keep-alive agent takes ~1.6 ms (STACK.md).
 *
 * The contract (meilisearch 0.62, `Config.httpClient`): called as `(url: URL, init: RequestInit)` where
 * `init.headers` is a Headers object, `init.body` a string (JSON, NDJSON or CSV) or undefined, and
 * `init.signal` set when a timeout applies; it resolves to the PARSED response body and must throw on
 * HTTP errors itself. We throw `MeilisearchApiError` as the client does — note that the client then
 * wraps whatever we throw in a `MeilisearchRequestError` (see `apiError` in client.ts to unwrap it).
 * On abort we reject with `signal.reason`, as fetch does: the client recognises its timeouts by that.
 * Streaming endpoints (task documents, chat) are not supported.
 */
import http from "node:http";
import https from "node:https";
import { MeilisearchApiError, type MeilisearchErrorResponse } from "meilisearch";

export type HttpClient = (input: string | URL | Request, init?: RequestInit) => Promise<unknown>;

export interface HttpClientOptions {
  /** most sockets kept per host (default 16) */
  maxSockets?: number;
}

// Idle sockets are dropped after 4 s, before the server's own keep-alive timeout (actix: 5 s) would
// close them under us; a request that still loses that race is retried once (see below).
const IDLE_TIMEOUT_MS = 4000;

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 16, timeout: IDLE_TIMEOUT_MS };
  const agents = { "http:": new http.Agent(agentOptions), "https:": new https.Agent(agentOptions) };

  return async function httpClient(input, init = {}) {
    if (typeof Request !== "undefined" && input instanceof Request) {
      throw new TypeError("httpClient: Request objects are not supported; pass a URL and init");
    }
    const url = input instanceof URL ? input : new URL(input as string);
    const protocol = url.protocol as keyof typeof agents;
    if (!(protocol in agents)) throw new TypeError(`httpClient: unsupported protocol ${url.protocol}`);
    const body = bodyBytes(init.body);
    const headers: Record<string, string> = Object.fromEntries(new Headers(init.headers));
    if (body) headers["content-length"] = String(body.length);
    const request = {
      method: init.method ?? "GET",
      headers,
      agent: agents[protocol],
      signal: init.signal ?? undefined,
    };

    let response: RawResponse;
    try {
      response = await send(protocol === "https:" ? https : http, url, request, body);
    } catch (e) {
      // The server closed an idle keep-alive socket just as we reused it. The request almost surely never
      // reached it, and a repeat would be harmless anyway (document writes are upserts by primary key),
      // so retry once on a fresh socket — the pattern Node's http docs recommend.
      if (!(e instanceof ReusedSocketReset)) throw e;
      response = await send(protocol === "https:" ? https : http, url, request, body);
    }

    const text = response.body;
    const parsed: unknown = text === "" ? undefined : parseJson(text, response);
    if (response.status >= 200 && response.status < 300) return parsed;
    throw new MeilisearchApiError(
      new Response(text === "" ? null : text, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      }),
      parsed as MeilisearchErrorResponse | undefined,
    );
  };
}

interface RawResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
}

class ReusedSocketReset extends Error {}

function send(
  transport: typeof http | typeof https,
  url: URL,
  options: http.RequestOptions & { signal?: AbortSignal },
  body: Buffer | undefined,
): Promise<RawResponse> {
  const { signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    // The signal is handled here rather than passed to node:http so that we reject with its reason.
    const req = transport.request(url, { ...options, signal: undefined }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        signal?.removeEventListener("abort", onAbort);
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? "",
          headers: headerPairs(res.headers),
          body: Buffer.concat(chunks).toString("utf8"),
        });
      });
    });
    const onAbort = () => {
      req.destroy();
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    req.on("error", (e: NodeJS.ErrnoException) => {
      signal?.removeEventListener("abort", onAbort);
      reject(req.reusedSocket && e.code === "ECONNRESET" ? new ReusedSocketReset(e.message) : e);
    });
    req.end(body);
  });
}

function bodyBytes(body: RequestInit["body"]): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body, "utf8");
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  throw new TypeError("httpClient: only string and byte bodies are supported");
}

function headerPairs(headers: http.IncomingHttpHeaders): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) pairs.push([k, one]);
  }
  return pairs;
}

function parseJson(text: string, response: RawResponse): unknown {
  try {
    return JSON.parse(text);
  } catch {
    if (response.status >= 200 && response.status < 300) {
      throw new Error(`Meilisearch answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
    }
    return undefined; // an error page from a proxy: the status line says enough
  }
}
