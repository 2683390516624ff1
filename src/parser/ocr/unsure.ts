/**
 * Unsure OCR digits are flagged, never guessed. After the tables are read from recognised text, every
 * figure whose digits the recogniser was not sure of — and every figure in a broken rule, and every
 * empty cell (the detector may have missed a lone digit) — gets the readings its digit alternatives
 * allow. The tables' rules (src/validate/consistency.ts) then decide:
 * - exactly one combination satisfies the rules → the figure is `derived` (raw OCR text kept);
 * - several or none → `undecidable`, value null, with the candidate values.
 * Figures read with sure digits in rules that hold stay `ok`; in a rule that no reading mends (the table
 * inconsistent as printed) they keep their value as `unverified`.
 */
import type { FormatVersion } from "../../codebook/index.js";
import { rulesFor, type Rule } from "../../codebook/rules.js";
import { lineAt, type Doc } from "../doc.js";
import { diag, type Diagnostic } from "../diagnostics.js";
import type { Sheet } from "../tables/sheet.js";
import type { Extraction, OcrDigits } from "../types.js";

/**
 * A digit is unsure when another digit gets at least RIVAL of the recogniser's weight (look-alikes
 * counted in: o for 0, l for 1 …), or the digit itself less than WEAK (the weight went to a speck or a
 * letter that is no digit).
 */
export const RIVAL = 0.02;
const WEAK = 0.5;
/** Runner-up digits below this weight are not considered as readings. */
const ALT_MIN = 0.01;
/** At most this many readings of one figure; at most this many combinations tried per group of cells. */
const MAX_READINGS = 64;
const MAX_COMBINATIONS = 200_000;

/** The variables of a rule, and those on its left (coefficient +1) and right (−1: the totals) side. */
const varsOf = (r: Rule) => r.terms.map((t) => t.variable);
const lhsOf = (r: Rule) => r.terms.filter((t) => t.coef === 1).map((t) => t.variable);
const rhsOf = (r: Rule) => r.terms.filter((t) => t.coef === -1).map((t) => t.variable);

/** Both sides of a rule, or null when a cell is missing (the rule cannot be checked). */
function ruleSides(rule: Rule, values: Record<string, number | null | undefined>): [number, number] | null {
  let l = 0,
    r = 0;
  for (const t of rule.terms) {
    const v = values[t.variable];
    if (v === null || v === undefined) return null;
    if (t.coef === 1) l += v;
    else r += v;
  }
  return [l, r];
}

/** The figure's readings, most likely first: the product of its digit positions' alternatives. */
export function readings(digits: OcrDigits, minP: number): { text: string; p: number }[] {
  let out = [{ text: "", p: 1 }];
  for (const pos of digits) {
    if (pos === null) {
      out = out.map((r) => ({ ...r, text: r.text + "." }));
      continue;
    }
    const alts = pos.filter((a, i) => i === 0 || a.p >= minP);
    out = out.flatMap((r) => alts.map((a) => ({ text: r.text + a.digit, p: r.p * a.p })));
    out.sort((a, b) => b.p - a.p);
    out = out.slice(0, MAX_READINGS);
  }
  return out;
}

const sure = (digits: OcrDigits) =>
  digits.every((d) => d === null || ((d[0]?.p ?? 0) >= WEAK && (d[1]?.p ?? 0) < RIVAL));

/** Value of a reading as the cell's figure would be read ("." was any separator; only decimals matter). */
function readingValue(text: string, printed: string): number | null {
  // the separators are as printed; only digits change between readings
  let i = 0;
  const s = printed.replace(/[0-9]/g, () => text.replace(/\./g, "")[i++] ?? "");
  const v = Number(s.replace(/,/g, ""));
  return Number.isFinite(v) ? v : null;
}

/** Doc line → index of the extraction row it came from (buildDoc skips empty rows). */
function rowOfLine(ex: Extraction): number[] {
  const out: number[] = [];
  ex.rows.forEach((row, i) => {
    const cells = row.cells.map((c) => c.replace(/[\t\n\r]+/g, " "));
    if ((row.table ? cells.join("\t") : cells.join(" ")).trim()) out.push(i);
  });
  return out;
}

/** "row:cell" of the extraction row cell holding doc offset `pos`. */
function cellKeyAt(doc: Doc, rows: number[], pos: number): string | null {
  const li = lineAt(doc, pos);
  const line = doc.lines[li];
  if (!line || pos < line.start || pos > line.end) return null;
  let off = pos - line.start;
  for (let c = 0; c < line.cells.length; c++) {
    const len = line.cells[c]!.length;
    if (off <= len) return `${rows[li]}:${c}`;
    off -= len + 1;
  }
  return null;
}

