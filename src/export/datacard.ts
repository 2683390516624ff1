/**
 * The data card (README.md of the export) and CITATION.cff. Everything in them follows from the data
 * and the filters, except the one line that says when the export was made, so reruns differ only there.
 */
import { VARIABLES } from "../codebook/index.js";
import type { ExportFilters } from "./snapshot.js";
import type { FileFacts } from "./datapackage.js";
import { STATA_ABBREVIATIONS } from "./stata-names.js";
import { filterArgs } from "./filters.js";
import type { ExportStats } from "./stats.js";
import { REPORT_FIELDS, TABLES, typeName, type TableSpec } from "./tables.js";

export interface DataCardInput {
  filters: ExportFilters;
  stats: ExportStats;
  files: ReadonlyMap<string, FileFacts>;
  /** rows per CSV file */
  rows: ReadonlyMap<string, number>;
  fingerprint: string;
  /** when the export was made: the only varying line */
  exportedAt: Date;
  excel: boolean;
}

/** The line of the data card that changes between otherwise identical exports. */
export const DATE_LINE_PREFIX = "Exported at: ";

const cell = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");

function filterTable(f: ExportFilters): string[] {
  const all = (xs: readonly unknown[] | undefined) => (xs?.length ? xs.join(", ") : "all");
  return [
    "| filter | value |",
    "|---|---|",
    `| years | ${all(f.years)} |`,
    `| provinces | ${all(f.provinces)} |`,
    `| cities | ${all(f.cities)} |`,
    `| counties | ${all(f.counties)} |`,
    `| levels | ${all(f.levels)} |`,
    `| kinds | ${all(f.kinds)} |`,
    `| format versions | ${all(f.formatVersions)} |`,
    `| revisions | ${f.allRevisions ? "all" : "current only"} |`,
    `| synthetic (invented) reports | ${f.includeSynthetic ? "included" : "excluded"} |`,
    `| reports with errors | ${f.withoutErrors ? "excluded" : "included"} |`,
  ];
}

function counts(title: string, entries: [string | number, number][]): string[] {
  return [`| ${title} | reports |`, "|---|---|", ...entries.map(([k, n]) => `| ${k} | ${n} |`)];
}

function columnsOf(t: TableSpec): string[] {
  return [
    "| column | type | label | 标签 | description |",
    "|---|---|---|---|---|",
    ...t.fields.map(
      (f) =>
        `| \`${f.name}\` | ${typeName(f)} | ${cell(f.labelEn)} | ${cell(f.labelZh)} | ${cell(f.description ?? "")} |`,
    ),
  ];
}

