/**
 * A parse worker thread (see parse-pool.ts): receives { id, bytes, filename, keep? }, answers
 * { id, prepared, storagePath?, keepError? } or { id, error }. Parsing and normalising (opencc) are
 * CPU-bound, hence threads. With `keep`, a report that is readable and identified has its bytes appended
 * to this thread's pack (blobs.ts): a few system calls on a thread that is busy anyway — on the main
 * thread, file writes stalled the whole pipeline whenever the file system's journal was busy with the
 * database's writes (synchronous calls) or cost a trip through libuv's pool each (asynchronous ones).
 */
import { parentPort } from "node:worker_threads";
import { fatalOf } from "../parser/index.js";
import { normalizeText } from "../text/segment.js";
import { PackWriter } from "./blobs.js";
import type { KeepBlob } from "./parse-pool.js";
import { prepareReport } from "./prepare.js";
import { identityProblem } from "./report-status.js";

export interface ParseRequest {
  id: number;
  bytes: Uint8Array;
  filename: string;
  keep?: KeepBlob;
}

const port = parentPort;
const packs = new Map<string, PackWriter>();
if (!port) throw new Error("parse-worker.ts runs as a worker thread");

// build the opencc converter now, while the main thread is still discovering files
normalizeText("政府信息公开");
port.postMessage({ ready: true });

port.on("message", async ({ id, bytes, filename, keep }: ParseRequest) => {
  try {
    // a scan is read page by page by OCR (seconds a page): the pool hears of each page (progress, time limit)
    const prepared = await prepareReport(bytes, filename, (p) => port.postMessage({ id, ocrPage: p }));
    let storagePath: string | undefined, keepError: string | undefined;
    if (keep && !fatalOf(prepared.parsed) && !identityProblem(prepared.parsed)) {
      try {
        let pack = packs.get(keep.dataDir);
        if (!pack) packs.set(keep.dataDir, (pack = new PackWriter(keep.dataDir)));
        storagePath = pack.put(bytes);
      } catch (e) {
        keepError = e instanceof Error ? e.message : String(e);
      }
    }
    port.postMessage({ id, prepared, storagePath, keepError });
  } catch (e) {
    port.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
