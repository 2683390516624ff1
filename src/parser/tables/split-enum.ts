/**
 * Enumerating the ways a run of run-together digits can be cut into cells (REPORT_FORMAT §5).
 *
 * A row's figures arrive as one or more runs: `801000081`, or `230 000023` where a space survived at
 * some cell boundaries. Boundaries between runs (and whitespace inside a run) are known cell boundaries;
 * inside a run every position is a possible boundary. A cell is a number as printed: no leading zeros
 * (`0` is a cell, `05` is not), an optional `+` (or `-` where negatives are allowed), optionally a
 * decimal part or thousands separators, or a lone blank mark (`-`, `/`, `—`, or a run of dashes `——`) meaning zero.
 *
 * Nothing here guesses: these functions list every split (or say they stopped early).
 */

export interface CellRule {
  /** `-` directly before digits is a minus sign (table 2 本年增/减); otherwise a lone `-` is a blank cell */
  negative?: boolean;
  /** a `.` inside the cell is a decimal point (amounts) */
  decimals?: boolean;
}

export interface SplitOptions extends CellRule {
  /**
   * Cells come in consecutive groups of this many whose last cell is the sum of the others
   * (a table 3 row: 7; table 4: 5, three groups). `parts` must be a multiple of it.
   */
  sumGroups?: number;
  /** per-cell rules (index = cell index); overrides `negative`/`decimals` for that cell */
  cells?: readonly (CellRule | undefined)[];
  /** stop after this many splits (the result is then `truncated`) — default 10 000 */
  maxSplits?: number;
  /** stop after this many cell readings (the result is then `truncated`) — default 200 000 */
  maxSteps?: number;
}

export interface SplitEnumeration {
  splits: number[][];
  /** true when a cap was hit: `splits` is then NOT the complete list */
  truncated: boolean;
  steps: number;
}

/** Longest integer part a cell may have: beyond this a JS number loses integer precision, and no report prints it. */
export const MAX_INT_DIGITS = 15;
const MAX_CELL_CHARS = 40;
const EPS = 1e-9;
const BLANK_MARKS = new Set(["-", "/", "—", "–", "无"]);

