/**
 * One embedded server per data dir, shared by every process that uses it (issue 15).
 *
 * The first process to need the server (`npm start`, `serve`, or a lone `ingest`) starts it and publishes
 * it in a record next to its data (`<name>.json`, mode 0600: port, pid, URL with credentials, users).
 * Every later process on the same data dir attaches to it instead of starting its own, and adds its pid
 * to `users`. Whoever releases last stops it. Decisions are taken under a lock file, so two commands
 * started together cannot both start (or stop) one.
 *
 * A record is stale only when none of its users is alive; a server whose users live is never stopped:
 * if it does not answer it is starting or recovering, and we wait for it.
 *
 * Supervision: every user checks twice a second that the server lives; when it has died, one of them
 * (under the lock) restarts it on the same port — so connection pools reconnect by themselves — with
 * exponential backoff between failed attempts, logging each. A watchdog process (watchdog.mjs) stops the
 * server once no user is alive: users killed with SIGKILL leave nothing running.
 */
import { spawn } from "node:child_process";
import { readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { tryLock, unlock, withFileLock } from "./file-lock.js";
import { childEnv, isAlive, stopProcess } from "./process.js";
import { onShutdown } from "./shutdown.js";

export interface ServerRecord {
  /** the server process */
  pid: number;
  port: number;
  /** how to reach it, credentials included (the record is readable by its owner only) */
  url: string;
  /** pids of the processes using it, one entry per open handle */
  users: number[];
  /** the watchdog process that stops the server once no user lives */
  watchdog?: number;
  /** restarts that failed in a row, and the earliest time (epoch ms) of the next attempt */
  failures?: number;
  retryAt?: number;
  /** the signal that stops the server cleanly (read by the watchdog) */
  stopSignal: NodeJS.Signals;
}

export interface ServerSpec {
  /** for messages: "embedded Postgres" */
  name: string;
  /** the record file; its lock is `<recordPath>.lock` */
  recordPath: string;
  stopSignal: NodeJS.Signals;
  /** true when `pid` is this data dir's server (pids get reused) */
  isServer(pid: number): boolean;
  /** the server on `port` answers, with our credentials */
  answers(port: number): Promise<boolean>;
  /** stops a server left running without a live user (found through its own pid file) */
  clearStale(): Promise<void>;
  /** starts the server (on `port` when given) and resolves once it answers */
  launch(port?: number): Promise<{ pid: number; port: number }>;
  url(port: number): string;
  log(line: string): void;
}

export interface SharedServer {
  port: number;
  url: string;
  /** this process started the server (rather than attaching to a running one) */
  started: boolean;
  /** the server's current pid (changes when it is restarted) */
  pid(): number;
  /** stop using it; stops the server when no other user is left. Idempotent. */
  release(): Promise<void>;
}

/** How long to wait for another process that is starting the server or holds the lock. */
const WAIT_MS = 120_000;
const SUPERVISE_MS = 500;
const MAX_BACKOFF_MS = 30_000;
const WATCHDOG = fileURLToPath(new URL("./watchdog.mjs", import.meta.url));

export function readRecord(path: string): ServerRecord | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as ServerRecord;
  } catch {
    return null;
  }
}

/** Written whole (temp file + rename): a reader never sees half a record. */
export function writeRecord(path: string, record: ServerRecord): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(record) + "\n", { mode: 0o600 });
  renameSync(tmp, path);
}

export function liveUsers(record: ServerRecord): number[] {
  return record.users.filter((pid) => isAlive(pid));
}

export async function acquireServer(spec: ServerSpec): Promise<SharedServer> {
  const lock = `${spec.recordPath}.lock`;
  const deadline = Date.now() + WAIT_MS;
  let started = false;
  let record: ServerRecord | null = null;
  for (let waited = false; ; waited = true) {
    const outcome = await withFileLock(
      lock,
      Math.max(1000, deadline - Date.now()),
      async (): Promise<ServerRecord | string> => {
        const rec = readRecord(spec.recordPath);
        if (rec) {
          const users = liveUsers(rec);
          const alive = isAlive(rec.pid) && spec.isServer(rec.pid);
          if (alive && (await spec.answers(rec.port))) {
            rec.users = [...users, process.pid];
            writeRecord(spec.recordPath, rec);
            return rec;
          }
          if (users.length) {
            // in use by a live process: never stopped; starting, recovering, or dead and due for a restart
            if (!alive) await restartLocked(spec, rec);
            return `${spec.name} (pid ${rec.pid}, port ${rec.port}, used by process ${users.join(", ")}) does not answer`;
          }
          // nobody alive uses it: a leftover of a killed run
          if (alive) {
            spec.log(`${spec.name}: stopping pid ${rec.pid}, left running by a run that no longer exists`);
            await stopProcess(rec.pid, [
              [rec.stopSignal, 15_000],
              ["SIGKILL", 5_000],
            ]);
          }
        }
        await spec.clearStale();
        const { pid, port } = await spec.launch();
        started = true;
        const fresh: ServerRecord = {
          pid,
          port,
          url: spec.url(port),
          users: [process.pid],
          stopSignal: spec.stopSignal,
        };
        writeRecord(spec.recordPath, fresh);
        return fresh;
      },
    );
    if (typeof outcome !== "string") {
      record = outcome;
      break;
    }
    if (Date.now() > deadline) throw new Error(`${outcome} after ${Math.round(WAIT_MS / 1000)} s`);
    if (!waited) spec.log(`${outcome} yet: waiting for it`);
    await sleep(250);
  }
  await withFileLock(lock, WAIT_MS, async () => ensureWatchdog(spec.recordPath));
  return supervise(spec, record, started);
}

