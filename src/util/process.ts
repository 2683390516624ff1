/**
 * Helpers for the embedded servers' process bookkeeping: is a pid (still) a given program, and stop it.
 * A server whose parent was SIGKILLed keeps running as an orphan; the launchers find it again through a
 * pid file and must be sure the pid was not reused by some other program before they signal it.
 */
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { basename } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * True when the process exists and is not a zombie. A zombie counts as gone: an orphan re-parented to a
 * pid 1 that does not reap children (as in some containers) stays a zombie after it exits.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: it exists but belongs to another user (a normal user looking at the postgres user's server)
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S …" — comm may contain spaces and parentheses, so split at the last ")"
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true; // no /proc (not Linux): kill(0) said it exists
  }
}

/** The argument vector of a running process, or null when it is gone or cannot be read. */
export function commandLine(pid: number): string[] | null {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    if (!raw) return null; // kernel threads and zombies have an empty command line
    const argv = raw.split("\0");
    if (argv[argv.length - 1] === "") argv.pop(); // each argument is NUL-terminated
    return argv;
  } catch {
    try {
      // no /proc: ps gives the command as one string; split on spaces (good enough for our own paths)
      const out = execFileSync("ps", ["-o", "args=", "-p", String(pid)], { encoding: "utf8" }).trim();
      return out ? out.split(/\s+/) : null;
    } catch {
      return null;
    }
  }
}

/**
 * True when `pid` is alive and runs `program` (compared by file name) with every one of `args` among
 * its arguments — how a launcher recognises the server it started earlier on the same data folder.
 */
export function isProgram(pid: number, program: string, args: readonly string[] = []): boolean {
  if (!isAlive(pid)) return false;
  const argv = commandLine(pid);
  if (!argv || basename(argv[0]) !== program) return false;
  return args.every((a) => argv.includes(a));
}

/** Resolves true once the process is gone (or a zombie), false after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(25);
  }
  return true;
}

/**
 * Stop a process we do not own as a child: send each signal in turn and wait up to its time for the
 * process to exit. Throws when it is still alive after the last one.
 */
export async function stopProcess(pid: number, steps: ReadonlyArray<[NodeJS.Signals, number]>): Promise<void> {
  for (const [signal, ms] of steps) {
    try {
      process.kill(pid, signal);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ESRCH") return;
      throw e;
    }
    if (await waitForExit(pid, ms)) return;
  }
  throw new Error(`process ${pid} did not exit after ${steps.map(([s]) => s).join(", ")}`);
}

/** Reads the first line of a pid file as a pid; null when the file is missing or malformed. */
export function readPidFile(path: string): number | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return null;
  }
  const pid = Number(text.split("\n", 1)[0].trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** Variables an embedded server may see: locale, time zone, search path and temp folder — nothing else. */
const CHILD_ENV = /^(PATH|LANG|LANGUAGE|LC_[A-Z]+|TZ|TMPDIR)$/;

/**
 * The environment for an embedded server: ours minus everything but CHILD_ENV, plus `extra`. Our own
 * environment holds secrets (GONGKAI_API_KEY, DATABASE_URL with a password, a .env's contents) that the
 * servers do not need and that another OS user (the postgres user, as root) could read from /proc.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (CHILD_ENV.test(k) && v !== undefined) env[k] = v;
  return { ...env, ...extra };
}