export function dataCard(input: DataCardInput): string {
  const { stats, filters } = input;
  const has = (file: string) => input.files.has(file);
  const summary = stats.summary;
  const years = summary.byYear;
  const range = years.length ? `${years[0][0]}–${years[years.length - 1][0]}` : "none";
  const fileRows = [...input.files]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([file, facts]) => `| ${file} | ${input.rows.get(file) ?? ""} | ${facts.bytes} | \`${facts.sha256}\` |`);
  const reports = TABLES.find((t) => t.name === "reports")!;
  const lines = [
    "# gongkai export — government information-disclosure annual reports (政府信息公开工作年度报告)",
    "",
    `${DATE_LINE_PREFIX}${input.exportedAt.toISOString()}`,
    "",
    `Dataset fingerprint: \`sha256:${input.fingerprint}\` (over the SHA-256 of every data file below: the same data and`,
    "filters give the same fingerprint and byte-identical files; only the line above changes).",
    "",
    "Made by `gongkai export`. Options that select the same reports again (the database must hold the same data):",
    "",
    "```sh",
    ["npm run export -- --out DIR", ...filterArgs(filters)].join(" "),
    "```",
    "",
    "## Selection",
    "",
    ...filterTable(filters),
    "",
    "## Contents",
    "",
    `- ${summary.reports} reports of ${summary.agencies} agencies, years ${range}`,
    `- ${stats.figures} figures, ${stats.sections} narrative sections, ${stats.diagnostics} diagnostics`,
    `- ${summary.withErrors} reports with at least one diagnostic of severity error; ${summary.synthetic} synthetic (invented) reports`,
    `- parser versions: ${summary.byParserVersion.map(([v, n]) => `${v} (${n} reports)`).join(", ") || "none"}`,
    "",
    ...counts("year", years),
    "",
    ...counts("format version", summary.byFormat),
    "",
    ...counts("level", summary.byLevel),
    "",
    ...(stats.misfits
      ? [
          "## Figures that do not fit their column",
          "",
          `${stats.misfits} stored figures are not valid for their column's type (a count that is not a whole number`,
          "or exceeds 32 bits, a value beyond 12 integer digits). They are empty in reports.csv/.parquet; figures_long",
          "keeps the value when it fits DECIMAL(18,6), and the printed text (`raw`) always. First ones:",
          "",
          "| report_id | variable | stored value |",
          "|---|---|---|",
          ...stats.misfitExamples.map((m) => `| ${m.reportId} | ${m.variable} | ${m.value} |`),
          "",
        ]
      : []),
    "## Files",
    "",
    "| file | rows | bytes | sha256 |",
    "|---|---|---|---|",
    ...fileRows,
    "",
    "- `reports.csv` — one row per report: identifiers, place, year, format, provenance, QA counts, then one",
    `  column per codebook variable (${VARIABLES.length}, named as in \`codebook.csv\`). Variables of the other format`,
    "  version are empty. It is `figures_long.csv` pivoted (report × variable → column).",
    "- `figures_long.csv` — report × variable: value, the cell text as printed (`raw`) and `status`",
    "  (ok; blank: a blank mark such as `/` read as 0; derived: computed, e.g. a blank 总计 or 2021's `t3_other_*`;",
    "  undecidable: run-together digits with several readings, value empty; missing: not found, value empty;",
    "  unverified: read and kept, but in a table-3/4 row or column whose rule the figures break, with no single",
    "  printed total to blame — check it against the report before use; see docs/cell-statuses.md).",
    "- `sections.csv` — narrative text per report section, as printed (traditional script stays traditional).",
    "- `diagnostics.csv` — parser and consistency diagnostics. Figures are never repaired: a printed total that",
    "  contradicts its parts is kept and reported here (T3_ROW_SUM, T3_BALANCE, T3_RESULT_SUM, T4_SUM).",
    "- `codebook.csv` — the variables: table, format versions, Chinese and English labels, unit, notes, type, and",
    "  `stata_name`, the name in Stata (the variable name unless it exceeds Stata's 32 characters).",
    ...(has("reports.parquet")
      ? [
          "- `*.parquet` — the same tables with typed columns (INT32 counts, DECIMAL(18,6) amounts in 万元, DATE, BOOLEAN).",
        ]
      : []),
    ...(input.excel
      ? ["- `*.excel.csv` — the same CSV files for Excel: UTF-8 with a byte order mark, CRLF line ends."]
      : []),
    "- `datapackage.json` — Frictionless Tabular Data Package: types, descriptions, primary and foreign keys.",
    ...(has("labels.do")
      ? ["- `labels.do` (Stata) — imports `reports.csv` with column types and variable labels (en, zh)."]
      : []),
    ...(has("labels.R") ? ["- `labels.R` (R) — reads `reports.csv` with column types and attaches labels."] : []),
    "- `CITATION.cff` — how to cite.",
    ...stataSection(reports),
    "",
    "## Conventions",
    "",
    '- CSV: UTF-8 without BOM, comma, `"` quoting (doubled inside), LF line ends; fields with line breaks are quoted.',
    '- Missing: an empty field. An empty string is written `""` (DuckDB and pandas can tell; R and Stata read it as missing).',
    "- Counts (件) are integers; amounts (万元, 10,000 yuan) are decimals written exactly as stored, at most 6 decimals.",
    "- Flags (`is_current`, `synthetic`) are 1/0. Dates are YYYY-MM-DD.",
    "- Rows are sorted by `report_id`; within a report, figures by variable name (bytewise: the primary key's order),",
    "  sections in report order, diagnostics by id. The variable columns of reports.csv follow the codebook's order.",
    "- QA columns: `qa_errors` (diagnostics of severity error), `qa_consistency_errors` (errors of the consistency",
    "  rules), `qa_warnings`, `qa_undecidable` (figures with status undecidable), `qa_unverified` (figures with",
    "  status unverified).",
    "- A panel unit is `agency_id`; with the default selection there is one row per agency and year (the current",
    "  revision). `report_id` is stable within one database, not across databases.",
    "",
    "## Loading",
    "",
    ...(has("labels.do")
      ? [
          "```stata",
          'cd "<this folder>"',
          "do labels.do                  // reports.csv with labels; label language zh for Chinese labels",
          "```",
          "",
        ]
      : []),
    ...(has("labels.R")
      ? [
          "```r",
          'source("labels.R")            # data frame `reports`; attr(x, "label"), attr(x, "label_zh")',
          "```",
          "",
        ]
      : []),
    "```python",
    has("reports.parquet")
      ? "import duckdb; duckdb.sql(\"SELECT * FROM 'reports.parquet'\").df()"
      : 'import pandas; pandas.read_csv("reports.csv", keep_default_na=False, na_values=[""])',
    "```",
    "",
    "## Columns of reports.csv before the variables",
    "",
    ...columnsOf({ ...reports, fields: [...REPORT_FIELDS] }),
    "",
    ...TABLES.filter((t) => t.name !== "reports" && t.name !== "codebook").flatMap((t) => [
      `## Columns of ${t.file}`,
      "",
      ...columnsOf(t),
      "",
    ]),
  ];
  return lines.join("\n");
}

