/**
 * A parse worker thread (see parse-pool.ts): receives { id, bytes, filename }, answers
 * { id, prepared } or { id, error }. Parsing and jieba segmentation are CPU-bound, hence threads.
 */
import { parentPort } from "node:worker_threads";
import { indexTokens } from "../search/segment.js";
import { prepareReport } from "./prepare.js";

export interface ParseRequest { id: number; bytes: Uint8Array; filename: string }

const port = parentPort;
if (!port) throw new Error("parse-worker.ts runs as a worker thread");

// load the jieba dictionaries now (~2 s), while the main thread is still discovering files
indexTokens("政府信息公开");
port.postMessage({ ready: true });

port.on("message", async ({ id, bytes, filename }: ParseRequest) => {
  try {
    port.postMessage({ id, prepared: await prepareReport(bytes, filename) });
  } catch (e) {
    port.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
