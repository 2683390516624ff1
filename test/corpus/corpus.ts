/** Where the shared gold corpus is; tests skip visibly without it, except under CI where that fails. */
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