/** undefined candidates: any value (an empty cell); else the values the reading allows. */
export interface Unsure {
  variable: string;
  raw: string;
  candidates: number[] | undefined;
  top: number | null;
  /** read with sure digits, in a rule that is broken as printed */
  sure?: boolean;
  /** an empty cell on a page where every mark of ink was read (zeroEmpty) */
  empty?: boolean;
}

/**
 * Settle the unsure OCR figures of a read sheet (in place). Returns the diagnostics to add.
 */
export function settleOcrDigits(ex: Extraction, doc: Doc, sheet: Sheet, format: FormatVersion): Diagnostic[] {
  if (!ex.ocr) return [];
  const rules: Rule[] = rulesFor(format);
  const rows = rowOfLine(ex);
  const unsure = new Map<string, Unsure>();
  const wide = new Map<string, number[]>();
  for (const [variable, cell] of Object.entries(sheet.cells)) {
    if (cell.status !== "ok" && cell.status !== "blank") continue;
    const value = sheet.values[variable];
    const raw = cell.raw ?? "";
    const at = sheet.at[variable];
    if (cell.status === "blank") {
      // a cell that printed nothing (the detector may have missed a faint lone digit) or a mark read as
      // a dash or slash (a 7 or a 1 can look like one): only the rules can vouch for its 0 (an empty
      // cell on a page where every mark of ink was read is marked: see zeroEmpty)
      const key = at === undefined ? null : cellKeyAt(doc, rows, at);
      const page = key ? ex.rows[Number(key.split(":")[0])]?.page : undefined;
      const empty = raw.trim() === "" && page !== undefined && !!ex.ocr.inkRead?.includes(page);
      unsure.set(variable, { variable, raw, candidates: undefined, top: 0, empty });
      continue;
    }
    const key = at === undefined ? null : cellKeyAt(doc, rows, at);
    const digits = key ? ex.ocr.digits[key] : undefined;
    if (!digits || digits.filter((d) => d !== null).length !== raw.replace(/[^0-9]/g, "").length) {
      // not traced to what the recogniser saw: only the rules can vouch for it
      unsure.set(variable, {
        variable,
        raw,
        candidates: value === null || value === undefined ? [] : [value],
        top: value ?? null,
      });
      continue;
    }
    const cands = readings(digits, ALT_MIN)
      .map((r) => readingValue(r.text, raw))
      .filter((v): v is number => v !== null);
    wide.set(variable, [...new Set(cands)]);
    if (!sure(digits)) {
      unsure.set(variable, { variable, raw, candidates: [...new Set(cands)], top: value ?? null });
    }
  }
  // figures in a rule that is broken as read are not vouched for either
  for (const rule of rules) {
    const s = ruleSides(rule, sheet.values);
    if (!s || Math.abs(s[0] - s[1]) < 1e-9) continue;
    for (const v of varsOf(rule)) {
      if (!unsure.has(v) && wide.has(v))
        unsure.set(v, {
          variable: v,
          raw: sheet.cells[v]?.raw ?? "",
          candidates: wide.get(v)!,
          top: sheet.values[v] ?? null,
          sure: true,
        });
    }
  }
  // a figure of tables 3 and 4 is vouched for by a rule that holds; when every rule it is in has a
  // missing cell (a table misread around it), sure digits alone do not say it sits in the right cell
  const inRule = new Map<string, Rule[]>();
  for (const rule of rules) for (const v of varsOf(rule)) inRule.set(v, [...(inRule.get(v) ?? []), rule]);
  // a table 3 read with cells missing may have rows in the wrong place: a row sum cannot tell, the
  // column rules (balance, outcome sum) can, so only they vouch there
  const t3 = Object.keys(sheet.cells).filter((v) => v.startsWith("t3_"));
  const t3Gappy = t3.filter((v) => sheet.cells[v]!.status === "missing").length > 0.05 * t3.length;
  for (const [variable, cell] of Object.entries(sheet.cells)) {
    // (the reader's own derived cells — a blank 总计, split digits — rest on the same OCR text)
    if ((cell.status !== "ok" && cell.status !== "derived") || unsure.has(variable) || !inRule.has(variable)) continue;
    const holds = inRule.get(variable)!.some((r) => {
      if (t3Gappy && r.code === "T3_ROW_SUM") return false;
      const s = ruleSides(r, sheet.values);
      return !!s && Math.abs(s[0] - s[1]) < 1e-9;
    });
    const value = sheet.values[variable];
    if (!holds && value !== null && value !== undefined)
      unsure.set(variable, { variable, raw: cell.raw ?? "", candidates: [value], top: value });
  }
  // the run splitter derives a cell when every split of a row's digits agrees, which holds only if no
  // figure of the row was lost; OCR can miss a lone figure, and no rule checks table 2 to tell
  for (const [variable, cell] of Object.entries(sheet.cells)) {
    if (cell.status !== "derived" || inRule.has(variable) || unsure.has(variable)) continue;
    sheet.set(variable, sheet.values[variable] ?? null, { raw: cell.raw ?? null, status: "unverified" });
  }
  if (!unsure.size) return [];
  const checked = t3Gappy ? rules.filter((r) => r.code !== "T3_ROW_SUM") : rules;
  const solved = zeroEmpty(
    checked,
    sheet.values,
    [...unsure.values()],
    solve(checked, sheet.values, [...unsure.values()]),
  );
  const out: Diagnostic[] = [];
  for (const u of unsure.values()) {
    const r = solved.get(u.variable)?.filter((x) => Number.isFinite(x));
    const settled = solved.get(u.variable)?.length === 1;
    const where = { variable: u.variable };
    if (r && settled) {
      const v = r[0]!;
      // a blank that the rules prove to be 0 stays a blank; anything else the rules settled is derived
      if (u.candidates === undefined && v === 0) continue;
      sheet.set(u.variable, v, { raw: u.raw || null, status: "derived" });
      if (v !== u.top)
        out.push(
          diag(
            "OCR_DERIVED",
            "info",
            `${u.variable}: OCR read ${JSON.stringify(u.raw)}; the table's rules allow only ${v}`,
            where,
          ),
        );
    } else if (u.sure && r && r.length === 0) {
      // sure digits, and no reading of any digit mends the rule: the table is inconsistent as printed
      // (the consistency check reports it). The figure stays as read, but OCR cannot vouch that the
      // misfit is the printer's and not a confident misreading: unverified, never ok
      if (u.top !== null) sheet.set(u.variable, u.top, { raw: u.raw || null, status: "unverified" });
    } else {
      const candidates = r && r.length ? r : (u.candidates ?? []);
      sheet.set(u.variable, null, { raw: u.raw || null, status: "undecidable", candidates: candidates.slice(0, 12) });
      out.push(
        diag(
          "OCR_UNDECIDABLE",
          "warning",
          `${u.variable}: OCR read ${JSON.stringify(u.raw)} unsure${candidates.length ? `; could be ${candidates.slice(0, 6).join(" or ")}` : ""}; the rules do not settle it`,
          where,
        ),
      );
    }
  }
  return out;
}

