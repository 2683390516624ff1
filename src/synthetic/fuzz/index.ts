/**
 * The layout fuzzer: invented reports (invented figures, consistent by the tables' rules) rendered
 * through the kinds of producers real ones come from — PDF (pdf-lib), DOCX (docx), HTML — each in a
 * geometry or markup drawn at random, with its gold. Every case is a function of (seed, index) alone,
 * so a failure can be rebuilt from its name. `scoreCase` runs the real parser in-process and counts the
 * cells it gets right and the silent wrong values (a wrong number whose cell says ok, blank or derived).
 * Everything here is invented; nothing is stored.
 */
import type { FormatVersion } from "../../codebook/index.js";
import { parseReport } from "../../parser/index.js";
import { extractPdf } from "../../parser/extract/pdf.js";
import { readReport } from "../../parser/read-report.js";
import { places } from "../places.js";
import { reportBlocks, type RenderOptions } from "../render.js";
import { rng, syntheticValues } from "../values.js";
import { renderDocx, type DocxStyle } from "./docx.js";
import { reportGrids } from "./grid.js";
import { renderHtml, type HtmlStyle } from "./html.js";
import { renderPdf, type PdfStyle } from "./pdf.js";

export type Producer = "pdf" | "docx" | "html";
export const PRODUCERS: readonly Producer[] = ["pdf", "docx", "html"];

export interface FuzzCase {
  name: string;
  producer: Producer;
  /** the layout features drawn for this case ("fig-align:right", "page-break:no-header" …) */
  features: string[];
  bytes: Uint8Array;
  format: FormatVersion;
  year: number;
  /** every variable's true value */
  gold: Record<string, number>;
}

const DOMAINS = [
  "数字治理",
  "营商环境",
  "河湖保护",
  "文旅融合",
  "青年发展",
  "智慧交通",
  "绿色能源",
  "社会信用",
  "科技创新",
  "人才发展",
  "政务服务",
  "档案信息",
];
const SUFFIXES = ["局", "事务局", "管理局", "服务中心", "委员会"];

/** Choices to impose instead of drawing them (the rest is still drawn): for isolating one feature. */
export interface FuzzOverrides {
  /** the mark for a zero cell: "" (nothing), "/", "—", or null for a printed 0 */
  zero?: string | null;
  splitHeaders?: boolean;
  sparseHeaders?: boolean;
  labelCols?: 1 | 3;
  pdf?: Partial<PdfStyle>;
}

