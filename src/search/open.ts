/**
 * The one way the app gets its search index: an external Meilisearch (MEILI_URL, MEILI_MASTER_KEY) or
 * the embedded one under GONGKAI_DATA_DIR (started here, stopped on close), with the index created if
 * needed and its settings applied and checked (settings.ts).
 */
import type { Meilisearch } from "meilisearch";
import type { Config } from "../config.js";
import { createSearchClient } from "./client.js";
import { startEmbeddedMeilisearch, type EmbeddedMeilisearch } from "./meili-launcher.js";
import { ensureIndex } from "./settings.js";

/** The live index; a reindex builds `sections_<timestamp>` and swaps it in under this name. */
export const DEFAULT_INDEX = "sections";

export interface OpenedSearch {
  client: Meilisearch;
  indexName: string;
  url: string;
  /** true when this process started the embedded server */
  embedded: boolean;
  /** stops the embedded server (if ours); idempotent */
  close(): Promise<void>;
}

export interface OpenSearchOptions {
  /** default DEFAULT_INDEX; tests use one of their own */
  indexName?: string;
}

export async function openSearch(config: Config, options: OpenSearchOptions = {}): Promise<OpenedSearch> {
  const indexName = options.indexName ?? DEFAULT_INDEX;
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(indexName))
    throw new Error(`index name "${indexName}" must be letters, digits, - and _`);
  let server: EmbeddedMeilisearch | undefined;
  const url = config.meiliUrl ?? (server = await startEmbeddedMeilisearch({ dataDir: config.dataDir })).url;
  const apiKey = server ? server.masterKey : config.meiliMasterKey;
  const client = createSearchClient({ url, apiKey });
  let closing: Promise<void> | null = null;
  const close = () => (closing ??= server ? server.stop() : Promise.resolve());
  try {
    await ensureIndex(client, indexName);
  } catch (e) {
    await close();
    throw e;
  }
  return { client, indexName, url, embedded: !!server, close };
}
