/**
 * The Meilisearch client used everywhere: the official JS client on our node:http transport, and
 * `awaitTask`, which turns a failed task into an exception (the client's own waitTask resolves with
 * `status: "failed"` and leaves checking to every caller).
 */
import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError,
  type EnqueuedTaskPromise,
  type Task,
  type WaitOptions,
} from "meilisearch";
import { createHttpClient } from "./http-client.js";

export interface SearchClientOptions {
  url: string;
  /** the master key (embedded server) or an API key */
  apiKey?: string;
  /** per-request timeout in ms (default: none) */
  timeout?: number;
}

/**
 * Large document batches take minutes to index (30k sections: 74 s, STACK.md); the client's default of
 * 5 s per awaited task would fail healthy work.
 */
export const DEFAULT_TASK_TIMEOUT_MS = 10 * 60_000;

export function createSearchClient(options: SearchClientOptions): Meilisearch {
  return new Meilisearch({
    host: options.url,
    apiKey: options.apiKey,
    timeout: options.timeout,
    // deprecated upstream (meilisearch-js#1824) but it is the only way to replace fetch; see http-client.ts
    httpClient: createHttpClient(),
    defaultWaitOptions: { timeout: DEFAULT_TASK_TIMEOUT_MS, interval: 50 },
  });
}

/** A task that ended `failed` (or `canceled`): `task` is the finished task, with `task.error`. */
export class SearchTaskError extends Error {
  override name = "SearchTaskError";
  constructor(readonly task: Task) {
    super(
      task.error
        ? `Meilisearch task ${task.uid} (${task.type}) ${task.status}: ${task.error.code}: ${task.error.message}`
        : `Meilisearch task ${task.uid} (${task.type}) ${task.status}`,
    );
  }
}

/** Waits for an enqueued task (as returned by the client's write methods) and throws unless it succeeded. */
export async function awaitTask(task: EnqueuedTaskPromise, options?: WaitOptions): Promise<Task> {
  const done = await task.waitTask(options);
  if (done.status !== "succeeded") throw new SearchTaskError(done);
  return done;
}

/**
 * The API error behind a client error: with a custom httpClient the client wraps what it throws in a
 * MeilisearchRequestError, so `e instanceof MeilisearchApiError` fails where it would with fetch.
 * Use `apiError(e)?.cause?.code === "index_not_found"` and the like.
 */
export function apiError(e: unknown): MeilisearchApiError | undefined {
  if (e instanceof MeilisearchApiError) return e;
  if (e instanceof Error && e.cause instanceof MeilisearchApiError) return e.cause;
  return undefined;
}

/**
 * Meilisearch cannot be reached or cannot serve right now (connection refused or reset, a timeout, a
 * 5xx answer) — as opposed to a request it refused (4xx) or a task that failed. Writes wait in the
 * outbox for the next drain; searches answer SEARCH_UNAVAILABLE.
 */
export function isUnavailable(e: unknown): boolean {
  if (e instanceof MeilisearchRequestTimeOutError || e instanceof MeilisearchTaskTimeOutError) return true;
  const api = apiError(e);
  if (api) return api.response.status >= 500;
  // not an HTTP answer (refused, reset, DNS, aborted by a timeout): the server is not there
  if (e instanceof MeilisearchRequestError) return true;
  const code = (e as { code?: string } | null)?.code;
  return (
    typeof code === "string" &&
    /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN)$/.test(code)
  );
}

/** The search service's answer when Meilisearch is down: callers show "search unavailable", not a crash. */
export class SearchUnavailableError extends Error {
  override name = "SearchUnavailableError";
  readonly code = "SEARCH_UNAVAILABLE";
  constructor(cause: unknown) {
    super(`search is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
