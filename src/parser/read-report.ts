/**
 * The heart of the parser: an Extraction (rows of cells from any input kind) → ParseResult.
 * Pure and synchronous; never throws on bad data.
 */
import { variablesFor, type FormatVersion } from "../codebook/index.js";
import { buildDoc, lineAt, type Doc } from "./doc.js";
import { diag, type Diagnostic } from "./diagnostics.js";
import { pipeTextRows } from "./extract/pipe-text.js";
import { findHeading, type Heading } from "./headings.js";
import {
  canonicalAgency,
  findAgency,
  findPageDate,
  findTitle,
  findYear,
  kindOf,
  placeOf,
  qualifyAgency,
  signatureDate,
} from "./meta.js";
import { compact } from "../text/normalize.js";
import { bodyEnd, splitProblems, stripSignature, textBetween } from "./sections.js";
import { settleOcrDigits } from "./ocr/unsure.js";
import { solveRunRows } from "./tables/runs.js";
import { Sheet } from "./tables/sheet.js";
import { markUnverified } from "./tables/verify.js";
import { readTable2 } from "./tables/table2.js";
import { deriveOther2021, readTable3 } from "./tables/table3.js";
import { readTable4 } from "./tables/table4.js";
import { tokenize } from "./tokens.js";
import { PARSER_VERSION } from "./version.js";
import { ruleIssues } from "./rule-issues.js";
import type { Extraction, ParseResult, ReportMeta, SectionKey } from "./types.js";

const F2021 = [
  "本年制发件数",
  "本年废止件数",
  "现行有效件数",
  "本年收费金额",
  "逾期不补正",
  "缴纳费用",
  "本年处理决定数量",
];
const F2019 = [
  "本年新制作数量",
  "本年新公开数量",
  "对外公开总数量",
  "上一年项目数量",
  "政府集中采购",
  "采购总金额",
  "第二十条第(九)项",
];

/** The format version from the table headings (2021: 本年制发件数 …; 2019: 本年新制作数量 …). */
export function detectFormat(tableText: string): FormatVersion | null {
  const t = compact(tableText);
  const score = (words: string[]) => words.filter((w) => t.includes(w)).length;
  const a = score(F2021),
    b = score(F2019);
  return a > b ? "2021" : b > a ? "2019" : null;
}

interface Parts {
  summary: Heading | null;
  table2: Heading | null;
  table3: Heading | null;
  table4: Heading | null;
  problems: Heading | null;
  other: Heading | null;
  end: number;
}

function findParts(doc: Doc): Parts {
  const summary = findHeading(doc, "summary");
  const after = (...hs: (Heading | null)[]) =>
    Math.max(0, ...hs.filter((h): h is Heading => !!h).map((h) => h.contentStart));
  let table2 = findHeading(doc, "table2", after(summary));
  if (!table2) {
    const i = doc.norm.indexOf("第二十条第(一)项", after(summary));
    if (i >= 0) table2 = { start: i, contentStart: i, sub: false };
  }
  let table3 = findHeading(doc, "table3", after(summary, table2));
  if (!table3) {
    const i = doc.norm.search(/申请人情况|本年新收/);
    if (i >= 0) table3 = { start: i, contentStart: i, sub: false };
  }
  const table4 = findHeading(doc, "table4", after(summary, table2, table3));
  const problems = findHeading(doc, "problems", after(summary, table2, table3, table4));
  const other = findHeading(doc, "other", after(summary, table2, table3, table4, problems));
  const end = bodyEnd(doc, after(summary, table2, table3, table4, problems, other));
  return { summary, table2, table3, table4, problems, other, end };
}

/** Start of the first of these parts found, else `dflt`. */
const firstStart = (dflt: number, ...hs: (Heading | null)[]) =>
  Math.min(dflt, ...hs.filter((h): h is Heading => !!h).map((h) => h.start));

