/**
 * The watchdog of one embedded server (started by shared-server.ts, in its own process group):
 *   node --import scripts/ts-loader.mjs src/util/watchdog.ts <record path>
 * Twice a second it reads the server's record; once none of the recorded users is alive (all were
 * SIGKILLed, or died without releasing), it stops the server and removes the record. It exits when the
 * record is gone or names another watchdog. Stop signals are ignored: it stops only with the server.
 */
import { unlinkSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { tryLock, unlock } from "./file-lock.js";
import { isAlive, stopProcess } from "./process.js";
import { liveUsers, readRecord } from "./shared-server.js";

const recordPath = process.argv[2];
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => undefined);

for (;;) {
  await sleep(500);
  const rec = readRecord(recordPath);
  if (!rec || rec.watchdog !== process.pid) break;
  if (liveUsers(rec).length || !tryLock(`${recordPath}.lock`)) continue;
  try {
    const now = readRecord(recordPath);
    if (!now || liveUsers(now).length) continue;
    if (isAlive(now.pid)) await stopProcess(now.pid, [[now.stopSignal, 15_000], ["SIGQUIT", 5_000], ["SIGKILL", 5_000]]).catch(() => undefined);
    try { unlinkSync(recordPath); } catch { /* gone */ }
    break;
  } finally {
    unlock(`${recordPath}.lock`);
  }
}
process.exit(0);
