/** Shared by the integration tests: temp data dirs and the "SIGKILL the owner" child process. */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

export function tempDataDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `gongkai-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Starts an embedded server in a child node process, waits until it reports ready, then SIGKILLs the
 * child — the server keeps running as an orphan. Resolves with what the child printed.
 */
export async function orphanServer(kind: "postgres" | "meili", dataDir: string): Promise<Record<string, unknown>> {
  const child = spawn(
    process.execPath,
    ["--import", "./scripts/ts-loader.mjs", "test/integration/support/hold-server.ts", kind, dataDir],
    { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  let err = "";
  child.stderr.on("data", (c: Buffer) => (err += c));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const ready = await new Promise<Record<string, unknown>>((resolveReady, reject) => {
    child.stdout.on("data", (c: Buffer) => {
      out += c;
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) resolveReady(JSON.parse(line) as Record<string, unknown>);
    });
    void exited.then(() => reject(new Error(`hold-server ${kind} exited early:\n${err}`)));
  });
  child.kill("SIGKILL");
  await exited;
  return ready;
}
