/**
 * The API end to end with a REAL Meilisearch behind ranked search: a database and an index of the test
 * file's own, the seeds + real corpus and the invented reports of api.ts stored, the outbox drained into
 * the index, and the Meilisearch backend the server uses in production (commands/serving.ts).
 */
import { meiliBackend } from "../../../src/commands/serving.js";
import { SearchIndexer } from "../../../src/search/indexer.js";
import { createApolloServer, startHttpServer, type ApiOptions, type RunningServer } from "../../../src/server.js";
import type { SearchBackend, SearchRequest, SearchResponse } from "../../../src/search/search-backend.js";
import { API_KEY, gqlAt, seedCorpus, seedSynthetic, startTestApi, type TestApi } from "./api.js";
import { openTestSearch, type TestSearch } from "./search.js";

/**
 * Passes every request on to the Meilisearch backend of the search server as it is now (a restarted
 * server has a new URL, hence a new client) and keeps a copy of the requests, so that tests can see
 * which conditions the API handed to the engine. It answers nothing itself.
 */
export class RecordingBackend implements SearchBackend {
  requests: SearchRequest[] = [];
  constructor(private readonly meili: TestSearch) {}
  search(req: SearchRequest): Promise<SearchResponse> {
    this.requests.push(req);
    return meiliBackend({ client: this.meili.client, indexName: this.meili.indexName }).search(req);
  }
}

export interface SearchTestApi extends TestApi {
  meili: TestSearch;
  backend: RecordingBackend;
  /** reports stored from the shared corpus (0 without it) */
  corpusReports: number;
  /** another server on the same database and index, with other options (closed with the rest) */
  another(options: Omit<ApiOptions, "ds" | "search">): Promise<Pick<TestApi, "gql">>;
}

export async function startSearchApi(
  prefix: string,
  options: Omit<ApiOptions, "ds" | "search"> = {},
): Promise<SearchTestApi> {
  const meili = await openTestSearch(prefix);
  const backend = new RecordingBackend(meili);
  const t = await startTestApi(prefix, { ...options, search: backend });
  const corpusReports = await seedCorpus(t.ds, t.dataDir);
  await seedSynthetic(t.ds, t.dataDir);
  const drained = await new SearchIndexer({ ds: t.ds, client: meili.client, indexName: meili.indexName }).drain();
  if (drained.unavailable || drained.failed)
    throw new Error(`indexing the test data failed: ${JSON.stringify(drained)}`);
  const others: RunningServer[] = [];
  return {
    ...t,
    meili,
    backend,
    corpusReports,
    async another(o) {
      const server = await startHttpServer(
        createApolloServer({ ds: t.ds, search: backend, apiKey: API_KEY, dataDir: t.dataDir, ...o }),
        { port: 0 },
      );
      others.push(server);
      return { gql: (q, v, h) => gqlAt(server.url, q, v, h) };
    },
    async close() {
      for (const s of others) await s.close();
      await t.close();
      await meili.close();
    },
  };
}
