// Issue 15, item 3: any stop signal to any process of the tree stops everything — SIGTERM or SIGINT to
// the npm process alone (how systemd, Docker and pm2 stop a service), SIGHUP to node, and SIGKILL of node
// (its servers' watchdog stops them). "No process left" = none whose command line names the data dir
// (Postgres, Meilisearch, watchdogs) and the node process itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { isAlive } from "../../src/util/process.js";
import { tempDataDir } from "../integration/support/servers.js";
import { figure, noneLeft, processesOf, record, serve } from "./support.js";

async function gone(pid: number, ms = 20_000): Promise<boolean> {
  for (const t0 = Date.now(); Date.now() - t0 < ms; await sleep(100)) if (!isAlive(pid)) return true;
  return false;
}

test("stop signals: SIGTERM and SIGINT to npm, SIGHUP to node, SIGKILL of node — nothing is left", {
  timeout: 240_000,
}, async () => {
  const dir = tempDataDir("fault-stop");
  try {
    for (const [how, signal, npm] of [
      ["npm", "SIGTERM", true],
      ["npm", "SIGINT", true],
      ["node", "SIGHUP", false],
      ["node", "SIGKILL", false],
    ] as const) {
      const s = await serve(dir.path, {}, [], npm);
      const node = record(dir.path, "postgres").users[0];
      assert.ok(processesOf(dir.path).length >= 4, "Postgres, Meilisearch and their watchdogs run");
      const t0 = Date.now();
      process.kill(s.child.pid!, signal);
      assert.ok(await gone(node), `${signal} to ${how}: node exits`);
      const left = await noneLeft(dir.path);
      assert.deepEqual(left, [], `${signal} to ${how}: no process of the data dir is left`);
      await s.exited;
      figure(`${signal} to ${how} → every process gone`, `${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    for (const pid of processesOf(dir.path))
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* gone */
      }
    dir.remove();
  }
});