/** The case `index` of the run `seed`; `only` restricts the producer, `o` imposes choices. */
export async function fuzzCase(
  seed: number,
  index: number,
  only?: readonly Producer[],
  o: FuzzOverrides = {},
): Promise<FuzzCase> {
  const r = rng((seed * 1000003 + index * 7919) >>> 0);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const chance = (p: number) => r() < p;
  const producers = only?.length ? only : PRODUCERS;
  // PDFs are most of the real reports, and have the most ways to go wrong
  const producer = pick(producers.flatMap((p) => (p === "pdf" ? [p, p, p] : [p])));
  const pl = places();
  const place = chance(0.6) ? pick(pl.counties) : pick(pl.cities);
  const agency = place.prefix + pick(DOMAINS) + pick(SUFFIXES);
  const year = 2019 + Math.floor(r() * 7);
  const format: FormatVersion = year <= 2020 ? "2019" : "2021";
  const values = syntheticValues(Math.floor(r() * 2 ** 31), format);
  const features: string[] = [];
  const joined = producer === "docx" && chance(0.4);
  // blank zero cells only where a cell's place survives (a table cell, a positioned PDF figure)
  const drawnZero = joined ? pick([undefined, "/", "—"]) : pick([undefined, undefined, "", "/", "—"]);
  const zero = o.zero !== undefined ? (o.zero ?? undefined) : drawnZero;
  features.push(`zero:${zero === undefined ? "0" : zero === "" ? "empty" : zero}`);
  const opts: Omit<RenderOptions, "layout"> = {
    format,
    year,
    agency,
    published: `${year + 1}-0${1 + Math.floor(r() * 3)}-${10 + Math.floor(r() * 19)}`,
    splitHeaders: chance(0.2),
    sparseHeaders: chance(0.1),
    zeroAs: zero,
  };
  opts.splitHeaders = o.splitHeaders ?? opts.splitHeaders;
  opts.sparseHeaders = o.sparseHeaders ?? opts.sparseHeaders;
  if (opts.splitHeaders) features.push("split-headers");
  if (opts.sparseHeaders) features.push("sparse-headers");
  const drawnCols = chance(0.6) ? 3 : 1;
  const labelCols = o.labelCols ?? drawnCols;
  features.push(`t3-labels:${labelCols}`);
  const blocks = reportGrids(reportBlocks(values, opts), labelCols);
  const base = `f${seed}-${String(index).padStart(5, "0")}`;
  let bytes: Uint8Array;
  let ext: string;
  if (producer === "pdf") {
    const size = 7 + Math.floor(r() * 4);
    const s: PdfStyle = {
      // embedding subsets a web font slice by slice (seconds a file): a few files are enough to vary the runs
      font: chance(0.05) ? "embedded" : "standard",
      page: chance(0.85) ? [595, 842] : [612, 792],
      margin: { left: 40 + r() * 50, right: 40 + r() * 50, top: 50 + r() * 40, bottom: 50 + r() * 40 },
      bodySize: 10 + Math.floor(r() * 3),
      tableSize: size,
      leading: 1.25 + r() * 0.4,
      figAlign: pick(["left", "center", "center", "right"] as const),
      labelAlign: pick(["left", "left", "center"] as const),
      valign: pick(["top", "middle", "middle", "bottom"] as const),
      labelShare: 0.22 + r() * 0.28,
      uneven: chance(0.5),
      repeatHeader: chance(0.5),
      breakInT3: chance(0.4) ? 0.2 + r() * 0.5 : 0,
      running: pick(["none", "none", "print", "dash", "page-of"] as const),
      partLabel: labelCols === 3 ? pick(["flat", "rotated", "stacked"] as const) : "flat",
      perChar: chance(0.2),
      borders: chance(0.7),
      print: {
        date: `${year + 1}/${1 + Math.floor(r() * 12)}/${1 + Math.floor(r() * 28)} 上午${8 + Math.floor(r() * 4)}:${10 + Math.floor(r() * 49)}`,
        title: `${agency}${year}年政府信息公开工作年度报告`,
        url: `https://www.example.gov.cn/art/${year + 1}/1/${10 + Math.floor(r() * 19)}/art_${1000 + Math.floor(r() * 9000)}.html`,
      },
    };
    Object.assign(s, o.pdf);
    if (labelCols === 1) s.partLabel = "flat";
    features.push(
      `font:${s.font}`,
      `fig-align:${s.figAlign}`,
      `label-align:${s.labelAlign}`,
      `valign:${s.valign}`,
      `widths:${s.uneven ? "uneven" : "even"}`,
      `label-share:${s.labelShare < 0.3 ? "narrow" : s.labelShare < 0.4 ? "mid" : "wide"}`,
      `running:${s.running}`,
      `table-size:${s.tableSize}`,
    );
    if (labelCols === 3) features.push(`part-label:${s.partLabel}`);
    if (s.breakInT3) features.push(`page-break-in-t3:${s.repeatHeader ? "repeated-header" : "no-header"}`);
    if (s.perChar) features.push("per-char-runs");
    if (s.borders) features.push("borders");
    bytes = await renderPdf(blocks, s, r);
    ext = "pdf";
  } else if (producer === "docx") {
    const s: DocxStyle = {
      mode: joined ? "joined" : "table",
      joinMax: 1 + Math.floor(r() * 4),
      sep: pick([" ", " ", "\t", "　"] as const),
      valign: pick(["top", "center", "bottom"] as const),
      splitRuns: chance(0.3),
    };
    if (joined)
      features.push(
        "docx:joined",
        `join-max:${s.joinMax}`,
        `sep:${s.sep === " " ? "space" : s.sep === "\t" ? "tab" : "ideographic-space"}`,
      );
    else features.push("docx:table", `valign:${s.valign}`, ...(s.splitRuns ? ["split-runs"] : []));
    bytes = await renderDocx(blocks, s, r);
    ext = "docx";
  } else {
    const s: HtmlStyle = {
      markup: pick(["plain", "word", "nested"] as const),
      blank: pick(["&nbsp;", "&#160;", "<p>&nbsp;</p>", ""] as const),
      thead: chance(0.3),
      splitRuns: chance(0.2),
      whitespace: chance(0.4),
    };
    features.push(`markup:${s.markup}`, `blank-cell:${s.blank || "none"}`);
    if (s.thead) features.push("thead");
    if (s.splitRuns) features.push("split-runs");
    if (s.whitespace) features.push("cell-whitespace");
    bytes = Buffer.from(renderHtml(blocks, s, { published: opts.published, agency }));
    ext = "html";
  }
  return {
    name: `${base}.${ext}`,
    producer,
    features: features.map((f) => `${producer}/${f}`),
    bytes,
    format,
    year,
    gold: values,
  };
}

