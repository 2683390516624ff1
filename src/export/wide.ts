/**
 * reports.csv's variable columns (and qa_undecidable, qa_unverified), pivoted from each chunk's figures_long records —
 * the very bytes written to figures_long.csv — so the wide table is the long one pivoted, by construction.
 *
 * The records come from Postgres's COPY in a known shape, `report_id,variable,value,raw,status`, in
 * primary-key order (report, then variable name bytewise), where the id, the variable (a codebook name)
 * and the value (canonical decimal text) are never quoted; only `raw` and `status` may be quoted fields.
 * So a record is read with a few native byte searches and compares, without creating a string per
 * figure: this runs on Node's core while Postgres renders the next chunks, and for 100k reports it is
 * 20 million records (in Postgres the pivot cost more than rendering the long records themselves).
 *
 * A value goes into its typed column when it fits: amounts as written (Postgres already rounded them to
 * the column's 6 decimals), counts when they are whole 32-bit numbers. Anything else is a misfit: the
 * column stays empty, the long record keeps the value, and the data card lists it.
 */
import { VARIABLES } from "../codebook/index.js";
import { INT32_MAX, isAmount } from "./tables.js";

/** A stored figure that does not fit its typed column. */
export interface Misfit {
  reportId: number;
  variable: string;
  value: string;
}

export interface ChunkWide {
  /** per report id: "<qa_undecidable>,<qa_unverified>,<variable columns>" — the end of its reports.csv record */
  tails: Map<number, string>;
  misfits: number;
  /** the first misfits of the chunk, in report and variable order */
  misfitList: Misfit[];
}

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const MINUS = 0x2d;
const MISFITS_LISTED = 20;
const UNDECIDABLE = Buffer.from("undecidable");
const UNVERIFIED = Buffer.from("unverified");
/** no canonical value is longer (a sign, 12 digits, a point, 6 decimals) */
const VALUE_MAX = 24;

/** Codebook variables in the order their records arrive (bytewise name order), with their column. */
const BY_NAME = VARIABLES.map((v, column) => ({
  name: v.name,
  bytes: Buffer.from(v.name),
  column,
  amount: isAmount(v),
})).sort((a, b) => Buffer.compare(a.bytes, b.bytes));
const COLUMNS = VARIABLES.length;
/** the end of a record for a report without any figure */
const EMPTY_TAIL = "0,0" + ",".repeat(COLUMNS);

/** figures_long records not in primary-key order (see records-sql.ts figuresCopySql, `presorted`). */
export class RecordOrderError extends Error {
  override name = "RecordOrderError";
}

/** The end of a report's reports.csv record (qa_undecidable, qa_unverified and the variable columns). */
export function wideTail(wide: ChunkWide, id: number): string {
  return wide.tails.get(id) ?? EMPTY_TAIL;
}

