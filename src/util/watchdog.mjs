/**
 * The watchdog of one embedded server, started by shared-server.ts in its own process group:
 *   node src/util/watchdog.mjs <record path>
 * Twice a second it reads the server's record; once none of the recorded users is alive (all were
 * SIGKILLed, or died without releasing), it stops the server (the record's stop signal, then SIGQUIT,
 * then SIGKILL) and removes the record. It exits when the record names another watchdog, or is gone and
 * the server with it (a record deleted under a live server — its data dir removed — still gets it stopped
 * once its users are gone).
 * Stop signals are ignored: it ends with the server.
 *
 * Plain JavaScript on purpose (no TypeScript loader): it runs as long as the server, and the loader
 * would cost it ~50 MB. It repeats the few lines of process.ts / file-lock.ts it needs; keep them alike.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const recordPath = process.argv[2];
const lockPath = `${recordPath}.lock`;
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => undefined);

/** alive and not a zombie (as process.ts isAlive) */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (e.code !== "EPERM") return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true;
  }
}

function readRecord() {
  try {
    return JSON.parse(readFileSync(recordPath, "utf8"));
  } catch {
    return null;
  }
}

/** O_EXCL lock file with our pid; a dead holder's lock is broken (as file-lock.ts tryLock) */
function tryLock() {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx", 0o600);
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      return true;
    } catch (e) {
      if (e.code !== "EEXIST") return false;
      let holder;
      try {
        holder = Number(readFileSync(lockPath, "utf8").split("\n", 1)[0]);
      } catch {
        continue;
      }
      if (!Number.isInteger(holder) || holder <= 0 || isAlive(holder)) return false;
      try {
        unlinkSync(lockPath);
      } catch {
        /* broken by another */
      }
    }
  }
  return false;
}

async function stop(pid, signal) {
  for (const [sig, ms] of [
    [signal, 15_000],
    ["SIGQUIT", 5_000],
    ["SIGKILL", 5_000],
  ]) {
    try {
      process.kill(pid, sig);
    } catch {
      return;
    }
    for (const t0 = Date.now(); Date.now() - t0 < ms; await sleep(25)) if (!isAlive(pid)) return;
  }
}

/** the server of the last record seen still runs (its command line names the record's folder) */
function stillServer(rec) {
  if (!rec || !isAlive(rec.pid)) return false;
  try {
    return readFileSync(`/proc/${rec.pid}/cmdline`, "utf8").includes(dirname(recordPath));
  } catch {
    return false;
  }
}

let last = null;
for (;;) {
  await sleep(500);
  const rec = readRecord();
  if (rec && rec.watchdog !== process.pid) break; // another watchdog took over
  if (!rec) {
    // removed by the last user, who stopped the server; or the data dir deleted under a live server:
    // then stop it once its users are gone (nothing else will)
    if (!stillServer(last)) break;
    if (last.users.some(isAlive)) continue;
    await stop(last.pid, last.stopSignal);
    break;
  }
  last = rec;
  if (rec.users.some(isAlive) || !tryLock()) continue;
  try {
    const now = readRecord();
    if (!now || now.users.some(isAlive)) continue;
    if (isAlive(now.pid)) await stop(now.pid, now.stopSignal);
    try {
      unlinkSync(recordPath);
    } catch {
      /* gone */
    }
    break;
  } finally {
    try {
      unlinkSync(lockPath);
    } catch {
      /* gone */
    }
  }
}
process.exit(0);
