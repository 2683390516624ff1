/**
 * CSV writing (RFC 4180): UTF-8, comma, `"` quoting with doubled quotes, LF line ends. A field is quoted
 * only when it has to be (it holds `"`, `,`, CR or LF), so the same data always gives the same bytes.
 * NULL is an empty field; an empty string is `""`, so readers that care (DuckDB, pandas) can tell them
 * apart. csv-sql.ts renders the same rules in SQL (they are also Postgres COPY's), so every record —
 * written here or rendered by Postgres — follows one convention.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";

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

/** A CSV file being written: the header, then records appended batch by batch, with backpressure. */
export class CsvFile {
  rows = 0;
  private readonly stream: WriteStream;
  /** a write error (disk full …), thrown by the next write or close */
  private failure: Error | null = null;

  constructor(
    dir: string,
    readonly file: string,
    header: readonly string[],
  ) {
    this.stream = createWriteStream(join(dir, file));
    this.stream.on("error", (e) => {
      this.failure ??= e;
    });
    this.stream.write(csvLine(header) + "\n");
  }

  /**
   * Appends `rows` records given as texts without a final line end — one record each, or several joined
   * by LF (a report's records as Postgres rendered them).
   */
  async writeRecords(texts: readonly string[], rows: number): Promise<void> {
    this.check();
    if (!texts.length) return;
    this.rows += rows;
    if (!this.stream.write(texts.join("\n") + "\n")) await once(this.stream, "drain");
  }

  /** Appends COPY output: blocks of whole LF-terminated records, `rows` of them in all. */
  async writeBlocks(blocks: readonly Buffer[], rows: number): Promise<void> {
    this.check();
    this.rows += rows;
    for (const b of blocks) if (!this.stream.write(b)) await once(this.stream, "drain");
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      if (this.stream.destroyed) return resolve();
      this.stream.once("error", reject);
      this.stream.once("close", () => resolve());
      this.stream.end();
    });
    this.check();
  }

  /** Closes without waiting for the rest of the data (after an error). */
  destroy(): void {
    this.stream.destroy();
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}