/**
 * Empty cells on a page where every mark of ink was read (`Unsure.empty`) that the rules leave open (a
 * block of table 4 printed all empty: 0 + 0 + 0 + 0 = 0 holds for any figures that add up) are 0 when
 * 0 in each of them keeps every rule they are in, all its cells known: the page shows no digit there,
 * and the arithmetic agrees. Where the rules fix an empty cell to a figure, that stands (derived: a digit
 * whose ink went into another box). `solved` is updated and returned.
 */
export function zeroEmpty(
  rules: Rule[],
  values: Record<string, number | null>,
  unsure: Unsure[],
  solved: Map<string, number[]>,
): Map<string, number[]> {
  const open = unsure.filter((u) => u.empty && solved.get(u.variable)?.length !== 1).map((u) => u.variable);
  if (!open.length) return solved;
  const trial: Record<string, number | null> = { ...values };
  for (const u of unsure) {
    const r = solved.get(u.variable);
    trial[u.variable] = r?.length === 1 && Number.isFinite(r[0]) ? r[0]! : null;
  }
  for (const v of open) trial[v] = 0;
  for (const v of open) {
    const mine = rules.filter((r) => varsOf(r).includes(v));
    const hold = mine.every((r) => {
      const s = ruleSides(r, trial);
      return !!s && Math.abs(s[0] - s[1]) < 1e-9;
    });
    if (mine.length && hold) solved.set(v, [0]);
  }
  return solved;
}

/**
 * Which values of the unsure cells satisfy every rule they are in (rules with a missing cell are not
 * checked). A map of variable → the distinct values it takes over all satisfying combinations (empty:
 * none satisfies). Cells with any value (empty cells) are settled only where a rule fixes them.
 */