/** Full-width digits and signs to ASCII; everything else kept. */
export function normaliseRun(run: string): string {
  return run.replace(/[\uFF10-\uFF19\uFF0B\uFF0D\uFF0E\uFF0C]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** The runs as segments between known cell boundaries (run ends and whitespace). */
export function runSegments(runs: string | readonly string[]): string[] {
  const list = typeof runs === "string" ? [runs] : runs;
  const out: string[] = [];
  for (const r of list) for (const s of normaliseRun(r).split(/[\s\u00a0\u3000]+/)) if (s) out.push(s);
  return out;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const CELL_RE = /^([+-]?)(0|[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+)(?:\.(\d+))?$/;

/** The value of s[p, q) read as one cell, or null when it is not a well-formed cell. */
export function parseCell(s: string, p: number, q: number, rule: CellRule = {}): number | null {
  const len = q - p;
  if (len <= 0) return null;
  const c0 = s[p];
  if (len === 1) {
    if (isDigit(c0)) return c0.charCodeAt(0) - 48;
    return BLANK_MARKS.has(c0) ? 0 : null;
  }
  // `——` (any run of dashes) is printed for one blank cell as well
  if (/^[—–─]+$/.test(s.slice(p, q))) return 0;
  // fast path: plain digits
  if (c0 !== "0" && isDigit(c0)) {
    let v = 0;
    let i = p;
    for (; i < q; i++) {
      const c = s[i];
      if (!isDigit(c)) break;
      v = v * 10 + (c.charCodeAt(0) - 48);
    }
    if (i === q) return len > MAX_INT_DIGITS ? null : v;
  }
  const m = CELL_RE.exec(s.slice(p, q));
  if (!m) return null;
  const [, sign, int, frac] = m;
  if (sign === "-" && !rule.negative) return null;
  if (frac !== undefined && !rule.decimals) return null;
  const digits = int.replace(/,/g, "");
  if (digits.length > MAX_INT_DIGITS) return null;
  const v = Number(frac === undefined ? digits : `${digits}.${frac}`);
  return sign === "-" ? -v : v;
}

/**
 * Every way to cut the runs into `parts` cells. With `sumGroups`, only the splits whose groups add up.
 * The search is capped (`maxSplits`, `maxSteps`): check `truncated`.
 */
export function enumerateSplits(
  runs: string | readonly string[],
  parts: number,
  opts: SplitOptions = {},
): SplitEnumeration {
  const segs = runSegments(runs);
  const maxSplits = opts.maxSplits ?? 10_000;
  const maxSteps = opts.maxSteps ?? 200_000;
  const g = opts.sumGroups ?? 0;
  const res: SplitEnumeration = { splits: [], truncated: false, steps: 0 };
  if (parts <= 0 || segs.length === 0 || segs.length > parts) return res;
  if (g && (g < 2 || parts % g !== 0)) throw new Error(`enumerateSplits: ${parts} parts do not fall in groups of ${g}`);

  // flatten: s is the concatenation, segEnd[p] the end of p's segment, segNo[p] its index
  const s = segs.join("");
  const N = s.length;
  if (N < parts) return res;
  const segEnd = new Int32Array(N);
  const segNo = new Int32Array(N);
  {
    let p = 0;
    segs.forEach((seg, k) => {
      for (let i = 0; i < seg.length; i++) {
        segEnd[p + i] = p + seg.length;
        segNo[p + i] = k;
      }
      p += seg.length;
    });
  }
  const rules: CellRule[] = [];
  for (let i = 0; i < parts; i++)
    rules.push({ negative: opts.negative, decimals: opts.decimals, ...(opts.cells?.[i] ?? {}) });
  // with sum groups the pruning below assumes no negative cells
  const nonneg = rules.every((r) => !r.negative);

  const vals: number[] = new Array(parts).fill(0);
  let stop = false;
  // final-group mode: cells up to index parts-2 must end exactly at `end` and add up to `target`
  let end = N;
  let target: number | null = null;
  let targetLen = 0;

  // digitRunEnd[p]: end of the pure-digit stretch starting at p (for the fast path of `read`)
  const digitRunEnd = new Int32Array(N + 1);
  digitRunEnd[N] = N;
  for (let p = N - 1; p >= 0; p--)
    digitRunEnd[p] = isDigit(s[p])
      ? p + 1 < N && isDigit(s[p + 1]) && segNo[p + 1] === segNo[p]
        ? digitRunEnd[p + 1]
        : p + 1
      : p;
  const pureDigits = /^\d*$/.test(s);
  const read = (p: number, q: number, i: number): number | null => {
    if (++res.steps > maxSteps) {
      res.truncated = true;
      stop = true;
      return null;
    }
    if (q <= digitRunEnd[p] && q - p <= MAX_INT_DIGITS && (s[p] !== "0" || q === p + 1)) {
      let v = 0;
      for (let k = p; k < q; k++) v = v * 10 + (s.charCodeAt(k) - 48);
      return v;
    }
    return parseCell(s, p, q, rules[i]);
  };
  // group starts from which no completion exists (memo; sound because the state there is just (i, p))
  const dead = new Set<number>();
  const emit = () => {
    res.splits.push(vals.slice());
    if (res.splits.length >= maxSplits) {
      res.truncated = true;
      stop = true;
    }
  };
  /** cells i.. from position p; gsum = sum of the current group so far */
  const rec = (i: number, p: number, gsum: number): void => {
    if (stop) return;
    const last = target === null ? parts : parts - 1; // number of cells to place before `end`
    if (i === last) {
      if (p !== end) return;
      if (target !== null) {
        if (Math.abs(gsum - target) > EPS) return;
        vals[parts - 1] = target;
      }
      emit();
      return;
    }
    if (p >= end) return;
    const cellsLeft = last - i;
    if (end - p < cellsLeft) return;
    if (segNo[end - 1] - segNo[p] + 1 > cellsLeft) return;
    // filling up to a known total: no cell is longer than the total (digits only, no leading zeros)
    if (target !== null && pureDigits && nonneg) {
      const R = end - p;
      if (R > cellsLeft * targetLen) return;
      // the longest remaining cell has at least ceil(R / cellsLeft) digits, so it is at least 10^(that - 1)
      const longest = Math.ceil(R / cellsLeft);
      if (longest > 1 && gsum + 10 ** (longest - 1) > target + EPS) return;
      // and no remaining cell is longer than R - cellsLeft + 1 digits
      if (gsum + cellsLeft * (10 ** Math.min(R - cellsLeft + 1, targetLen) - 1) < target - EPS) return;
    }
    if (g && target === null && i % g === 0) {
      const key = i * (N + 1) + p;
      if (dead.has(key)) return;
      const before = res.splits.length;
      groupStart(i, p);
      if (!stop && res.splits.length === before) dead.add(key);
      return;
    }
    cells(i, p, gsum);
  };
  const groupStart = (i: number, p: number): void => {
    if (i + g === parts) {
      // the last group: its total is a suffix of the whole; fix it first, then fill the group up to it
      for (let L = 1; L <= Math.min(MAX_CELL_CHARS, N - p - 1) && !stop; L++) {
        const q0 = N - L;
        if (segNo[q0] !== segNo[N - 1]) break;
        const t = read(q0, N, parts - 1);
        if (t === null) continue;
        end = q0;
        target = t;
        targetLen = L;
        rec(i, p, 0);
        end = N;
        target = null;
      }
      return;
    }
    cells(i, p, 0);
  };
  const cells = (i: number, p: number, gsum: number): void => {
    const qMax = Math.min(segEnd[p], end, p + MAX_CELL_CHARS);
    if (g && target === null) {
      const pos = i % g;
      if (pos === g - 1) {
        // a group total: its value is known, only its extent is searched
        for (let q = p + 1; q <= qMax && !stop; q++) {
          const v = read(p, q, i);
          if (v === null) {
            if (isDigit(s[p]) && s[p] === "0" && isDigit(s[p + 1])) break;
            continue;
          }
          if (Math.abs(v - gsum) <= EPS) {
            vals[i] = v;
            rec(i + 1, q, 0);
          } else if (nonneg && v > gsum && isDigit(s[q - 1])) break;
        }
        return;
      }
    }
    for (let q = p + 1; q <= qMax && !stop; q++) {
      const v = read(p, q, i);
      if (v === null) {
        if (s[p] === "0" && isDigit(s[p + 1])) break;
        continue;
      }
      if (target !== null && nonneg && gsum + v > target + EPS) break;
      vals[i] = v;
      rec(i + 1, q, gsum + v);
    }
  };
  rec(0, 0, 0);
  return res;
}

/**
 * All ways to cut a run (or several runs, whose boundaries are cell boundaries) into `parts` cells.
 * Capped like {@link enumerateSplits}; use that when you need to know whether the list is complete.
 */
export function splitRun(run: string | readonly string[], parts: number, opts: SplitOptions = {}): number[][] {
  return enumerateSplits(run, parts, opts).splits;
}
