/**
 * A lock between processes on one machine: a file created with O_EXCL holding the holder's pid. A lock
 * whose holder is dead (SIGKILLed while holding it) is broken. Used around the decisions that must not
 * interleave: whether to start, attach to or restart an embedded server on a data dir.
 */
import { closeSync, openSync, unlinkSync, writeSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { isAlive, readPidFile } from "./process.js";

export class LockTimeoutError extends Error {
  override name = "LockTimeoutError";
}

/** Runs `fn` holding the lock file `path`; waits up to `timeoutMs` for another holder. */
export async function withFileLock<T>(path: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (!tryLock(path)) {
    const holder = readPidFile(path);
    if (Date.now() > deadline) {
      throw new LockTimeoutError(
        `${path} is held by process ${holder ?? "?"} for more than ${Math.round(timeoutMs / 1000)} s`,
      );
    }
    await sleep(50 + Math.random() * 50);
  }
  try {
    return await fn();
  } finally {
    try {
      unlinkSync(path);
    } catch {
      /* gone already */
    }
  }
}

/**
 * One attempt to take the lock without waiting (also for process 'exit' handlers, which cannot wait);
 * a lock left by a dead holder is broken first.
 */
export function tryLock(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx", 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    const holder = readPidFile(path);
    // no pid yet: the holder is between creating and writing the file
    if (holder === null || holder === process.pid || isAlive(holder)) return false;
    try {
      unlinkSync(path);
    } catch {
      /* another waiter broke it first */
    }
    return tryLockOnce(path);
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

export function unlock(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* gone already */
  }
}

function tryLockOnce(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx", 0o600);
  } catch {
    return false;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}
