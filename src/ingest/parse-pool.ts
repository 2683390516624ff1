/**
 * A pool of parse worker threads (parse-worker.ts), one task at a time per worker. A worker that
 * crashes or overruns the time limit is replaced and only its file fails: one bad file never stops a
 * batch. Workers inherit the process's loader flags (scripts/ts-loader.mjs when running from TypeScript).
 */
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import type { PreparedReport } from "./prepare.js";

export interface ParsePoolOptions {
  /** worker threads (default: one per core) */
  size?: number;
  /** a file taking longer than this fails and its worker is replaced (default 120 s); a scan read by OCR
   *  gets this much again after each page it finishes */
  timeoutMs?: number;
}

/** Where to keep a report's bytes once it parses: a pack of the worker's own under this data dir (blobs.ts). */
export interface KeepBlob {
  dataDir: string;
}

export interface ParseOutcome {
  prepared: PreparedReport;
  /** the kept bytes' path (relative to the data dir): asked to keep them, and the report is readable and identified */
  storagePath?: string;
  /** why they could not be kept */
  keepError?: string;
}

/** A page of a scan read by OCR in a worker. */
export interface OcrPage {
  filename: string;
  page: number;
  pages: number;
}

interface Task {
  id: number;
  bytes: Uint8Array;
  filename: string;
  keep?: KeepBlob;
  onOcrPage?: (p: OcrPage) => void;
  resolve(p: ParseOutcome): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  timer: NodeJS.Timeout | null;
  started: boolean;
}

const WORKER_URL = new URL(`./parse-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
/** workers that die before they have started, in a row, before the pool gives up */
const MAX_START_FAILURES = 3;

export class ParsePool {
  readonly size: number;
  private readonly timeoutMs: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private startFailures = 0;
  private broken: Error | null = null;
  private closed = false;

  constructor(opts: ParsePoolOptions = {}) {
    this.size = Math.max(1, opts.size ?? availableParallelism());
    this.timeoutMs = opts.timeoutMs ?? 120_000;
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
  }

  async parse(bytes: Uint8Array, filename: string): Promise<PreparedReport> {
    return (await this.parseAndKeep(bytes, filename)).prepared;
  }

  /** parse(), and with `keep` the bytes of a readable, identified report are kept by the worker too. */
  parseAndKeep(
    bytes: Uint8Array,
    filename: string,
    keep?: KeepBlob,
    onOcrPage?: (p: OcrPage) => void,
  ): Promise<ParseOutcome> {
    if (this.closed) return Promise.reject(new Error("the parse pool is closed"));
    if (this.broken) return Promise.reject(this.broken);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, bytes, filename, keep, onOcrPage, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new Error("the parse pool is closed"));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(WORKER_URL), task: null, timer: null, started: false };
    slot.worker.on(
      "message",
      (msg: {
        ready?: true;
        id?: number;
        ocrPage?: { page: number; pages: number };
        prepared?: PreparedReport;
        storagePath?: string;
        keepError?: string;
        error?: string;
      }) => {
        if (msg.ready) {
          slot.started = true;
          this.startFailures = 0;
          return;
        }
        const task = slot.task;
        if (!task || task.id !== msg.id) return;
        if (msg.ocrPage) {
          this.arm(slot);
          task.onOcrPage?.({ filename: task.filename, ...msg.ocrPage });
          return;
        }
        this.finish(slot);
        if (msg.error !== undefined) task.reject(new Error(`the parser failed: ${msg.error}`));
        else task.resolve({ prepared: msg.prepared!, storagePath: msg.storagePath, keepError: msg.keepError });
        this.dispatch();
      },
    );
    slot.worker.on("error", (e) => this.lost(slot, `the parser worker crashed: ${e.message}`));
    slot.worker.on("exit", (code) => this.lost(slot, `the parser worker exited (code ${code})`));
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.task || !this.queue.length) continue;
      const task = this.queue.shift()!;
      slot.task = task;
      this.arm(slot);
      slot.worker.postMessage({ id: task.id, bytes: task.bytes, filename: task.filename, keep: task.keep });
    }
  }

  /** (Re)start the slot's time limit. */
  private arm(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      this.lost(
        slot,
        `parsing took longer than ${Math.round(this.timeoutMs / 1000)} s${slot.task?.onOcrPage ? " (for one page of OCR)" : ""}`,
      );
    }, this.timeoutMs);
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
  }

  /** A worker died or overran: fail its file, replace the worker (unless closing or it never started). */
  private lost(slot: Slot, reason: string): void {
    const i = this.slots.indexOf(slot);
    if (i < 0 || this.closed) return;
    const task = slot.task;
    this.finish(slot);
    this.slots.splice(i, 1);
    slot.worker.removeAllListeners("exit");
    slot.worker.on("error", () => undefined);
    void slot.worker.terminate();
    task?.reject(new Error(reason));
    if (!slot.started && ++this.startFailures >= MAX_START_FAILURES) {
      this.broken = new Error(`parse workers cannot start: ${reason}`);
      for (const t of this.queue.splice(0)) t.reject(this.broken);
      return;
    }
    this.slots.push(this.spawn());
    this.dispatch();
  }
}
