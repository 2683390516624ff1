/** Shared by the commands: option parsing with node's parseArgs, and their exit statuses. */
import { parseArgs, type ParseArgsConfig } from "node:util";

/** Exit statuses of ingest and reparse (documented in the README). */
export const EXIT = {
  /** everything asked for was done */
  OK: 0,
  /** the run finished, but some files or reports failed (see the error report) */
  SOME_FAILED: 1,
  /** bad command line */
  USAGE: 2,
  /** the run could not start: invalid configuration, database unreachable, … */
  CANNOT_RUN: 3,
} as const;

export class UsageError extends Error {
  override name = "UsageError";
}

type Options = NonNullable<ParseArgsConfig["options"]>;

export function parseCommandArgs<O extends Options>(args: string[], options: O, allowPositionals: boolean) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** A positive integer option, or undefined when absent. */
export function positiveInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got "${v}"`);
  return n;
}

export const PROGRESS_MODES = ["auto", "bar", "lines", "none"] as const;
export function progressMode(v: string | undefined): (typeof PROGRESS_MODES)[number] {
  if (v === undefined) return "auto";
  if (!(PROGRESS_MODES as readonly string[]).includes(v))
    throw new UsageError(`--progress must be one of ${PROGRESS_MODES.join(", ")}`);
  return v as (typeof PROGRESS_MODES)[number];
}

/** Options shared by the batch commands (ingest, reparse). */
export const BATCH_OPTIONS = {
  errors: { type: "string" },
  workers: { type: "string" },
  writers: { type: "string" },
  timeout: { type: "string" },
  progress: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export interface BatchSettings {
  workers?: number;
  writers?: number;
  timeoutMs?: number;
  progress: (typeof PROGRESS_MODES)[number];
}

/** The shared batch options, checked; throws UsageError. */
export function batchSettings(values: {
  workers?: string;
  writers?: string;
  timeout?: string;
  progress?: string;
}): BatchSettings {
  const timeout = positiveInt("timeout", values.timeout);
  return {
    workers: positiveInt("workers", values.workers),
    writers: positiveInt("writers", values.writers),
    timeoutMs: timeout === undefined ? undefined : timeout * 1000,
    progress: progressMode(values.progress),
  };
}
