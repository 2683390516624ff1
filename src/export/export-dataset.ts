/**
 * One export: stream the selected reports from the database into the CSV tables, then derive the rest
 * (codebook, Parquet, datapackage.json, Stata and R scripts, data card, citation) in a staging folder
 * beside the output folder. The dataset is published in one rename only when everything succeeded
 * (publish.ts): a failed or killed export never leaves half a dataset behind — or half-replaces an earlier one.
 */
import { createHash } from "node:crypto";
import { lstat, mkdir, open, readdir, realpath, rm, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { DataSource } from "typeorm";
import { openExportSnapshot, type ExportFilters } from "./snapshot.js";
import { isAlive } from "../util/process.js";
import { crashPoint, openStaging, publish, versionsDir } from "./publish.js";
/** What the export reports progress to: `n` more items done. */
export interface Progress {
  tick(n: number): void;
  stop(): void;
}
const SILENT: Progress = { tick() {}, stop() {} };
import { codebookLines } from "./codebook.js";
import { CsvFile } from "./csv.js";
import { writeExcelVariant } from "./excel.js";
import { citationCff, dataCard } from "./datacard.js";
import { buildDatapackage, type FileFacts } from "./datapackage.js";
import { writeParquet } from "./parquet.js";
import { rScript } from "./r.js";
import { assertStataNames, stataDoFile } from "./stata.js";
import { ExportStats } from "./stats.js";
import { wideTail } from "./wide.js";
import { TABLES, excelName, parquetName, table, type TableName } from "./tables.js";

export type OutputFormat = "parquet" | "stata" | "r";
export const OUTPUT_FORMATS: readonly OutputFormat[] = ["parquet", "stata", "r"];

export interface ExportOptions {
  out: string;
  filters: ExportFilters;
  /** besides the CSV tables, codebook, datapackage, data card and citation (always written) */
  formats: readonly OutputFormat[];
  /** also write Excel-friendly CSV twins (BOM, CRLF) */
  excel?: boolean;
  /** export into a folder that holds an earlier export (its files are replaced) */
  force?: boolean;
  /** reports per chunk (default 2000) */
  chunkSize?: number;
  /** database connections rendering chunks in parallel (default 2) */
  workers?: number;
  /** false: have Postgres sort the figures even where the index order would do (tests) */
  presorted?: boolean;
  /** tests: see SnapshotOptions */
  unsortedFiguresSql?: (where: string) => string;
  /** a progress display for the streaming stage (default: none) */
  progress?: (label: string, total: number, unit: string) => Progress;
  /** one line per stage and warning (default: none) */
  log?: (line: string) => void;
  /** the export's date for the data card (tests fix it) */
  now?: () => Date;
}

export interface ExportResult {
  out: string;
  stats: ExportStats;
  /** every file written, by name */
  files: Map<string, FileFacts>;
  fingerprint: string;
}

/** A problem with the request itself (the output folder, the options): reported without a stack trace. */
export class ExportError extends Error {
  override name = "ExportError";
}

/** Every file name an export can write: with --force these are replaced, anything else is left alone. */
export function exportFileNames(): string[] {
  return [
    ...TABLES.flatMap((t) => [t.file, excelName(t.file), parquetName(t.file)]),
    "datapackage.json",
    "labels.do",
    "labels.R",
    "CITATION.cff",
    "README.md",
  ];
}

const STREAMED: readonly TableName[] = ["reports", "figures_long", "sections", "diagnostics"];

/** Refuses an output path that is a file, or a non-empty folder without `force`; creates the folder. */
export async function checkOutputFolder(out: string, force: boolean): Promise<void> {
  const info = await stat(out).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return null;
    throw e;
  });
  if (info && !info.isDirectory()) throw new ExportError(`--out ${out} is a file, not a folder`);
  // a link to a folder that is not this export's own version folder: refused (publishing would replace the link)
  const link = await lstat(out).then(
    (s) => s.isSymbolicLink(),
    () => false,
  );
  if (link && !(await realpath(out)).startsWith(versionsDir(out) + "/")) {
    throw new ExportError(`--out ${out} is a symbolic link to another folder: name the folder itself`);
  }
  if (info) {
    await removeAbandonedStaging(out);
    const entries = await readdir(out);
    if (entries.length && !force) {
      throw new ExportError(
        `--out ${out} is not empty (${entries.length} entries): choose an empty or new folder, ` +
          "or pass --force to replace an earlier export there (its files are replaced, other files are left alone)",
      );
    }
  }
  await mkdir(out, { recursive: true });
}

