/**
 * The exported tables and their columns: ONE description that the CSV headers, the Parquet types, the
 * Frictionless schema, the Stata do-file and the R script are all generated from. Codebook variables
 * become columns under their codebook names, unchanged (the public contract); only labels.do gives the
 * names longer than Stata's 32 characters a short name (stata-names.ts, listed in codebook.csv).
 */
import { VARIABLES, type Variable } from "../codebook/index.js";
import { stataNameMap } from "./stata-names.js";

export type FieldType = "integer" | "decimal" | "string" | "date" | "boolean";

export interface Field {
  name: string;
  type: FieldType;
  /** decimal columns: total digits and digits after the point (Parquet DECIMAL(precision, scale)) */
  precision?: number;
  scale?: number;
  labelEn: string;
  labelZh: string;
  /** longer explanation: unit, notes, vocabulary */
  description?: string;
  /** the codebook variable this column holds */
  variable?: Variable;
  /** labels.do's name for the column when it differs (a name longer than Stata's 32 characters) */
  stataName?: string;
}

export type TableName = "reports" | "figures_long" | "sections" | "diagnostics" | "codebook";

export interface ForeignKey {
  fields: string[];
  reference: { resource: TableName; fields: string[] };
}

export interface TableSpec {
  name: TableName;
  /** file name of the CSV; Parquet and Excel variants are derived from it */
  file: string;
  title: string;
  description: string;
  fields: Field[];
  primaryKey: string[];
  foreignKeys: ForeignKey[];
}

/** 万元 amounts: yuan with fen precision is 6 decimals of 万元; 12 integer digits is far beyond any budget. */
export const AMOUNT = { precision: 18, scale: 6 } as const;
/** The long table's value column holds counts and amounts alike: the amount type fits both. */
export const LONG_VALUE = AMOUNT;
/** Counts are 32-bit integers: Stata `long`, R `integer`, Parquet INT32. */
export const INT32_MAX = 2147483647;

/** Section keys in the order they appear in a report (the order sections are written in). */
export const SECTION_KEYS_ORDER = ["summary", "problems_improvements", "problems", "improvements", "other"];

/** The diagnostics of the consistency rules (REPORT_FORMAT §3) counted in `qa_consistency_errors`. */
export const CONSISTENCY_CODES = ["T3_ROW_SUM", "T3_BALANCE", "T3_RESULT_SUM", "T4_SUM"] as const;

export function isAmount(v: Variable): boolean {
  return v.unit === "万元";
}

export function variableField(v: Variable): Field {
  const parts = [v.unit && `unit: ${v.unit}`, `formats: ${v.formats.join(", ")}`, v.note].filter(Boolean);
  return {
    name: v.name,
    type: isAmount(v) ? "decimal" : "integer",
    ...(isAmount(v) ? AMOUNT : {}),
    labelEn: v.labelEn,
    labelZh: v.labelZh,
    description: `${v.labelZh} — ${v.labelEn} (${parts.join("; ")})`,
    variable: v,
  };
}

const f = (name: string, type: FieldType, labelEn: string, labelZh: string, description?: string): Field => ({
  name,
  type,
  labelEn,
  labelZh,
  ...(description ? { description } : {}),
});

