/**
 * The one typed configuration, read from environment variables. `loadConfig` is pure (no file system,
 * no cwd): paths are returned as given and resolved by whoever uses them. The CLI first reads `.env` in
 * the working folder into the environment (`loadDotEnv`; variables already set win).
 *
 * An empty variable counts as unset, so `DATABASE_URL=` in a .env file means "use the embedded server".
 */
import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
export interface Config {
  /** DATABASE_URL: an external Postgres. Unset = embedded Postgres under `dataDir/postgres`. */
  databaseUrl: string | undefined;
  /** MEILI_URL: an external Meilisearch. Unset = the bundled binary, data under `dataDir/meili`. */
  meiliUrl: string | undefined;
  /** MEILI_MASTER_KEY: key of the external Meilisearch (the embedded one generates and keeps its own). */
  meiliMasterKey: string | undefined;
  /** GONGKAI_DATA_DIR (default `./.gongkai`): embedded databases and stored source files. */
  dataDir: string;
  /** PORT (default 4000): the GraphQL server's port. */
  port: number;
  /** GONGKAI_API_KEY: required by mutations; unset = mutations are refused. */
  apiKey: string | undefined;
  /**
   * GONGKAI_DEMO (default true): the instance is a demonstration whose data may be invented reports
   * (`report.synthetic`); set false for an instance that serves real reports only.
   */
  demo: boolean;
  /** GONGKAI_CORPUS_DIR (default `../shared/corpus`): the shared gold corpus read by tests and benches. */
  corpusDir: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

export const DEFAULTS = {
  dataDir: "./.gongkai",
  port: 4000,
  demo: true,
  corpusDir: "../shared/corpus",
} as const;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const str = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };

  const port = parsePort(str("PORT"), problems);
  const demo = parseBool("GONGKAI_DEMO", str("GONGKAI_DEMO"), DEFAULTS.demo, problems);
  const databaseUrl = parseUrl("DATABASE_URL", str("DATABASE_URL"), ["postgres:", "postgresql:"], problems);
  const meiliUrl = parseUrl("MEILI_URL", str("MEILI_URL"), ["http:", "https:"], problems);
  if (problems.length) throw new ConfigError(`invalid configuration:\n  ${problems.join("\n  ")}`);

  return {
    databaseUrl,
    meiliUrl,
    meiliMasterKey: str("MEILI_MASTER_KEY"),
    dataDir: str("GONGKAI_DATA_DIR") ?? DEFAULTS.dataDir,
    port,
    apiKey: str("GONGKAI_API_KEY"),
    demo,
    corpusDir: str("GONGKAI_CORPUS_DIR") ?? DEFAULTS.corpusDir,
  };
}

function parsePort(v: string | undefined, problems: string[]): number {
  if (v === undefined) return DEFAULTS.port;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) problems.push(`PORT must be an integer 0–65535, got "${v}"`);
  return n;
}

const TRUE = new Set(["1", "true", "yes", "on"]);
const FALSE = new Set(["0", "false", "no", "off"]);

function parseBool(name: string, v: string | undefined, dflt: boolean, problems: string[]): boolean {
  if (v === undefined) return dflt;
  const s = v.toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  problems.push(`${name} must be true or false, got "${v}"`);
  return dflt;
}

function parseUrl(name: string, v: string | undefined, protocols: string[], problems: string[]): string | undefined {
  if (v === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    problems.push(`${name} is not a URL`); // the value may hold a password: not echoed
    return undefined;
  }
  if (!protocols.includes(url.protocol)) problems.push(`${name} must start with ${protocols.join(" or ")}`);
  return v;
}

/**
 * Reads `path` (default `.env` in the working folder; GONGKAI_ENV_FILE names another) in dotenv syntax
 * (see .env.example) into `env`, leaving every variable that is already set as it is: the environment
 * wins over the file. A missing file is fine; an unreadable one is an error. Returns the names it set.
 */
export function loadDotEnv(env: NodeJS.ProcessEnv = process.env, path = env.GONGKAI_ENV_FILE || ".env"): string[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT" && !env.GONGKAI_ENV_FILE) return [];
    throw new ConfigError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const set: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    set.push(name);
  }
  return set;
}
