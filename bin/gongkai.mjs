#!/usr/bin/env node
// `npx gongkai <command>` (or `gongkai` once linked): runs src/cli.ts under the project's TypeScript loader
// (scripts/ts-loader.mjs). A child process rather than module.register() here: parse workers inherit
// the loader only from the process's own --import flag.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const at = (p) => fileURLToPath(new URL(p, import.meta.url));
const child = spawn(
  process.execPath,
  ["--import", at("../scripts/ts-loader.mjs"), at("../src/cli.ts"), ...process.argv.slice(2)],
  { stdio: "inherit" },
);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