/** The columns labels.do names differently: every other file keeps the codebook names. */
function stataSection(reports: TableSpec): string[] {
  const renamed = reports.fields.filter((f) => f.stataName);
  if (!renamed.length) return [];
  return [
    "",
    "### Stata names",
    "",
    "Stata allows 32 characters in a variable name. These codebook names are longer; in Stata (`labels.do`) they",
    "have a short name made by a fixed rule (words abbreviated: " +
      Object.entries(STATA_ABBREVIATIONS)
        .map(([w, a]) => `${w} → ${a}`)
        .join(", ") +
      "; longest word first), the same in every export. The codebook name stays in `char <name>[codebook_name]`",
    "and in a note. CSV, Parquet, R and datapackage.json use the codebook names.",
    "",
    "| codebook name | Stata name |",
    "|---|---|",
    ...renamed.map((f) => `| \`${f.name}\` | \`${f.stataName}\` |`),
  ];
}

const yaml = (s: string) => JSON.stringify(s); // a JSON string is a valid YAML double-quoted scalar

export function citationCff(input: { fingerprint: string; parserVersions: string[] }): string {
  return [
    "cff-version: 1.2.0",
    'message: "If you use this dataset, please cite it as below."',
    "type: dataset",
    `title: ${yaml("gongkai: Chinese government information-disclosure annual reports (政府信息公开工作年度报告), panel export")}`,
    "authors:",
    '  - name: "gongkai contributors"',
    `version: ${yaml(`sha256:${input.fingerprint.slice(0, 16)}`)}`,
    `abstract: ${yaml(
      "Figures of the three standard tables (主动公开, 依申请公开, 行政复议/行政诉讼), narrative sections and " +
        "consistency diagnostics read from the annual reports Chinese government bodies publish under the 政府信息公开条例, " +
        `one row per report. Parser versions: ${input.parserVersions.join(", ") || "none"}. Dataset fingerprint: sha256:${input.fingerprint}.`,
    )}`,
    "keywords:",
    "  - government transparency",
    "  - freedom of information",
    "  - China",
    "  - 政府信息公开",
    "  - panel data",
    "",
  ].join("\n");
}
