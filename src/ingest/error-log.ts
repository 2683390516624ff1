/**
 * The JSONL error report of an ingest run: one line per file that was not ingested, written as it
 * happens (a killed run keeps what it had found). The file is created (or replaced) on the first entry.
 *
 *   {"time":"…","file":"/abs/path","outcome":"failed","stage":"parse","code":"PDF_NO_TEXT","reason":"…","sha256":"…"}
 *
 * outcome: "failed" (a supported file that could not be ingested) or "unsupported" (a file type the
 * parser does not read). stage: read | synthetic | parse | identify | store. Reparse writes the same
 * format with `reportId` (the stored report kept unchanged) and `file` = its stored bytes.
 */
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export type ErrorStage = "read" | "synthetic" | "parse" | "identify" | "store";

export interface ErrorEntry {
  file: string;
  outcome: "failed" | "unsupported";
  stage?: ErrorStage;
  code?: string;
  reason: string;
  sha256?: string;
  /** reparse: the stored report concerned */
  reportId?: number;
}

export class ErrorLog {
  entries = 0;
  constructor(readonly path: string) {}

  /** `<dataDir>/ingest-errors/<timestamp>.jsonl` */
  static inDataDir(dataDir: string, folder = "ingest-errors", now = new Date()): ErrorLog {
    return new ErrorLog(join(dataDir, folder, `${now.toISOString().replace(/[:.]/g, "-")}.jsonl`));
  }

  write(entry: ErrorEntry): void {
    const line = JSON.stringify({ time: new Date().toISOString(), ...entry }) + "\n";
    if (this.entries === 0) {
      // a file named with --errors may hold an earlier run's report: this run's replaces it
      mkdirSync(dirname(this.path), { recursive: true });
      writeFileSync(this.path, line);
    } else {
      appendFileSync(this.path, line);
    }
    this.entries++;
  }
}
