/**
 * The evaluation corpus: the invented reports of test/fixtures/search-eval (narrative sections written
 * for the evaluation, with the official tables added by the report renderer) and the real reports of
 * ../shared/corpus/{seeds,real}, read at run time and never copied. Each section is referred to by a
 * stable ref — `invented/e01#summary`, `real/pingtan-2021.txt#problems_improvements` — which the
 * judgments file uses.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { renderReport, toTraditional } from "../../src/synthetic/render.js";
import { syntheticValues } from "../../src/synthetic/values.js";

export const FIXTURE_DIR = new URL("../../test/fixtures/search-eval/", import.meta.url).pathname;
export const NARRATIVE_KEYS = ["summary", "problems_improvements", "other"] as const;
export type NarrativeKey = (typeof NARRATIVE_KEYS)[number];

export interface InventedReport {
  id: string;
  agency: string;
  year: number;
  traditional: boolean;
  sections: Record<NarrativeKey, string>;
}

/** One report source for the harness: its name (the ref prefix), bytes, and whether it is invented. */
export interface EvalSource {
  name: string;
  bytes: Uint8Array;
  invented: boolean;
}

/** Reads the fixture format: `=== id | agency | year [| traditional]`, then `--- <section>` blocks. */
export function parseFixture(text: string, file = "fixture"): InventedReport[] {
  const out: InventedReport[] = [];
  let report: InventedReport | null = null;
  let key: NarrativeKey | null = null;
  text.split(/\r?\n/).forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    if (line.startsWith("#") && !report) return;
    if (line.startsWith("=== ")) {
      const [id, agency, year, flag] = line
        .slice(4)
        .split("|")
        .map((s) => s.trim());
      if (!id || !agency || !/^\d{4}$/.test(year ?? "")) throw new Error(`${where}: bad report line`);
      report = {
        id,
        agency,
        year: Number(year),
        traditional: flag === "traditional",
        sections: { summary: "", problems_improvements: "", other: "" },
      };
      out.push(report);
      key = null;
    } else if (line.startsWith("--- ")) {
      const k = line.slice(4).trim() as NarrativeKey;
      if (!report || !NARRATIVE_KEYS.includes(k)) throw new Error(`${where}: bad section line`);
      key = k;
    } else if (line.trim()) {
      if (!report || !key) throw new Error(`${where}: text outside a section`);
      const r: InventedReport = report;
      r.sections[key] += (r.sections[key] ? "\n\n" : "") + line.trim();
    }
  });
  const ids = new Set<string>();
  for (const r of out) {
    if (ids.has(r.id)) throw new Error(`${file}: report ${r.id} twice`);
    ids.add(r.id);
  }
  return out;
}

export function loadInvented(dir = FIXTURE_DIR): InventedReport[] {
  return readdirSync(dir)
    .filter((f) => /^reports-.*\.txt$/.test(f))
    .sort()
    .flatMap((f) => parseFixture(readFileSync(join(dir, f), "utf8"), f));
}

/** Replaces the text between two markers (the renderer's boilerplate) with `by`. */
function between(text: string, start: string, end: string, by: string): string {
  const a = text.indexOf(start);
  const b = text.indexOf(end, a + start.length);
  if (a < 0 || b < 0) throw new Error(`the rendered report lacks ${a < 0 ? start : end}`);
  return text.slice(0, a + start.length) + by + text.slice(b);
}

/** The report's full text in the official layout: invented tables, the fixture's narrative sections. */
export function inventedReportText(r: InventedReport, seed: number): string {
  const format = r.year >= 2021 ? "2021" : "2019";
  let text = renderReport(syntheticValues(seed, format), { format, year: r.year, agency: r.agency, layout: "lines" });
  text = between(text, "一、总体情况\n\n", "\n\n二、", r.sections.summary);
  text = between(text, "五、存在的主要问题及改进情况\n\n", "\n\n六、", r.sections.problems_improvements);
  text = between(text, "六、其他需要报告的事项\n\n", `\n\n${r.agency}\n\n`, r.sections.other);
  return r.traditional ? toTraditional()(text) : text;
}

/** Every source: the invented reports, then the real ones of `corpusDir`/{seeds,real}. */
export function evalSources(corpusDir: string): EvalSource[] {
  const invented = loadInvented().map((r, i) => ({
    name: `invented/${r.id}`,
    bytes: Buffer.from(inventedReportText(r, 1000 + i)),
    invented: true,
  }));
  const real: EvalSource[] = [];
  for (const sub of ["seeds", "real"]) {
    for (const name of readdirSync(join(corpusDir, sub)).sort()) {
      if (name.endsWith(".json") || name.endsWith(".md5") || name === "SOURCES.md") continue;
      real.push({ name: `${sub}/${name}`, bytes: readFileSync(join(corpusDir, sub, name)), invented: false });
    }
  }
  return [...invented, ...real];
}
