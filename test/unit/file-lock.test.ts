// The lock between processes behind the shared embedded servers: holders never overlap, a lock left by
// a dead process is broken, a live holder is waited for and then named in the time-out.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { LockTimeoutError, tryLock, unlock, withFileLock } from "../../src/util/file-lock.js";

test("holders never overlap; a dead holder's lock is broken; a live one is waited for, then named", {
  timeout: 30_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "gongkai-lock-"));
  try {
    const path = join(dir, "x.lock");
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withFileLock(path, 10_000, async () => {
          most = Math.max(most, ++inside);
          await sleep(5);
          inside--;
        }),
      ),
    );
    assert.equal(most, 1);

    // a pid that is surely dead: a finished child's
    const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" }).stdout.trim();
    writeFileSync(path, `${dead}\n`);
    assert.equal(await withFileLock(path, 2000, async () => "taken"), "taken");

    writeFileSync(path, `${process.ppid}\n`); // alive
    assert.equal(tryLock(path), false);
    await assert.rejects(
      withFileLock(path, 300, async () => undefined),
      (e) => e instanceof LockTimeoutError && e.message.includes(String(process.ppid)),
    );
    unlock(path);
    assert.equal(tryLock(path), true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
