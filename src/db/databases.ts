/**
 * Databases on a Postgres server, by name: the app's own and one per integration-test file. Works on
 * the embedded server and on an external DATABASE_URL alike (the role needs CREATEDB).
 */
import pg, { type Client } from "pg";

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The same server URL pointing at database `name`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

/** Creates database `name` unless it exists; returns its URL. Safe when two callers race. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  checkName(name);
  await withClient(serverUrl, async (client) => {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount) return;
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} ENCODING 'UTF8' TEMPLATE template0`);
    } catch (e) {
      // 42P04 duplicate_database; 23505 when a concurrent CREATE DATABASE won the catalog insert
      const code = (e as { code?: string }).code;
      if (code !== "42P04" && code !== "23505") throw e;
    }
  });
  return databaseUrl(serverUrl, name);
}

/** Drops database `name` if it exists, closing other sessions on it first (tests' clean-up). */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  checkName(name);
  await withClient(serverUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
  );
}

function checkName(name: string): void {
  if (!NAME.test(name)) throw new Error(`database name must match ${NAME}, got "${name}"`);
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
