/**
 * Progress of long work on stderr: a bar on a terminal (cli-progress), plain periodic lines otherwise
 * (logs, CI), nothing when quiet.
 */
import cliProgress from "cli-progress";

export interface Progress {
  /** `n` more items done */
  tick(n: number): void;
  stop(): void;
}

export interface ProgressOptions {
  stream?: NodeJS.WriteStream;
  quiet?: boolean;
  /** plain mode: at most one line per this many ms (default 5000) */
  intervalMs?: number;
}

export const SILENT: Progress = { tick() {}, stop() {} };

export function startProgress(label: string, total: number, unit: string, opts: ProgressOptions = {}): Progress {
  if (opts.quiet) return SILENT;
  const stream = opts.stream ?? process.stderr;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar({
      stream,
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {duration_formatted} elapsed, {eta_formatted} left`,
      hideCursor: true,
      etaBuffer: 50,
    }, cliProgress.Presets.shades_classic);
    bar.start(total, 0);
    return { tick: (n) => bar.increment(n), stop: () => bar.stop() };
  }
  const interval = opts.intervalMs ?? 5000;
  const t0 = Date.now();
  let done = 0;
  let last = t0;
  let printed = -1;
  const line = () => {
    if (printed === done) return; // stop() right after a periodic line: no repeat
    printed = done;
    const pct = total ? ` (${Math.floor((done / total) * 100)}%)` : "";
    stream.write(`${label}: ${done}/${total} ${unit}${pct}, ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  };
  return {
    tick(n) {
      done += n;
      if (Date.now() - last >= interval) { last = Date.now(); line(); }
    },
    stop: line,
  };
}
