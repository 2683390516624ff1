/**
 * The judged query set (test/fixtures/search-eval): queries.tsv (`id  kind  query`) and judgments.tsv
 * (`query-id  section-ref  grade`, grade 0/1/2 given by reading the section against docs/search-eval.md).
 * Lines starting with # are comments; fields are separated by tabs.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FIXTURE_DIR } from "./fixtures.js";

export type QueryKind = "term" | "phrase" | "topic" | "traditional" | "straddle";
export interface EvalQuery {
  id: string;
  kind: QueryKind;
  query: string;
}

const KINDS: readonly QueryKind[] = ["term", "phrase", "topic", "traditional", "straddle"];

function rows(file: string): { cells: string[]; where: string }[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split(/\r?\n/)
    .map((line, i) => ({ line, where: `${file}:${i + 1}` }))
    .filter(({ line }) => line.trim() && !line.startsWith("#"))
    .map(({ line, where }) => ({ cells: line.split("\t").map((c) => c.trim()), where }));
}

export function loadQueries(dir = FIXTURE_DIR): EvalQuery[] {
  const seen = new Set<string>();
  return rows(join(dir, "queries.tsv")).map(({ cells: [id, kind, query], where }) => {
    if (!id || !KINDS.includes(kind as QueryKind) || !query) throw new Error(`${where}: want id, kind, query`);
    if (seen.has(id)) throw new Error(`${where}: query ${id} twice`);
    seen.add(id);
    return { id, kind: kind as QueryKind, query };
  });
}

/** query id → (section ref → grade) */
export function loadJudgments(dir = FIXTURE_DIR): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const { cells, where } of rows(join(dir, "judgments.tsv"))) {
    const [q, ref, g] = cells;
    if (!q || !ref || !/^[012]$/.test(g ?? "")) throw new Error(`${where}: want query id, section ref, grade 0/1/2`);
    const m = out.get(q) ?? new Map<string, number>();
    if (m.has(ref)) throw new Error(`${where}: ${q} ${ref} judged twice`);
    m.set(ref, Number(g));
    out.set(q, m);
  }
  return out;
}