export function solve(rules: Rule[], values: Record<string, number | null>, unsure: Unsure[]): Map<string, number[]> {
  const known: Record<string, number | null> = { ...values };
  const open = new Map(unsure.map((u) => [u.variable, u]));
  for (const u of unsure) known[u.variable] = null;
  const result = new Map<string, number[]>();
  const mine = (r: Rule) => varsOf(r).filter((v) => open.has(v));

  // 1. propagation: a rule with one open cell and everything else known fixes that cell
  for (let changed = true; changed; ) {
    changed = false;
    for (const rule of rules) {
      const o = mine(rule);
      if (o.length > 1 && o.every((v) => open.get(v)!.candidates === undefined)) {
        // empty cells on one side of a rule whose known cells already balance: all of them are 0
        const sameSide = o.every((v) => lhsOf(rule).includes(v)) || o.every((v) => rhsOf(rule).includes(v));
        const zeroed = { ...known, ...Object.fromEntries(o.map((v) => [v, 0])) };
        const s = ruleSides(rule, zeroed);
        if (sameSide && s && Math.abs(s[0] - s[1]) < 1e-9) {
          for (const v of o) {
            open.delete(v);
            result.set(v, [0]);
            known[v] = 0;
          }
          changed = true;
        }
        continue;
      }
      if (o.length !== 1) continue;
      const v = o[0]!;
      const others = { ...known, [v]: 0 };
      const s = ruleSides(rule, others);
      if (!s) continue;
      const need = lhsOf(rule).includes(v) ? s[1] - s[0] : s[0] - s[1];
      const u = open.get(v)!;
      const ok = need >= 0 && Number.isInteger(need) && (u.candidates === undefined || u.candidates.includes(need));
      open.delete(v);
      result.set(v, ok ? [need] : []);
      if (ok) known[v] = need;
      changed = true;
    }
  }
  // 2. groups of open cells tied by rules: try every combination of their readings
  const groups: string[][] = [];
  const seen = new Set<string>();
  for (const v of open.keys()) {
    if (seen.has(v)) continue;
    const group: string[] = [];
    const stack = [v];
    seen.add(v);
    while (stack.length) {
      const x = stack.pop()!;
      group.push(x);
      for (const r of rules) {
        if (!varsOf(r).includes(x)) continue;
        for (const y of mine(r))
          if (!seen.has(y)) {
            seen.add(y);
            stack.push(y);
          }
      }
    }
    groups.push(group);
  }
  for (const group of groups) {
    const fixed = group.filter((v) => open.get(v)!.candidates !== undefined);
    const free = group.filter((v) => open.get(v)!.candidates === undefined);
    const lists = fixed.map((v) => open.get(v)!.candidates!);
    const total = lists.reduce((a, l) => a * Math.max(1, l.length), 1);
    const inGroup = rules.filter((r) => varsOf(r).some((v) => fixed.includes(v)));
    const found = new Map<string, Set<number>>(fixed.map((v) => [v, new Set()]));
    // a cell is vouched for only by a rule that could be checked (no missing or any-valued cell in it)
    const checked = new Set<string>();
    if (total <= MAX_COMBINATIONS && lists.every((l) => l.length)) {
      const idx = new Array(fixed.length).fill(0);
      for (let n = 0; n < total; n++) {
        const trial: Record<string, number | null> = { ...known };
        fixed.forEach((v, i) => (trial[v] = lists[i]![idx[i]]!));
        const sides = inGroup.map((r) => ruleSides(r, trial));
        if (sides.every((s) => !s || Math.abs(s[0] - s[1]) < 1e-9)) {
          fixed.forEach((v, i) => found.get(v)!.add(lists[i]![idx[i]]!));
          inGroup.forEach((r, k) => {
            if (sides[k]) for (const v of varsOf(r)) checked.add(v);
          });
        }
        for (let i = 0; i < idx.length; i++) {
          if (++idx[i] < lists[i]!.length) break;
          idx[i] = 0;
        }
      }
    }
    // every combination tried and none mends the rules: the table is inconsistent as printed (a sure
    // figure then stays as read, the rule error reported; an unsure one is undecidable)
    const none = total <= MAX_COMBINATIONS && lists.every((l) => l.length) && fixed.every((v) => !found.get(v)!.size);
    for (const v of fixed) {
      const vals = [...found.get(v)!];
      result.set(v, none ? [] : checked.has(v) ? vals : [...new Set([...vals, ...open.get(v)!.candidates!, NaN])]);
    }
    for (const v of free) result.set(v, []);
  }
  // a settled cell must also agree with every rule it is in, all cells known
  for (const [v, vals] of result) {
    if (vals.length !== 1) continue;
    const trial: Record<string, number | null> = { ...known };
    for (const [w, ws] of result) trial[w] = ws.length === 1 ? ws[0]! : null;
    if (!Number.isFinite(vals[0])) continue;
    const bad = rules.some(
      (r) =>
        varsOf(r).includes(v) &&
        (() => {
          const s = ruleSides(r, trial);
          return !!s && Math.abs(s[0] - s[1]) > 1e-9;
        })(),
    );
    if (bad) result.set(v, [...(unsure.find((u) => u.variable === v)?.candidates ?? []), NaN]);
  }
  return result;
}