/** reports.csv columns before the codebook variables. */
export const REPORT_FIELDS: readonly Field[] = [
  f(
    "report_id",
    "integer",
    "Report id",
    "报告编号",
    "id of the report in the gongkai database this export was made from",
  ),
  f("agency_id", "integer", "Agency id", "机关编号", "id of the agency in the gongkai database; the panel's unit"),
  f("agency", "string", "Agency (canonical simplified name)", "机关名称(规范简体)"),
  f("province", "string", "Province", "省级行政区", "name as in the national division codes (GB/T 2260)"),
  f(
    "city",
    "string",
    "City (prefecture level)",
    "地级行政区",
    "empty for municipalities' districts and provincial bodies",
  ),
  f("county", "string", "County (county level)", "县级行政区"),
  f(
    "division_code",
    "string",
    "Division code of the most specific place",
    "行政区划代码",
    "as stored: 2 digits (province), 4 (city) or 6 (county), GB/T 2260",
  ),
  f(
    "province_code",
    "string",
    "Province division code",
    "省级行政区划代码",
    "6 digits: the first 2 of division_code + 0000",
  ),
  f(
    "city_code",
    "string",
    "City division code",
    "地级行政区划代码",
    "6 digits: the first 4 of division_code + 00; empty when city is empty",
  ),
  f("county_code", "string", "County division code", "县级行政区划代码", "6 digits: division_code when county is set"),
  f("level", "string", "Government level", "层级", "central, province, city, county or township"),
  f("kind", "string", "Kind of agency", "机关类型", "government (人民政府, 街道办事处 …) or department (局, 委, 办 …)"),
  f("year", "integer", "Year reported on", "报告年度", "the calendar year the report covers, not the publication year"),
  f(
    "format",
    "string",
    "Table format version",
    "表格版本",
    "2019 (reports for 2019–2020) or 2021 (reports from 2021); empty when undetected",
  ),
  f("published", "date", "Publication date", "发布日期", "the page's publication date, else the signature date"),
  f("script", "string", "Script", "文字", "simplified or traditional"),
  f("title", "string", "Title as printed", "标题"),
  f(
    "source_sha256",
    "string",
    "SHA-256 of the source file",
    "源文件 SHA-256",
    "hex digest of the bytes the report was parsed from",
  ),
  f("source_name", "string", "Source file name", "源文件名", "the name the file first arrived under"),
  f("parser_version", "string", "Parser version", "解析器版本", "gongkai parser version that read the figures"),
  f(
    "input_kind",
    "string",
    "Read from",
    "文本来源",
    "text, markdown, html, pdf, docx; pdf-ocr or image-ocr: a scan whose text was recognised by OCR",
  ),
  f("revision", "integer", "Revision", "修订版本", "1 for the first file of an agency and year, then 2, 3, …"),
  f(
    "is_current",
    "boolean",
    "Current revision",
    "是否为当前版本",
    "1 when this is the current revision of the agency and year",
  ),
  f(
    "synthetic",
    "boolean",
    "Synthetic (invented) report",
    "是否为合成数据",
    "1 for invented demo/test data, never a real publication",
  ),
  f("status", "string", "Ingest status", "入库状态"),
  f("qa_errors", "integer", "Diagnostics of severity error", "错误级诊断数", "see diagnostics.csv"),
  f(
    "qa_consistency_errors",
    "integer",
    "Consistency-rule errors",
    "勾稽关系错误数",
    `errors of the rules ${CONSISTENCY_CODES.join(", ")}`,
  ),
  f("qa_warnings", "integer", "Diagnostics of severity warning", "警告级诊断数"),
  f(
    "qa_undecidable",
    "integer",
    "Undecidable cells",
    "无法判定的单元格数",
    "figures with status undecidable (value empty)",
  ),
  f(
    "qa_unverified",
    "integer",
    "Unverified cells",
    "未经核验的单元格数",
    "figures with status unverified (value as read, in a row or column whose rule the figures break)",
  ),
];

/** Columns of reports.csv; an overlong name's Stata name is part of its description (stata-names.ts). */
function reportFields(): Field[] {
  const fields = [...REPORT_FIELDS, ...VARIABLES.map(variableField)];
  const stata = stataNameMap(fields.map((f) => f.name));
  return fields.map((f) => {
    const short = stata.get(f.name)!;
    if (short === f.name) return f;
    return {
      ...f,
      stataName: short,
      description: `${f.description ?? f.labelEn} — Stata name (labels.do): ${short}, the codebook name being longer than 32 characters`,
    };
  });
}

const reports: TableSpec = {
  name: "reports",
  file: "reports.csv",
  title: "Reports (wide)",
  description:
    "One row per report: agency, place, year, format, provenance, QA counts and one column per codebook variable (empty when the variable does not belong to the report's format or was not read).",
  fields: reportFields(),
  primaryKey: ["report_id"],
  foreignKeys: [],
};

const figuresLong: TableSpec = {
  name: "figures_long",
  file: "figures_long.csv",
  title: "Figures (long)",
  description:
    "One row per report and codebook variable stored for it: the value, the text it was read from and how it was read. reports.csv is this table pivoted.",
  fields: [
    f("report_id", "integer", "Report id", "报告编号"),
    f("variable", "string", "Codebook variable", "变量名", "see codebook.csv"),
    {
      ...f(
        "value",
        "decimal",
        "Value",
        "数值",
        "counts in 件, amounts in 万元; empty when missing or undecidable (or beyond 12 integer digits)",
      ),
      ...LONG_VALUE,
    },
    f("raw", "string", "Cell as printed", "原始文本", "for a split run of digits: the whole run"),
    f(
      "status",
      "string",
      "How the value was read",
      "读取状态",
      "ok, blank (a blank mark read as 0), derived (computed), undecidable, missing, unverified (read, but a table rule it is in fails: check it)",
    ),
  ],
  primaryKey: ["report_id", "variable"],
  foreignKeys: [
    { fields: ["report_id"], reference: { resource: "reports", fields: ["report_id"] } },
    { fields: ["variable"], reference: { resource: "codebook", fields: ["variable"] } },
  ],
};

