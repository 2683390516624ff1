/**
 * datapackage.json: a Frictionless Tabular Data Package (v1) describing every CSV table — field types and
 * descriptions, primary and foreign keys, dialect, size and SHA-256 — and the Parquet copies as plain
 * data resources with the same schema. No date in it: a rerun over the same data gives the same file.
 */
import type { ExportFilters } from "./snapshot.js";
import { parquetName, typeName, type Field, type TableSpec } from "./tables.js";

export interface FileFacts {
  bytes: number;
  sha256: string;
}

/** Frictionless field types used here (Table Schema v1). */
export const FRICTIONLESS_TYPES = {
  integer: "integer",
  decimal: "number",
  string: "string",
  date: "date",
  boolean: "boolean",
} as const;

export const CSV_DIALECT = {
  delimiter: ",",
  lineTerminator: "\n",
  quoteChar: '"',
  doubleQuote: true,
  header: true,
  skipInitialSpace: false,
} as const;

function frictionlessField(field: Field, required: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: field.name,
    type: FRICTIONLESS_TYPES[field.type],
    title: field.labelEn,
    description: [field.labelZh, field.description, field.type === "decimal" ? typeName(field) : ""]
      .filter(Boolean)
      .join(" — "),
  };
  if (field.type === "date") out.format = "default";
  if (field.type === "boolean") {
    out.trueValues = ["1"];
    out.falseValues = ["0"];
  }
  if (field.type === "decimal") out.bareNumber = true;
  if (required) out.constraints = { required: true };
  return out;
}

function schema(t: TableSpec, withForeignKeys: boolean): Record<string, unknown> {
  return {
    fields: t.fields.map((f) => frictionlessField(f, t.primaryKey.includes(f.name))),
    missingValues: [""],
    primaryKey: t.primaryKey,
    ...(withForeignKeys && t.foreignKeys.length ? { foreignKeys: t.foreignKeys } : {}),
  };
}

export interface DatapackageInput {
  tables: readonly TableSpec[];
  /** facts about every file written, by file name */
  files: ReadonlyMap<string, FileFacts>;
  filters: ExportFilters;
  parserVersions: string[];
  /** SHA-256 over the data files' digests: the dataset's identity */
  fingerprint: string;
}

export function buildDatapackage(input: DatapackageInput): Record<string, unknown> {
  const facts = (file: string) => {
    const f = input.files.get(file);
    if (!f) throw new Error(`datapackage: no facts for ${file}`);
    return { bytes: f.bytes, hash: `sha256:${f.sha256}` };
  };
  const csv = input.tables.map((t) => ({
    name: t.name,
    path: t.file,
    profile: "tabular-data-resource",
    title: t.title,
    description: t.description,
    format: "csv",
    mediatype: "text/csv",
    encoding: "utf-8",
    ...facts(t.file),
    dialect: CSV_DIALECT,
    schema: schema(t, true),
  }));
  const parquet = input.tables
    .filter((t) => input.files.has(parquetName(t.file)))
    .map((t) => ({
      name: `${t.name}-parquet`,
      path: parquetName(t.file),
      profile: "data-resource",
      title: `${t.title} (Parquet)`,
      description: `${t.description} Parquet copy of ${t.file} with typed columns.`,
      format: "parquet",
      mediatype: "application/vnd.apache.parquet",
      ...facts(parquetName(t.file)),
      schema: schema(t, false),
    }));
  return {
    profile: "tabular-data-package",
    name: "gongkai-export",
    title: "gongkai — government information-disclosure annual reports (政府信息公开工作年度报告), panel export",
    description:
      "Figures of the three standard tables, narrative sections and diagnostics of Chinese government " +
      "information-disclosure annual reports, one row per report (agency × year × revision). See README.md.",
    gongkai: {
      parserVersions: input.parserVersions,
      filters: input.filters,
      fingerprint: `sha256:${input.fingerprint}`,
    },
    resources: [...csv, ...parquet],
  };
}