export async function exportDataset(ds: DataSource, options: ExportOptions): Promise<ExportResult> {
  const out = resolve(options.out);
  const log = options.log ?? (() => undefined);
  const formats = new Set(options.formats);
  const excel = !!options.excel;
  if (formats.has("stata")) assertStataNames(table("reports").fields.map((f) => f.name)); // before any work

  await checkOutputFolder(out, !!options.force);
  const staging = await openStaging(out);
  const t0 = Date.now();
  const stage = (what: string) =>
    log(
      `${what} (${((Date.now() - t0) / 1000).toFixed(1)} s, RSS ${(process.memoryUsage.rss() / 2 ** 20).toFixed(0)} MiB)`,
    );

  try {
    const rows = new Map<string, number>();

    // 1. the four data tables, streamed: Postgres renders the records, we append them in order
    const snapshot = await openExportSnapshot(ds, options.filters, {
      workers: options.workers,
      presorted: options.presorted,
      unsortedFiguresSql: options.unsortedFiguresSql,
    });
    const stats = new ExportStats(snapshot.summary);
    stage(`${stats.reports} reports selected`);
    const sinks = new Map(
      STREAMED.map((name) => {
        const t = table(name);
        return [
          name,
          new CsvFile(
            staging,
            t.file,
            t.fields.map((f) => f.name),
          ),
        ] as const;
      }),
    );
    const progress = stats.reports ? (options.progress ?? (() => SILENT))("export", stats.reports, "reports") : SILENT;
    try {
      for await (const chunk of snapshot.chunks(options.chunkSize)) {
        stats.add(chunk, chunk.wide);
        const reports = chunk.leadLines.map((lead, i) => `${lead},${wideTail(chunk.wide, chunk.ids[i])}`);
        await sinks.get("reports")!.writeRecords(reports, reports.length);
        await sinks.get("figures_long")!.writeBlocks(chunk.figures, chunk.figureRows);
        await sinks.get("sections")!.writeBlocks(chunk.sections, chunk.sectionRows);
        await sinks.get("diagnostics")!.writeBlocks(chunk.diagnostics, chunk.diagnosticRows);
        progress.tick(chunk.ids.length);
      }
      progress.stop();
      for (const sink of sinks.values()) await sink.close();
    } catch (e) {
      progress.stop();
      for (const sink of sinks.values()) sink.destroy();
      throw e;
    } finally {
      await snapshot.close();
    }
    for (const sink of sinks.values()) rows.set(sink.file, sink.rows);
    if (stats.misfits) {
      log(
        `warning: ${stats.misfits} figures do not fit their column's type; empty in reports.csv, kept in figures_long.csv ` +
          `(first: report ${stats.misfitExamples[0].reportId} ${stats.misfitExamples[0].variable} = ${stats.misfitExamples[0].value})`,
      );
    }

    // 2. the codebook
    const codebook = table("codebook");
    const codebookFile = new CsvFile(
      staging,
      codebook.file,
      codebook.fields.map((f) => f.name),
    );
    const codebookRecords = codebookLines();
    await codebookFile.writeRecords(codebookRecords, codebookRecords.length);
    await codebookFile.close();
    rows.set(codebook.file, codebookFile.rows);
    stage("tables written");
    crashPoint("tables");

    // 3. Parquet copies (DuckDB, its own thread) while Node writes the Excel twins and hashes the CSV files
    const files = new Map<string, FileFacts>();
    const describe = async (name: string, csv: string) => {
      files.set(name, await fileFacts(join(staging, name)));
      if (rows.has(csv)) rows.set(name, rows.get(csv)!);
    };
    const parquetCopies = async () => {
      if (!formats.has("parquet")) return;
      await writeParquet(staging, TABLES, (t) => stage(`parquet: ${t.name}`));
      for (const t of TABLES) await describe(parquetName(t.file), t.file);
    };
    const excelTwins = async () => {
      for (const t of TABLES) await describe(t.file, t.file);
      if (!excel) return;
      for (const t of TABLES) {
        await writeExcelVariant(join(staging, t.file), join(staging, excelName(t.file)));
        await describe(excelName(t.file), t.file);
      }
      stage("excel variants written");
    };
    // both settle before anything else happens: the staging folder must not vanish under either
    const settled = await Promise.allSettled([parquetCopies(), excelTwins()]);
    for (const r of settled) if (r.status === "rejected") throw r.reason;

    // 4. description and scripts
    const fingerprint = datasetFingerprint(TABLES.map((t) => [t.file, files.get(t.file)!]));
    const parserVersions = stats.summary.byParserVersion.map(([v]) => v);
    const texts: [string, string][] = [
      [
        "datapackage.json",
        JSON.stringify(
          buildDatapackage({ tables: TABLES, files, filters: options.filters, parserVersions, fingerprint }),
          null,
          2,
        ) + "\n",
      ],
      ...(formats.has("stata") ? [["labels.do", stataDoFile(table("reports"))] as [string, string]] : []),
      ...(formats.has("r") ? [["labels.R", rScript(table("reports"))] as [string, string]] : []),
      ["CITATION.cff", citationCff({ fingerprint, parserVersions })],
    ];
    for (const [name, text] of texts) {
      await writeFile(join(staging, name), text);
      files.set(name, await fileFacts(join(staging, name)));
    }
    const card = dataCard({
      filters: options.filters,
      stats,
      files,
      rows,
      fingerprint,
      exportedAt: (options.now ?? (() => new Date()))(),
      excel,
    });
    await writeFile(join(staging, "README.md"), card);
    files.set("README.md", await fileFacts(join(staging, "README.md")));

    // 5. into place, atomically (publish.ts): `out` shows the old complete dataset until one rename shows the new one
    crashPoint("written");
    await publish(out, staging, new Set(exportFileNames()));
    stage(`done: ${stats.reports} reports, ${files.size} files in ${out}`);
    return { out, stats, files, fingerprint };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

const STAGING_PREFIX = ".gongkai-export-";

/** Staging folders of exports that died (their process is gone): never part of a dataset. */
async function removeAbandonedStaging(out: string): Promise<void> {
  for (const name of await readdir(out)) {
    const pid = name.startsWith(STAGING_PREFIX) ? Number(name.slice(STAGING_PREFIX.length)) : NaN;
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid))
      await rm(join(out, name), { recursive: true, force: true });
  }
}

/** Size and SHA-256 of a file, read through one reused buffer (see excel.ts on garbage). */
async function fileFacts(path: string): Promise<FileFacts> {
  const hash = createHash("sha256");
  const buffer = Buffer.allocUnsafe(1 << 20);
  const file = await open(path, "r");
  let bytes = 0;
  try {
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (!bytesRead) break;
      hash.update(buffer.subarray(0, bytesRead));
      bytes += bytesRead;
    }
  } finally {
    await file.close();
  }
  return { bytes, sha256: hash.digest("hex") };
}

/** SHA-256 over "<sha256>  <file>" lines of the CSV tables (Parquet bytes depend on the writer's version). */
function datasetFingerprint(entries: [string, FileFacts][]): string {
  const hash = createHash("sha256");
  for (const [file, facts] of entries) hash.update(`${facts.sha256}  ${file}\n`);
  return hash.digest("hex");
}