export function readReport(ex: Extraction, filename?: string): ParseResult {
  const doc = buildDoc({ ...ex, rows: pipeTextRows(ex.rows) });
  const issues: Diagnostic[] = [...ex.issues];
  const p = findParts(doc);
  const end = p.end;

  // ---- metadata
  const headLimit = p.summary?.start ?? Math.min(doc.norm.length, 3000);
  const title = findTitle(doc, Math.max(headLimit, 200), ex.title);
  const year = findYear(title, doc.norm);
  if (year === null)
    issues.push(diag("YEAR_MISSING", "warning", "the report year was not found in the title or the text"));

  const tableStart = firstStart(end, p.table2, p.table3, p.table4);
  let format = detectFormat(doc.norm.slice(tableStart, end));
  if (!format) {
    format = year !== null && year <= 2020 ? "2019" : "2021";
    issues.push(
      diag(
        "FORMAT_UNDETECTED",
        "warning",
        `the table headings do not tell the format version; taken as ${format} from the year`,
      ),
    );
  }

  // ---- sections
  const sections: Partial<Record<SectionKey, string>> = {};
  let signature: string | null = null;
  const put = (key: SectionKey, a: number, b: number) => {
    if (b <= a) return;
    let text = textBetween(doc, a, b);
    const norm = doc.norm.slice(a, b).replace(/\t/g, " ").trim();
    const s = stripSignature(text);
    if (s.date) {
      signature = s.date;
      text = s.text;
    }
    if (text) sections[key] = text;
    if (key === "problems_improvements" && text) {
      const split = splitProblems(text, norm.slice(0, text.length));
      if (split) {
        sections.problems = split.problems;
        sections.improvements = split.improvements;
      }
    }
  };
  if (p.summary)
    put("summary", p.summary.contentStart, firstStart(end, p.table2, p.table3, p.table4, p.problems, p.other));
  if (p.problems)
    put("problems_improvements", p.problems.sub ? p.problems.start : p.problems.contentStart, firstStart(end, p.other));
  if (p.other) put("other", p.other.contentStart, end);
  for (const k of ["summary", "problems_improvements", "other"] as const) {
    if (!sections[k]) issues.push(diag("SECTION_MISSING", "warning", `section ${k} was not found`, { section: k }));
  }

  // ---- agency and places
  let agency = findAgency(title, doc.norm.slice(0, Math.max(headLimit, 4000)) + "\n" + doc.norm.slice(0, 30000));
  let place = agency ? placeOf(agency, doc.norm) : null;
  if (agency && place && !place.province) {
    const q = qualifyAgency(agency, doc.norm, place);
    if (q !== agency) {
      agency = q;
      place = placeOf(agency, doc.norm);
    }
  }
  const agencyRaw = agency;
  if (agency) agency = canonicalAgency(agency);
  if (!agency)
    issues.push(diag("AGENCY_MISSING", "warning", "the agency was not found in the title or the introduction"));

  // ---- tables
  const sheet = new Sheet(doc.text);
  const region = (h: Heading | null, ...next: (Heading | null)[]) =>
    h ? tokenize(doc, h.contentStart, firstStart(end, ...next)) : [];
  const t2 = region(p.table2, p.table3, p.table4, p.problems, p.other);
  const t3 = region(p.table3, p.table4, p.problems, p.other);
  const t4 = region(p.table4, p.problems, p.other);
  const t2Runs = readTable2(t2, format, sheet);
  const t3Read = readTable3(t3, format, sheet);
  const t4Runs = readTable4(t4, sheet);
  solveRunRows({
    format,
    year,
    sheet,
    t2: t2Runs,
    t3: t3Read.runRows,
    t4: t4Runs,
    narrative: doc.norm.slice(0, tableStart) + "\n" + doc.norm.slice(end),
  });
  if (format === "2021") deriveOther2021(sheet);
  for (const [no, h, toks] of [
    [2, p.table2, t2],
    [3, p.table3, t3],
    [4, p.table4, t4],
  ] as const) {
    if (!h || !toks.some((t) => t.type !== "label"))
      issues.push(diag("TABLE_MISSING", "error", `table ${no} was not found`, { table: no }));
  }
  const missing: Record<number, string[]> = { 2: [], 3: [], 4: [] };
  for (const v of variablesFor(format)) {
    if (!sheet.has(v.name)) {
      sheet.missing(v.name);
      missing[v.table].push(v.name);
    }
  }
  for (const [no, vars] of Object.entries(missing)) {
    if (vars.length && vars.length < variablesFor(format, Number(no) as 2 | 3 | 4).length) {
      issues.push(
        diag(
          "CELL_MISSING",
          "warning",
          `table ${no}: ${vars.length} cell(s) not found: ${vars.slice(0, 8).join(", ")}${vars.length > 8 ? ", …" : ""}`,
          { table: Number(no) as 2 | 3 | 4 },
        ),
      );
    }
  }
  // recognised text: figures whose digits OCR was unsure of are settled by the rules or left undecidable
  if (ex.ocr) issues.push(...settleOcrDigits(ex, doc, sheet, format));
  markUnverified(sheet, format, guessedCells(doc, sheet));
  issues.push(...sheet.issues, ...ruleIssues(sheet.values, format));

  const meta: ReportMeta = {
    agency,
    agencyRaw: doc.traditional && agencyRaw ? textOfAgency(doc, agencyRaw) : undefined,
    title,
    year,
    format,
    published: ex.published ?? findPageDate(doc, headLimit) ?? signatureDate(signature),
    script: doc.traditional ? "traditional" : "simplified",
    province: place?.province ?? null,
    city: place?.city ?? null,
    county: place?.county ?? null,
    level: place?.level ?? null,
    kind: agency ? kindOf(agency) : null,
    divisionCode: place?.code ?? null,
    inputKind: ex.kind,
    parserVersion: PARSER_VERSION,
  };
  if (filename) meta.source = filename;
  return { meta, values: sheet.values, cells: sheet.cells, sections, issues };
}

/** The agency as printed (traditional script) — found at the same offset in the original text. */
/** Figures read from rows whose columns the extractor guessed (Row.guessed). */
function guessedCells(doc: Doc, sheet: Sheet): Set<string> {
  const out = new Set<string>();
  if (!doc.lines.some((l) => l.guessed)) return out;
  for (const [v, at] of Object.entries(sheet.at)) if (doc.lines[lineAt(doc, at)]?.guessed) out.add(v);
  return out;
}

function textOfAgency(doc: Doc, simplified: string): string | undefined {
  const i = doc.norm.indexOf(simplified);
  return i >= 0 ? doc.text.slice(i, i + simplified.length) : undefined;
}
