/**
 * How a command stops: the first SIGINT, SIGTERM or SIGHUP — or the death of our parent (npm, a shell,
 * a supervisor killed without passing the signal on) — runs every registered closer, newest first
 * (stop serving, close pools, release the embedded servers), then exits with 128 + the signal number.
 * A second signal (more than 1.5 s later: one Ctrl-C reaches us twice, directly and through npm) exits at once. Installed by the CLI for the commands that use the databases; the
 * embedded servers themselves live in their own process groups and are stopped by us (or, when we are
 * SIGKILLed, by their watchdog: shared-server.ts).
 */
const closers: Array<() => Promise<void> | void> = [];
const EXIT_STATUS: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
const FORCE_AFTER_MS = 60_000;
let stopping: string | null = null;
let stoppingSince = 0;
/** One Ctrl-C reaches npm and us, and npm passes it on: a repeat this soon is the same request. */
const REPEAT_MS = 1500;
let installed = false;

/** Registers a closer; returns a function that removes it (call it once the resource is closed). */
export function onShutdown(closer: () => Promise<void> | void): () => void {
  closers.push(closer);
  return () => {
    const i = closers.lastIndexOf(closer);
    if (i >= 0) closers.splice(i, 1);
  };
}

/** The reason we are stopping ("SIGTERM", "parent exited"), or null. */
export function shuttingDown(): string | null {
  return stopping;
}

export function installShutdownHandlers(
  log: (line: string) => void = (l) => process.stderr.write(`gongkai: ${l}\n`),
): void {
  if (installed) return;
  installed = true;
  for (const signal of Object.keys(EXIT_STATUS) as NodeJS.Signals[])
    process.on(signal, () => void shutdown(signal, EXIT_STATUS[signal], log));
  // Our parent died (its pid changed: we were re-parented): nothing may outlive it, us included.
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) void shutdown("parent exited", EXIT_STATUS.SIGHUP, log);
  }, 500);
  timer.unref();
}

async function shutdown(reason: string, status: number, log: (line: string) => void): Promise<void> {
  if (stopping) {
    if (reason !== "parent exited" && Date.now() - stoppingSince > REPEAT_MS) {
      log(`${reason} again: exiting now`);
      process.exit(status);
    }
    return;
  }
  stopping = reason;
  stoppingSince = Date.now();
  log(`${reason}: stopping`);
  const force = setTimeout(() => {
    log("still stopping after 60 s: exiting");
    process.exit(status);
  }, FORCE_AFTER_MS);
  force.unref();
  while (closers.length) {
    const closer = closers.pop()!;
    try {
      await closer();
    } catch (e) {
      log(`while stopping: ${(e as Error).message}`);
    }
  }
  process.exit(status);
}