export interface CaseScore {
  name: string;
  producer: Producer;
  features: string[];
  cells: number;
  correct: number;
  silent: number;
  /** the parse was refused (fatal diagnostic) */
  fatal: string | null;
  /** wrong cells: variable, gold, parsed value, status */
  wrong: { key: string; gold: number; got: number | null; status: string | undefined }[];
}

const SILENT = new Set(["ok", "blank", "derived"]);

/** `pdfEngine` reads a PDF's text layer with that engine alone (to compare them); by default the parser's own path. */
export async function scoreCase(c: FuzzCase, opts: { pdfEngine?: "pdfium" | "pdfjs" } = {}): Promise<CaseScore> {
  const res =
    c.producer === "pdf" && opts.pdfEngine
      ? readReport(await extractPdf(c.bytes, { engine: opts.pdfEngine }), c.name)
      : await parseReport(c.bytes, { filename: c.name });
  const fatal = res.issues.find((d) => d.severity === "error");
  const out: CaseScore = {
    name: c.name,
    producer: c.producer,
    features: c.features,
    cells: 0,
    correct: 0,
    silent: 0,
    fatal: null,
    wrong: [],
  };
  if (!Object.keys(res.values).length && fatal) out.fatal = `${fatal.code}: ${fatal.message}`;
  for (const [key, gold] of Object.entries(c.gold)) {
    out.cells++;
    const got = res.values[key];
    if (typeof got === "number" && Math.abs(got - gold) < 1e-6) {
      out.correct++;
      continue;
    }
    const status = res.cells[key]?.status;
    if (typeof got === "number" && status && SILENT.has(status)) out.silent++;
    out.wrong.push({ key, gold, got: got ?? null, status });
  }
  return out;
}

export interface Tally {
  reports: number;
  cells: number;
  correct: number;
  silent: number;
  fatal: number;
  failedReports: number;
}

const empty = (): Tally => ({ reports: 0, cells: 0, correct: 0, silent: 0, fatal: 0, failedReports: 0 });

/** Totals, per producer and per feature. */
export function tally(scores: CaseScore[]): {
  total: Tally;
  producers: Map<string, Tally>;
  features: Map<string, Tally>;
} {
  const total = empty();
  const producers = new Map<string, Tally>();
  const features = new Map<string, Tally>();
  const add = (t: Tally, s: CaseScore) => {
    t.reports++;
    t.cells += s.cells;
    t.correct += s.correct;
    t.silent += s.silent;
    if (s.fatal) t.fatal++;
    if (s.correct < s.cells) t.failedReports++;
  };
  for (const s of scores) {
    add(total, s);
    add(producers.get(s.producer) ?? producers.set(s.producer, empty()).get(s.producer)!, s);
    for (const f of s.features) add(features.get(f) ?? features.set(f, empty()).get(f)!, s);
  }
  return { total, producers, features };
}
