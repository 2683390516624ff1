/**
 * The variable registry. codebook.csv is the product's public contract: its variable names are the
 * GraphQL fields and export columns. Everything that lists variables derives from here.
 */
import { readFileSync } from "node:fs";
import { parseCsv } from "./csv.js";

export type FormatVersion = "2019" | "2021";
export type TableNo = 2 | 3 | 4;

export interface Variable {
  name: string;
  table: TableNo;
  formats: FormatVersion[];
  labelZh: string;
  labelEn: string;
  unit: string;
  note: string;
}

function load(): Variable[] {
  const text = readFileSync(new URL("./codebook.csv", import.meta.url), "utf8");
  const [header, ...rows] = parseCsv(text);
  const col = (n: string) => header.indexOf(n);
  return rows.map((r) => ({
    name: r[col("variable")],
    table: Number(r[col("table")]) as TableNo,
    formats: r[col("formats")].split(",").map((s) => s.trim()) as FormatVersion[],
    labelZh: r[col("label_zh")],
    labelEn: r[col("label_en")],
    unit: r[col("unit")],
    note: r[col("note")] ?? "",
  }));
}

export const VARIABLES: readonly Variable[] = Object.freeze(load());
const BY_NAME = new Map(VARIABLES.map((v) => [v.name, v]));
const FOR = new Map<string, Variable[]>();

export function variable(name: string): Variable | undefined {
  return BY_NAME.get(name);
}

/** Variables of a format version, optionally of one table, in codebook order. */
export function variablesFor(format: FormatVersion, table?: TableNo): Variable[] {
  // the parser asks several times per report: filter once per (format, table), hand out copies
  const key = `${format}|${table ?? ""}`;
  let list = FOR.get(key);
  if (!list)
    FOR.set(
      key,
      (list = VARIABLES.filter((v) => v.formats.includes(format) && (table === undefined || v.table === table))),
    );
  return list.slice();
}

/** Table 3 applicant columns, in printed order. */
export const T3_COLUMNS = ["np", "corp", "research", "ngo", "legal", "other", "total"] as const;
export type T3Column = (typeof T3_COLUMNS)[number];

/** Table 4 blocks and their five columns, in printed order. */
export const T4_BLOCKS = ["review", "suit_direct", "suit_after_review"] as const;
export type T4Block = (typeof T4_BLOCKS)[number];
export const T4_COLUMNS = ["upheld", "corrected", "other", "pending", "total"] as const;
