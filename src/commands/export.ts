/**
 * `gongkai export --out DIR [filters] [--formats …] [--excel] [--force]`: the academic dataset export.
 * Options are checked before the database is opened; exit 0 on success, 1 when the export fails,
 * 2 for a usage error (bad option or filter, unusable output folder).
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { openDatabase } from "../db/open.js";
import {
  ExportError,
  OUTPUT_FORMATS,
  checkOutputFolder,
  exportDataset,
  type OutputFormat,
} from "../export/export-dataset.js";
import { FilterError, parseFilters } from "../export/filters.js";
import { StataNameError, assertStataNames } from "../export/stata.js";
import { table } from "../export/tables.js";
import { startProgress } from "../util/progress.js";

export const USAGE = `usage: gongkai export --out DIR [filters] [--formats parquet,stata,r] [--excel] [--force] [--quiet]

Writes reports.csv (wide), figures_long.csv, sections.csv, diagnostics.csv, codebook.csv, datapackage.json,
README.md (data card) and CITATION.cff, plus by --formats (default: all): Parquet copies (parquet),
labels.do (stata), labels.R (r).

filters (lists: comma-separated or repeated):
  --years 2019-2021,2023        years reported on
  --province 广东省  --city 广州市  --county 天河区    national division names
  --level central|province|city|county|township
  --kind government|department
  --format-version 2019|2021    table format version
  --all-revisions               every revision, not only the current one (default: current only)
  --include-synthetic           invented reports too (default: real reports only)
  --without-errors              only reports without diagnostics of severity error
options:
  --excel                       also *.excel.csv: UTF-8 with BOM, CRLF line ends
  --force                       export into a folder holding an earlier export (replaces its files)
  --workers N                   database connections rendering in parallel (default 2: one per core)
  --quiet                       no progress output`;

const OPTIONS = {
  out: { type: "string" },
  years: { type: "string", multiple: true },
  province: { type: "string", multiple: true },
  city: { type: "string", multiple: true },
  county: { type: "string", multiple: true },
  level: { type: "string", multiple: true },
  kind: { type: "string", multiple: true },
  "format-version": { type: "string", multiple: true },
  "all-revisions": { type: "boolean" },
  "include-synthetic": { type: "boolean" },
  "without-errors": { type: "boolean" },
  formats: { type: "string", multiple: true },
  excel: { type: "boolean" },
  force: { type: "boolean" },
  workers: { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

class UsageError extends Error {}

function parseFormats(values: string[] | undefined): OutputFormat[] {
  if (!values) return [...OUTPUT_FORMATS];
  const out = new Set<OutputFormat>();
  for (const item of values
    .flatMap((v) => v.split(","))
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)) {
    if (item === "csv") continue; // always written
    if (item === "all") {
      OUTPUT_FORMATS.forEach((f) => out.add(f));
      continue;
    }
    if (!(OUTPUT_FORMATS as readonly string[]).includes(item)) {
      throw new UsageError(`--formats: "${item}" is not one of csv, ${OUTPUT_FORMATS.join(", ")}, all`);
    }
    out.add(item as OutputFormat);
  }
  return OUTPUT_FORMATS.filter((f) => out.has(f));
}

function parseWorkers(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  // at most 8: the data source's connection pool (10) also serves the cursor
  if (!Number.isInteger(n) || n < 1 || n > 8)
    throw new UsageError(`--workers: "${value}" is not a whole number from 1 to 8`);
  return n;
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  let filters;
  let formats: OutputFormat[];
  let workers: number | undefined;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: false, strict: true }).values;
    if (parsed.help) {
      console.log(USAGE);
      return 0;
    }
    if (!parsed.out) throw new UsageError("--out DIR is required");
    filters = parseFilters(parsed);
    formats = parseFormats(parsed.formats);
    workers = parseWorkers(parsed.workers);
    await checkOutputFolder(parsed.out, !!parsed.force);
  } catch (e) {
    if (e instanceof UsageError || e instanceof FilterError || e instanceof ExportError || isParseArgsError(e)) {
      console.error(`export: ${(e as Error).message}\n(npx gongkai export --help for usage)`);
      return 2;
    }
    throw e;
  }

  if (formats.includes("stata")) {
    try {
      assertStataNames(table("reports").fields.map((f) => f.name));
    } catch (e) {
      if (!(e instanceof StataNameError)) throw e;
      console.error(`export: ${e.message}\nleave Stata out, e.g. --formats parquet,r`);
      return 1;
    }
  }

  const quiet = !!parsed.quiet;
  const log = (line: string) => {
    if (!quiet) process.stderr.write(`export: ${line}\n`);
  };
  let db;
  try {
    db = await openDatabase(loadConfig());
  } catch (e) {
    console.error(`export: cannot open the database: ${(e as Error).message}`);
    return 1;
  }
  try {
    await exportDataset(db.ds, {
      out: parsed.out,
      filters,
      formats,
      excel: !!parsed.excel,
      force: !!parsed.force,
      workers,
      log,
      progress: (label, total, unit) => {
        const bar = startProgress({ label: `${label} (${unit})`, total, mode: quiet ? "none" : "auto" });
        let done = 0;
        return {
          tick(n: number) {
            done += n;
            bar.update(done);
          },
          stop: () => bar.stop(),
        };
      },
    });
    return 0;
  } catch (e) {
    const expected = e instanceof ExportError || e instanceof StataNameError;
    console.error(`export: ${expected ? (e as Error).message : ((e as Error).stack ?? String(e))}`);
    return e instanceof ExportError ? 2 : 1;
  } finally {
    await db.close();
  }
}

function isParseArgsError(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS");
}
