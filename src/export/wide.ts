/**
 * reports.csv's variable columns (and qa_undecidable), pivoted from each chunk's figures_long records —
 * the very bytes written to figures_long.csv — so the wide table is the long one pivoted, by construction.
 *
 * The records come from Postgres's COPY in a known shape, `report_id,variable,value,raw,status`, where
 * the id, the variable (a codebook name) and the value (canonical decimal text) are never quoted: a
 * record is read with a few native byte searches; only `raw` and `status` may be quoted fields. The
 * pivot runs on Node's own core while Postgres renders the next chunks (in Postgres it cost more than
 * rendering the long records themselves).
 *
 * A value goes into its typed column when it fits: amounts as written (Postgres already rounded them to
 * the column's 6 decimals), counts when they are whole 32-bit numbers. Anything else is a misfit: the
 * column stays empty, the long record keeps the value, and the data card lists it.
 */
import { VARIABLES } from "../codebook/index.js";
import type { Misfit } from "../services/export-query.js";
import { INT32_MAX, isAmount } from "./tables.js";

export interface ChunkWide {
  /** per report id: "<qa_undecidable>,<variable columns>" — the end of its reports.csv record */
  tails: Map<number, string>;
  misfits: number;
  /** the first misfits of the chunk, in report and variable order */
  misfitList: Misfit[];
}

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const MISFITS_LISTED = 20;
const INTEGER = /^-?\d{1,10}$/;

const COLUMN = new Map(VARIABLES.map((v, i) => [v.name, { index: i, amount: isAmount(v) }]));
/** the end of a record for a report without any figure */
const EMPTY_TAIL = "0" + ",".repeat(VARIABLES.length);

/** The end of a report's reports.csv record (qa_undecidable and the variable columns). */
export function wideTail(wide: ChunkWide, id: number): string {
  return wide.tails.get(id) ?? EMPTY_TAIL;
}

/** The pivot of one chunk: `blocks` hold its figures_long records, whole records per block, in report order. */
export function pivotChunk(blocks: readonly Buffer[]): ChunkWide {
  const result: ChunkWide = { tails: new Map(), misfits: 0, misfitList: [] };
  let id = -1;
  let columns: string[] = [];
  let undecidable = 0;
  const finish = () => {
    if (id >= 0) result.tails.set(id, `${undecidable},${columns.join(",")}`);
  };
  for (const b of blocks) {
    let at = 0;
    while (at < b.length) {
      const c1 = b.indexOf(COMMA, at);
      const c2 = c1 < 0 ? -1 : b.indexOf(COMMA, c1 + 1);
      const c3 = c2 < 0 ? -1 : b.indexOf(COMMA, c2 + 1);
      const afterRaw = c3 < 0 ? -1 : fieldEnd(b, c3 + 1);
      const eol = afterRaw < 0 ? -1 : fieldEnd(b, afterRaw + 1);
      if (eol < 0 || b[afterRaw] !== COMMA || b[eol] !== LF) {
        throw new Error(`figures_long: a record that is not report_id,variable,value,raw,status near byte ${at}`);
      }
      const reportId = Number(b.toString("latin1", at, c1));
      if (reportId !== id) {
        finish();
        id = reportId;
        columns = new Array<string>(VARIABLES.length).fill("");
        undecidable = 0;
      }
      const variable = b.toString("latin1", c1 + 1, c2);
      const value = b.toString("latin1", c2 + 1, c3);
      const column = COLUMN.get(variable);
      if (!column) throw new Error(`figures_long: "${variable}" is not a codebook variable`);
      if (eol - afterRaw === 12 && b.toString("latin1", afterRaw + 1, eol) === "undecidable") undecidable++;
      if (value) {
        if (column.amount || (INTEGER.test(value) && Math.abs(Number(value)) <= INT32_MAX)) columns[column.index] = value;
        else {
          result.misfits++;
          if (result.misfitList.length < MISFITS_LISTED) result.misfitList.push({ reportId, variable, value });
        }
      }
      at = eol + 1;
    }
  }
  finish();
  return result;
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
      if (b[q + 1] === QUOTE) { q += 2; continue; }
      return q + 1;
    }
  }
  for (let i = start; i < b.length; i++) if (b[i] === COMMA || b[i] === LF) return i;
  return -1;
}