/** Restarts a dead server on its port (caller holds the lock), unless it is within its backoff. */
async function restartLocked(spec: ServerSpec, rec: ServerRecord): Promise<void> {
  if (Date.now() < (rec.retryAt ?? 0)) return;
  const attempt = (rec.failures ?? 0) + 1;
  spec.log(
    `${spec.name} (pid ${rec.pid}) has exited: restarting it on port ${rec.port}${attempt > 1 ? ` (attempt ${attempt})` : ""}`,
  );
  const t0 = Date.now();
  try {
    const { pid } = await spec.launch(rec.port);
    spec.log(`${spec.name} is back (pid ${pid}) after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    Object.assign(rec, { pid, failures: 0, retryAt: 0 });
  } catch (e) {
    const wait = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (attempt - 1));
    spec.log(`${spec.name} restart failed (${firstLine(e)}); next attempt in ${wait / 1000} s`);
    Object.assign(rec, { failures: attempt, retryAt: Date.now() + wait });
  }
  writeRecord(spec.recordPath, rec);
}

/** Starts the watchdog unless a live one is recorded (caller holds the lock). */
function ensureWatchdog(recordPath: string): void {
  const rec = readRecord(recordPath);
  if (!rec || (rec.watchdog && isAlive(rec.watchdog))) return;
  // its own process group: a Ctrl-C in the terminal reaches us, and we stop the server in order
  const child = spawn(process.execPath, [WATCHDOG, recordPath], { detached: true, stdio: "ignore", env: childEnv() });
  child.unref();
  if (child.pid) writeRecord(recordPath, { ...rec, watchdog: child.pid });
}

function supervise(spec: ServerSpec, first: ServerRecord, started: boolean): SharedServer {
  const lock = `${spec.recordPath}.lock`;
  let current = first.pid;
  let released = false;
  let busy = false;

  const tick = async () => {
    if (released || busy) return;
    busy = true;
    try {
      const rec = readRecord(spec.recordPath);
      if (!rec) return;
      current = rec.pid;
      const serverGone = !isAlive(rec.pid);
      const watchdogGone = !rec.watchdog || !isAlive(rec.watchdog);
      if (!serverGone && !watchdogGone) return;
      if (serverGone && Date.now() < (rec.retryAt ?? 0)) return;
      await withFileLock(lock, WAIT_MS, async () => {
        const now = readRecord(spec.recordPath);
        if (!now || released) return;
        if (!isAlive(now.pid)) await restartLocked(spec, now);
        ensureWatchdog(spec.recordPath);
        current = readRecord(spec.recordPath)?.pid ?? current;
      });
    } catch (e) {
      spec.log(`${spec.name} supervision: ${firstLine(e)}`);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), SUPERVISE_MS);
  timer.unref();

  /** Drop one of our entries; the last user out stops the server. */
  const leave = (rec: ServerRecord): "stop" | "keep" => {
    const i = rec.users.indexOf(process.pid);
    if (i >= 0) rec.users.splice(i, 1);
    rec.users = liveUsers(rec);
    if (rec.users.length) {
      writeRecord(spec.recordPath, rec);
      return "keep";
    }
    return "stop";
  };

  // process.exit() without release (no time for async work): leave, and signal the server if last
  const onExit = () => {
    try {
      if (released || !tryLock(lock)) return; // the watchdog sees us gone within a second
    } catch {
      return; // the data dir is gone (a test's temp dir removed before exit): nothing to leave
    }
    try {
      const rec = readRecord(spec.recordPath);
      if (rec && leave(rec) === "stop") {
        try {
          process.kill(rec.pid, rec.stopSignal);
        } catch {
          /* gone */
        }
        try {
          unlinkSync(spec.recordPath);
        } catch {
          /* gone */
        }
      }
    } catch {
      // an exit handler must not throw: the watchdog cleans up after us
    } finally {
      unlock(lock);
    }
  };
  process.on("exit", onExit);
  const forget = onShutdown(() => handle.release());

  const handle: SharedServer = {
    port: first.port,
    url: first.url,
    started,
    pid: () => current,
    async release() {
      if (released) return;
      released = true;
      forget();
      clearInterval(timer);
      process.off("exit", onExit);
      await withFileLock(lock, WAIT_MS, async () => {
        const rec = readRecord(spec.recordPath);
        if (!rec || leave(rec) === "keep") return;
        if (isAlive(rec.pid) && spec.isServer(rec.pid)) {
          await stopProcess(rec.pid, [
            [rec.stopSignal, 15_000],
            ["SIGQUIT", 5_000],
            ["SIGKILL", 5_000],
          ]);
        }
        try {
          unlinkSync(spec.recordPath);
        } catch {
          /* gone */
        }
      });
    },
  };
  return handle;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n", 1)[0];
}