/** The pivot of one chunk: `blocks` hold its figures_long records, whole records per block, in order. */
export function pivotChunk(blocks: readonly Buffer[]): ChunkWide {
  const result: ChunkWide = { tails: new Map(), misfits: 0, misfitList: [] };
  // the current report's values: the block and byte range of each column's value (a report's records
  // may continue in the next block), assembled into its tail when the next report starts
  const from: (Buffer | null)[] = new Array(COLUMNS).fill(null);
  const start = new Int32Array(COLUMNS);
  const end = new Int32Array(COLUMNS);
  const tail = Buffer.allocUnsafe(24 + COLUMNS * (VALUE_MAX + 1));
  let id = -1;
  let undecidable = 0;
  let unverified = 0;
  let next = 0; // index into BY_NAME: names only go forward within a report

  const finish = () => {
    if (id < 0) return;
    let used = tail.write(`${undecidable},${unverified}`, 0, "latin1");
    for (let c = 0; c < COLUMNS; c++) {
      tail[used++] = COMMA;
      const b = from[c];
      if (b) {
        used += b.copy(tail, used, start[c], end[c]);
        from[c] = null;
      }
    }
    result.tails.set(id, tail.toString("latin1", 0, used));
  };

  for (const b of blocks) {
    let at = 0;
    while (at < b.length) {
      const c1 = b.indexOf(COMMA, at);
      const c2 = c1 < 0 ? -1 : b.indexOf(COMMA, c1 + 1);
      const c3 = c2 < 0 ? -1 : b.indexOf(COMMA, c2 + 1);
      const afterRaw = c3 < 0 ? -1 : fieldEnd(b, c3 + 1);
      const eol = afterRaw < 0 ? -1 : fieldEnd(b, afterRaw + 1);
      if (eol < 0 || b[afterRaw] !== COMMA || b[eol] !== LF || c3 - c2 - 1 > VALUE_MAX) {
        throw new Error(`figures_long: a record that is not report_id,variable,value,raw,status near byte ${at}`);
      }
      const reportId = digits(b, at, c1);
      if (reportId !== id) {
        if (reportId < id)
          throw new RecordOrderError(`figures_long: report ${reportId} after report ${id}: records out of order`);
        finish();
        id = reportId;
        undecidable = 0;
        unverified = 0;
        next = 0;
      }
      // the variable: walk forward past the codebook names that sort before it (compare > 0) to its own
      let cmp = -1;
      while (
        next < BY_NAME.length &&
        (cmp = b.compare(BY_NAME[next].bytes, 0, BY_NAME[next].bytes.length, c1 + 1, c2)) > 0
      )
        next++;
      if (cmp !== 0) {
        const name = b.toString("latin1", c1 + 1, c2);
        if (BY_NAME.some((v) => v.name === name))
          throw new RecordOrderError(`figures_long: report ${reportId}: "${name}" out of order`);
        throw new Error(`figures_long: "${name}" is not a codebook variable`);
      }
      const v = BY_NAME[next++];
      const status = (word: Buffer) =>
        eol - afterRaw - 1 === word.length && b.compare(word, 0, word.length, afterRaw + 1, eol) === 0;
      if (status(UNDECIDABLE)) undecidable++;
      else if (status(UNVERIFIED)) unverified++;
      if (c3 > c2 + 1) {
        if (v.amount || isInt32(b, c2 + 1, c3)) {
          from[v.column] = b;
          start[v.column] = c2 + 1;
          end[v.column] = c3;
        } else {
          result.misfits++;
          if (result.misfitList.length < MISFITS_LISTED)
            result.misfitList.push({ reportId, variable: v.name, value: b.toString("latin1", c2 + 1, c3) });
        }
      }
      at = eol + 1;
    }
  }
  finish();
  return result;
}

/** A non-negative decimal number written in b[from, to). */
function digits(b: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (b[i] - 48);
  return n;
}

/** Whether b[from, to) is a whole number within 32 bits: an optional minus and 1–10 digits only. */
function isInt32(b: Buffer, from: number, to: number): boolean {
  const first = b[from] === MINUS ? from + 1 : from;
  if (to - first < 1 || to - first > 10) return false;
  let n = 0;
  for (let i = first; i < to; i++) {
    const d = b[i] - 48;
    if (d < 0 || d > 9) return false;
    n = n * 10 + d;
  }
  return n <= INT32_MAX;
}

/**
 * Where the CSV field starting at `start` ends: the index of the comma or LF after it. A quoted field
 * runs to its closing quote (a doubled quote is data); a plain one to the next comma or LF.
 */
function fieldEnd(b: Buffer, start: number): number {
  if (b[start] === QUOTE) {
    let q = start + 1;
    for (;;) {
      q = b.indexOf(QUOTE, q);
      if (q < 0) return -1;
      if (b[q + 1] === QUOTE) {
        q += 2;
        continue;
      }
      return q + 1;
    }
  }
  for (let i = start; i < b.length; i++) if (b[i] === COMMA || b[i] === LF) return i;
  return -1;
}
