/** Where the shared gold corpus is; tests skip visibly without it, except under CI where that fails. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";

export const CORPUS_DIR = resolve(process.env.GONGKAI_CORPUS_DIR ?? "../shared/corpus");
export const SCORER = resolve(CORPUS_DIR, "..", "tools", "score-extraction.mjs");

/** null when the corpus is there; else the reason to skip (throws under CI=true). */
export function corpusMissing(sub: string): string | null {
  if (existsSync(resolve(CORPUS_DIR, sub))) return null;
  const msg = `corpus folder ${resolve(CORPUS_DIR, sub)} not found (set GONGKAI_CORPUS_DIR)`;
  if (process.env.CI === "true") throw new Error(`${msg} — required under CI`);
  return msg;
}

export interface ScorerRun {
  /** the scorer's whole output */
  out: string;
  status: number | null;
  correct: number;
  total: number;
  silent: number;
}

/** The shared scorer over `corpus/<sub>` through the CLI's parse, with its cell and silent-value counts. */
export function runScorer(sub: string, jobs = 1): ScorerRun {
  if (!existsSync(SCORER)) throw new Error(`scorer not found at ${SCORER}`);
  const r = spawnSync(
    process.execPath,
    [SCORER, "--cmd", "npm run --silent cli -- parse", "--dir", resolve(CORPUS_DIR, sub), "--jobs", String(jobs)],
    { encoding: "utf8" },
  );
  const out = r.stdout + r.stderr;
  const cells = /cells: (\d+)\/(\d+) correct/.exec(out);
  const silent = /silent wrong values: (\d+)\b/.exec(out);
  if (!cells || !silent) throw new Error(`the scorer's output has no cell or silent counts:\n${out}`);
  return { out, status: r.status, correct: Number(cells[1]), total: Number(cells[2]), silent: Number(silent[1]) };
}
