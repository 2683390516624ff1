/**
 * The fault suite's tools: the CLI as a child process (as a user runs it), the processes serving a data
 * dir found through /proc, and waits that always end.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { generateCorpus } from "../../src/synthetic/corpus.js";

export interface Cli {
  child: ChildProcess;
  log(): string;
  exited: Promise<number | null>;
  /** resolves with the first match of `re` in the output; rejects after `ms` or when the process exits */
  waitFor(re: RegExp, ms?: number): Promise<RegExpExecArray>;
}

/** The CLI (`node … src/cli.ts <args>`, or through npm with `npm: true`) on `dataDir`, without external servers. */
export function cli(args: string[], dataDir: string, env: NodeJS.ProcessEnv = {}, npm = false): Cli {
  const full: NodeJS.ProcessEnv = { ...process.env, GONGKAI_DATA_DIR: dataDir, ...env };
  delete full.DATABASE_URL;
  delete full.MEILI_URL;
  const child = npm
    ? spawn("npm", ["run", "--silent", args[0], "--", ...args.slice(1)], {
        env: full,
        stdio: ["ignore", "pipe", "pipe"],
      })
    : spawn(process.execPath, ["--import", "./scripts/ts-loader.mjs", "src/cli.ts", ...args], {
        env: full,
        stdio: ["ignore", "pipe", "pipe"],
      });
  let out = "";
  child.stdout!.on("data", (c) => (out += c));
  child.stderr!.on("data", (c) => (out += c));
  const exited = new Promise<number | null>((r) =>
    child.once("exit", (code, signal) => r(code ?? (signal ? -1 : null))),
  );
  let done = false;
  void exited.then(() => (done = true));
  return {
    child,
    exited,
    log: () => out,
    async waitFor(re, ms = 90_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const m = re.exec(out);
        if (m) return m;
        if (done) throw new Error(`exited before ${re}:\n${out}`);
        if (Date.now() > deadline) throw new Error(`no ${re} within ${ms} ms:\n${out}`);
        await sleep(100);
      }
    },
  };
}

/** `serve --port 0` on `dataDir`; resolves with its GraphQL URL once it answers. */
export async function serve(dataDir: string, env: NodeJS.ProcessEnv = {}, extra: string[] = [], npm = false) {
  const p = cli(["serve", "--port", "0", ...extra], dataDir, env, npm);
  const url = (await p.waitFor(/API at (\S+)/))[1];
  return { ...p, url };
}

/** pids of the processes whose command line names `dataDir` (embedded servers, their watchdogs). */
export function processesOf(dataDir: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, "utf8");
      if (argv.includes(dataDir)) out.push(Number(name));
    } catch {
      /* gone */
    }
  }
  return out;
}

/** Waits (at most `ms`) until no process names `dataDir`; returns the ones left. */
export async function noneLeft(dataDir: string, ms = 20_000): Promise<number[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = processesOf(dataDir);
    if (!left.length || Date.now() > deadline) return left;
    await sleep(100);
  }
}

/** One GraphQL request; a request that fails or takes over 20 s is status 0 with the reason in `errors`. */
export async function gql(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ status: number; body: any }> {
  const t0 = Date.now();
  try {
    const r = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(20_000),
    });
    return { status: r.status, body: await r.json().catch(() => null) };
  } catch (e) {
    return {
      status: 0,
      body: { errors: [`${(e as Error).name}: ${(e as Error).message} after ${Date.now() - t0} ms`] },
    };
  }
}

export async function health(url: string): Promise<any> {
  const r = await fetch(url.replace(/\/graphql$/, "/health"), { signal: AbortSignal.timeout(5000) }).catch(() => null);
  return r ? r.json() : null;
}

/** Waits until `check` is true (polling every 100 ms); returns the seconds it took, or throws after `ms`. */
export async function secondsUntil(check: () => Promise<boolean>, ms: number, what: string): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (await check().catch(() => false)) return (Date.now() - t0) / 1000;
    if (Date.now() - t0 > ms) throw new Error(`${what}: not within ${ms / 1000} s`);
    await sleep(100);
  }
}

/** `count` invented report files (synthetic: ingest them with --synthetic) in `dir`. */
export function inventedReports(dir: string, count: number, seed: number): string {
  mkdirSync(dir, { recursive: true });
  for (const f of generateCorpus({ count, seed })) writeFileSync(join(dir, f.name), f.bytes);
  return dir;
}

/** The server record of an embedded server (pid, port, users, watchdog). */
export function record(
  dataDir: string,
  which: "postgres" | "meili",
): { pid: number; port: number; users: number[]; watchdog: number } {
  return JSON.parse(
    readFileSync(which === "postgres" ? join(dataDir, "postgres.json") : join(dataDir, "meili", "server.json"), "utf8"),
  );
}

/** Appends a figure to the suite's figures file (FAULT_FIGURES) and prints it. */
export function figure(name: string, value: string): void {
  console.log(`figure: ${name}: ${value}`);
  if (process.env.FAULT_FIGURES) writeFileSync(process.env.FAULT_FIGURES, `${name}: ${value}\n`, { flag: "a" });
}