const sections: TableSpec = {
  name: "sections",
  file: "sections.csv",
  title: "Narrative sections",
  description: "The narrative text of each report section, as printed (traditional script stays traditional).",
  fields: [
    f("report_id", "integer", "Report id", "报告编号"),
    f(
      "section",
      "string",
      "Section",
      "部分",
      `${SECTION_KEYS_ORDER.join(", ")} (problems and improvements are the two halves of problems_improvements where the text turns)`,
    ),
    f("text", "string", "Text as printed", "原文"),
  ],
  primaryKey: ["report_id", "section"],
  foreignKeys: [{ fields: ["report_id"], reference: { resource: "reports", fields: ["report_id"] } }],
};

const diagnostics: TableSpec = {
  name: "diagnostics",
  file: "diagnostics.csv",
  title: "Diagnostics",
  description:
    "Problems found in each report by the parser and the consistency rules. Figures are never repaired: a contradiction is reported here.",
  fields: [
    f("diagnostic_id", "integer", "Diagnostic id", "诊断编号"),
    f("report_id", "integer", "Report id", "报告编号"),
    f(
      "code",
      "string",
      "Diagnostic code",
      "诊断代码",
      "e.g. T3_BALANCE; the list is in the gongkai source (src/parser/diagnostics.ts)",
    ),
    f("severity", "string", "Severity", "严重程度", "error, warning or info"),
    f("table_no", "integer", "Table", "表格", "2, 3 or 4"),
    f("row_key", "string", "Table 3 row", "表三行"),
    f("column_key", "string", "Table 3 column", "表三列"),
    f("block", "string", "Table 4 block", "表四栏", "review, suit_direct or suit_after_review"),
    f("variable", "string", "Variable", "变量名"),
    f("message", "string", "Message", "说明"),
  ],
  primaryKey: ["diagnostic_id"],
  foreignKeys: [{ fields: ["report_id"], reference: { resource: "reports", fields: ["report_id"] } }],
};

const codebook: TableSpec = {
  name: "codebook",
  file: "codebook.csv",
  title: "Codebook",
  description: "The variable registry: one row per codebook variable, in column order of reports.csv.",
  fields: [
    f("variable", "string", "Variable", "变量名"),
    f("table", "integer", "Table of the report form", "表格", "2 (主动公开), 3 (依申请公开), 4 (行政复议、行政诉讼)"),
    f("formats", "string", "Format versions", "适用版本", "comma-separated: 2019, 2021"),
    f("label_zh", "string", "Label (Chinese)", "中文标签"),
    f("label_en", "string", "Label (English)", "英文标签"),
    f("unit", "string", "Unit", "单位", "件 (count) or 万元 (10,000 yuan)"),
    f("note", "string", "Note", "备注"),
    f("type", "string", "Column type", "类型", "integer, or decimal(precision,scale)"),
    f(
      "stata_name",
      "string",
      "Name in Stata (labels.do)",
      "Stata 变量名",
      "the variable name unless it is longer than Stata's 32 characters; then a short name by a fixed rule (see README.md)",
    ),
  ],
  primaryKey: ["variable"],
  foreignKeys: [],
};

/** Every table, in the order they are written and described. */
export const TABLES: readonly TableSpec[] = [reports, figuresLong, sections, diagnostics, codebook];

export function table(name: TableName): TableSpec {
  return TABLES.find((t) => t.name === name)!;
}

/** `decimal(18,6)` for decimals, the type name otherwise (codebook.csv's `type` column). */
export function typeName(field: Field): string {
  return field.type === "decimal" ? `decimal(${field.precision},${field.scale})` : field.type;
}

/** Excel-friendly twin of a CSV file name: reports.csv → reports.excel.csv */
export const excelName = (file: string) => file.replace(/\.csv$/, ".excel.csv");
export const parquetName = (file: string) => file.replace(/\.csv$/, ".parquet");
