/**
 * The Meilisearch client used everywhere: the official JS client on our node:http transport, and
 * `awaitTask`, which turns a failed task into an exception (the client's own waitTask resolves with
 * `status: "failed"` and leaves checking to every caller).
 */
import {
  Meilisearch,
  MeilisearchApiError,
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
