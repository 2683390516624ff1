/**
 * CSV writing (RFC 4180): UTF-8, comma, `"` quoting with doubled quotes, LF line ends. A field is quoted
 * only when it has to be, so the same data always gives the same bytes. NULL is an empty field; an
 * empty string is `""`, so readers that care (DuckDB, pandas) can tell them apart.
 *
 * The Excel-friendly twin (`--excel`) has the same rows with a UTF-8 byte order mark and CRLF line ends
 * — Excel otherwise reads UTF-8 as the local code page. Line breaks inside quoted fields stay as they are.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { excelName } from "./tables.js";

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string | null): string {
  if (value === null) return "";
  if (value === "") return '""';
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One record without its line end. */
export function csvLine(values: readonly (string | null)[]): string {
  let line = csvField(values[0] ?? null);
  for (let i = 1; i < values.length; i++) line += "," + csvField(values[i]);
  return line;
}

export const BOM = "\uFEFF";

/** A CSV file being written (and its Excel twin when asked), fed whole batches of records. */
export class CsvFile {
  rows = 0;
  private readonly plain: WriteStream;
  private readonly excel: WriteStream | null;
  /** a write error (disk full …), thrown by the next write or close */
  private failure: Error | null = null;

  constructor(dir: string, readonly file: string, header: readonly string[], withExcel: boolean) {
    this.plain = createWriteStream(join(dir, file));
    this.excel = withExcel ? createWriteStream(join(dir, excelName(file))) : null;
    for (const s of this.streams()) s.on("error", (e) => { this.failure ??= e; });
    const head = csvLine(header);
    this.plain.write(head + "\n");
    this.excel?.write(BOM + head + "\r\n");
  }

  /** Appends records (lines without line ends); resolves when the streams can take more. */
  async write(lines: readonly string[]): Promise<void> {
    if (this.failure) throw this.failure;
    if (!lines.length) return;
    this.rows += lines.length;
    const waits: Promise<unknown>[] = [];
    if (!this.plain.write(lines.join("\n") + "\n")) waits.push(once(this.plain, "drain"));
    if (this.excel && !this.excel.write(lines.join("\r\n") + "\r\n")) waits.push(once(this.excel, "drain"));
    await Promise.all(waits);
  }

  async close(): Promise<void> {
    await Promise.all(this.streams().map(closeStream));
    if (this.failure) throw this.failure;
  }

  /** Closes without waiting for the rest of the data (after an error). */
  destroy(): void {
    for (const s of this.streams()) s.destroy();
  }

  private streams(): WriteStream[] {
    return this.excel ? [this.plain, this.excel] : [this.plain];
  }
}

function closeStream(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.destroyed) return resolve();
    stream.once("error", reject);
    stream.once("close", () => resolve());
    stream.end();
  });
}
