/**
 * Progress of long work: a bar on a terminal (cli-progress), plain periodic lines otherwise (CI logs,
 * pipes), nothing when silenced. Written to stderr so stdout stays for results.
 */
import cliProgress from "cli-progress";

export interface Progress {
  /** `done` items finished so far; `note` is a short status text (counts by outcome) */
  update(done: number, note?: string): void;
  stop(): void;
}

export interface ProgressOptions {
  label: string;
  total: number;
  /** "auto" (default): a bar when stderr is a terminal, else lines; "lines"; "none" */
  mode?: "auto" | "bar" | "lines" | "none";
  /** seconds between plain lines (default 5) */
  every?: number;
  stream?: NodeJS.WriteStream;
}

export function startProgress(opts: ProgressOptions): Progress {
  const stream = opts.stream ?? process.stderr;
  const mode = opts.mode === undefined || opts.mode === "auto" ? (stream.isTTY ? "bar" : "lines") : opts.mode;
  if (mode === "none" || opts.total === 0) return { update() {}, stop() {} };
  const started = Date.now();
  const rate = (done: number) => done / Math.max(0.001, (Date.now() - started) / 1000);

  if (mode === "bar") {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        hideCursor: true,
        etaBuffer: 200,
        fps: 5,
        format: `${opts.label} [{bar}] {value}/{total} {percentage}% | {rate}/s | ETA {eta_formatted} | {note}`,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(opts.total, 0, { rate: "0", note: "" });
    return {
      update: (done, note = "") => bar.update(done, { rate: rate(done).toFixed(0), note }),
      stop: () => bar.stop(),
    };
  }

  const every = (opts.every ?? 5) * 1000;
  let last = started;
  let lastDone = -1;
  const line = (done: number, note: string) => {
    const pct = ((done / opts.total) * 100).toFixed(0);
    stream.write(
      `${opts.label}: ${done}/${opts.total} (${pct}%), ${rate(done).toFixed(1)}/s${note ? `, ${note}` : ""}\n`,
    );
    lastDone = done;
  };
  let latest = { done: 0, note: "" };
  return {
    update(done, note = "") {
      latest = { done, note };
      if (Date.now() - last >= every) {
        last = Date.now();
        line(done, note);
      }
    },
    stop() {
      if (latest.done !== lastDone) line(latest.done, latest.note);
    },
  };
}
