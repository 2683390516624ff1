/**
 * Child process for the orphan tests: starts an embedded server on a data dir, prints one JSON line
 * when it is up, then waits to be SIGKILLed — leaving the server behind as an orphan.
 *   node --import ./scripts/ts-loader.mjs hold-server.ts <postgres|meili> <dataDir>
 */
import { startEmbeddedPostgres } from "../../../src/db/embedded-postgres.js";
import { startEmbeddedMeilisearch } from "../../../src/search/meili-launcher.js";

const [kind, dataDir] = process.argv.slice(2);
if (kind === "postgres") {
  const pg = await startEmbeddedPostgres({ dataDir });
  console.log(JSON.stringify({ url: pg.url }));
} else if (kind === "meili") {
  const meili = await startEmbeddedMeilisearch({ dataDir });
  console.log(JSON.stringify({ url: meili.url, pid: meili.pid }));
} else {
  throw new Error(`unknown server kind ${kind}`);
}
setInterval(() => undefined, 60_000); // stay alive until killed
