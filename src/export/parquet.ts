/**
 * Parquet copies of the CSV tables, written by DuckDB: it reads each CSV with the column types of the
 * table spec (no type sniffing) and writes Parquet with typed, nullable columns — INT32 counts,
 * DECIMAL(18,6) amounts, DATE, BOOLEAN, UTF-8 strings. The CSV written a moment before is the single
 * rendering of the data; the Parquet file cannot disagree with it. Same CSV, same Parquet bytes.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { parquetName, type Field, type TableSpec } from "./tables.js";

export function duckdbType(field: Field): string {
  switch (field.type) {
    case "integer":
      return "INTEGER";
    case "decimal":
      return `DECIMAL(${field.precision},${field.scale})`;
    case "date":
      return "DATE";
    case "boolean":
      return "BOOLEAN";
    case "string":
      return "VARCHAR";
  }
}

const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;
const READ_BUFFER = 8 << 20;

/** The read_csv(...) call that reads one of our CSV files with its declared types (also used by tests). */
export function readCsvSql(path: string, table: TableSpec): string {
  const columns = table.fields.map((f) => `${literal(f.name)}: ${literal(duckdbType(f))}`).join(", ");
  // allow_quoted_nulls=false: "" is an empty string, an empty field is NULL (see csv.ts).
  // An 8 MiB read buffer (the default is larger) saves ~80 MB of memory at no cost in speed; a record
  // may be as long as the buffer.
  return (
    `read_csv(${literal(path)}, header = true, auto_detect = false, columns = {${columns}}, delim = ',', ` +
    `quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false, strict_mode = true, dateformat = '%Y-%m-%d', ` +
    `buffer_size = ${READ_BUFFER}, max_line_size = ${READ_BUFFER})`
  );
}

/** Writes `<table>.parquet` next to each table's CSV in `dir`; `onTable` is told as each one starts. */
export async function writeParquet(
  dir: string,
  tables: readonly TableSpec[],
  onTable?: (t: TableSpec) => void,
): Promise<void> {
  // One thread and a memory limit keep the export's footprint bounded (DuckDB spills to temp_directory
  // beyond it): with two threads the long table's conversion took 350 MB more and was no faster on two
  // cores, where Node converts the Excel twins at the same time.
  const instance = await DuckDBInstance.create(":memory:", {
    threads: "1",
    memory_limit: "128MB",
    temp_directory: join(dir, ".duckdb-tmp"),
    preserve_insertion_order: "true",
  });
  const connection = await instance.connect();
  try {
    for (const t of tables) {
      onTable?.(t);
      const target = join(dir, parquetName(t.file));
      // row groups smaller than DuckDB's default (122,880 rows) keep the writer's buffers small,
      // the wide table's (250+ columns) smaller still
      const rowGroup = `, ROW_GROUP_SIZE ${t.fields.length > 50 ? 10_000 : 30_000}`;
      await connection.run(
        `COPY (SELECT * FROM ${readCsvSql(join(dir, t.file), t)}) TO ${literal(target)} ` +
          `(FORMAT parquet, COMPRESSION zstd${rowGroup})`,
      );
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(join(dir, ".duckdb-tmp"), { recursive: true, force: true });
  }
}
