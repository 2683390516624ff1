/**
 * `serve`: the GraphQL API on PORT (default 4000), on 127.0.0.1 unless --host says otherwise, until
 * SIGINT/SIGTERM. Runs on its own too: `npm run serve -- --port 4000`.
 *
 * Like `npm start` (and through the same code, serving.ts): the database is DATABASE_URL, else the
 * embedded Postgres under GONGKAI_DATA_DIR; ranked search is MEILI_URL's Meilisearch, else the embedded
 * one there, with the search outbox drained at start-up and every few seconds. --no-search serves
 * without a search engine (ranked search SEARCH_UNAVAILABLE; exact: true still answers). No demo data.
 */
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { loadServingConfig, serveUntilSignal, startupMessage } from "./serving.js";

export const USAGE = `usage: gongkai serve [--port N] [--host ADDR] [--ingest-root DIR]… [--no-search]
  --port N           listen on port N (default: PORT, else 4000)
  --host ADDR        listen address (default 127.0.0.1; 0.0.0.0 for every interface)
  --ingest-root DIR  a folder the ingestPath mutation may read (repeatable; default: none)
  --no-search        no Meilisearch: ranked search answers SEARCH_UNAVAILABLE (exact: true still works)
Mutations need GONGKAI_API_KEY.`;

export async function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "ingest-root": { type: "string", multiple: true },
        "no-search": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    console.error(`serve: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadServingConfig(env);
  if (!config) return 3;
  const port = values.port === undefined ? config.port : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: --port must be 0–65535\n${USAGE}`);
    return 2;
  }

  try {
    await serveUntilSignal(config, {
      port,
      host: values.host,
      ingestRoots: values["ingest-root"] ?? [],
      search: !values["no-search"],
      log: (line) => console.log(`serve: ${line}`),
      ready(server, search) {
        const ranked = search ? `Meilisearch at ${search.url}` : "unavailable (exact: true only)";
        console.log(
          `gongkai API at ${server.url} (ranked search: ${ranked})${config.apiKey ? "" : " (no GONGKAI_API_KEY: mutations refused)"}`,
        );
      },
    });
  } catch (e) {
    console.error(`serve: ${startupMessage(e)}`);
    return 3;
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
