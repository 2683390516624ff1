/**
 * No wrong figure is presented as ok. After the tables are read, every consistency rule
 * (codebook/rules.ts) is evaluated; the broken rules are grouped where they share figures. A group is
 * explained when one printed total is the odd one out: it alone sits in every broken rule of the group,
 * every rule it sits in is broken, and one change to it would mend them all — a misprinted 总计, kept as
 * printed and reported, with its parts vouched for by the rules that hold. Otherwise the reading cannot
 * vouch for any figure of the group's rules (a misread column, a figure given to the wrong row, or a
 * table printed with several errors), nor for the figures of the rules that hold only through them:
 * those cells become `unverified` (value kept, never repaired).
 */
import type { FormatVersion } from "../../codebook/index.js";
import { residual, rulesFor, type Rule } from "../../codebook/rules.js";
import type { Sheet } from "./sheet.js";

const SUSPECT_FROM = new Set(["ok", "blank", "derived"]);
/** 2021: t3_other_<col> is derived from these rows' cells */
const OTHER_PARTS = ["other_no_correction", "other_no_fee", "other_other"];

/** Broken rules in groups that share figures. */
function groups(broken: Rule[]): Rule[][] {
  const out: Rule[][] = [];
  for (const r of broken) {
    const vars = new Set(r.terms.map((t) => t.variable));
    const hit = out.filter((g) => g.some((o) => o.terms.some((t) => vars.has(t.variable))));
    const merged = [...hit.flat(), r];
    for (const h of hit) out.splice(out.indexOf(h), 1);
    out.push(merged);
  }
  return out;
}

/** one printed total that alone explains every broken rule of the group */
function oddTotal(group: Rule[], all: Rule[], values: Sheet["values"]): string | null {
  const totals = new Set(group.map((r) => r.total));
  for (const total of totals) {
    const mine = all.filter((r) => r.terms.some((t) => t.variable === total));
    if (!group.every((r) => mine.includes(r))) continue;
    // the change to the total that mends each of its rules: the same for all, and none of them holds now
    const fixes = mine.map((r) => {
      const res = residual(r, values);
      const coef = r.terms.find((t) => t.variable === total)!.coef;
      return res === null ? null : -res / coef;
    });
    if (fixes.every((d) => d !== null && Math.abs(d) > 1e-9 && Math.abs(d - fixes[0]!) < 1e-9)) return total;
  }
  return null;
}

/**
 * `guessed`: figures whose column the extractor guessed (Row.guessed) — no rule can vouch for them, since
 * a guess shared by every row (all figures one column over) keeps every sum true; nor for a total derived
 * from them.
 */
export function markUnverified(sheet: Sheet, format: FormatVersion, guessed: ReadonlySet<string> = new Set()): void {
  const all = rulesFor(format);
  const broken = all.filter((r) => {
    const res = residual(r, sheet.values);
    return res !== null && Math.abs(res) > 1e-9;
  });
  const suspect = new Set<string>();
  for (const group of groups(broken)) {
    if (oddTotal(group, all, sheet.values)) continue;
    for (const r of group) for (const t of r.terms) suspect.add(t.variable);
  }
  // A rule that holds vouches for its figures only when none of them is in doubt: a misread figure and
  // another misread to match (a row's figures given to the row below, and that row's to the next) keep
  // the rule true. So doubt spreads through every rule that a doubtful figure takes part in.
  for (let grown = suspect.size > 0; grown; ) {
    grown = false;
    for (const r of all) {
      if (!r.terms.some((t) => suspect.has(t.variable))) continue;
      for (const t of r.terms)
        if (!suspect.has(t.variable)) {
          suspect.add(t.variable);
          grown = true;
        }
    }
  }
  for (const v of guessed) suspect.add(v);
  for (const r of all)
    if (sheet.cells[r.total]?.status === "derived" && r.terms.some((t) => guessed.has(t.variable)))
      suspect.add(r.total);
  for (const v of [...suspect]) {
    const m = /^t3_other_(np|corp|research|ngo|legal|other|total)$/.exec(v);
    if (m && format === "2021") for (const row of OTHER_PARTS) suspect.add(`t3_${row}_${m[1]}`);
  }
  for (const v of suspect) {
    const cell = sheet.cells[v];
    if (cell && SUSPECT_FROM.has(cell.status) && sheet.values[v] !== null)
      sheet.cells[v] = { ...cell, status: "unverified" };
  }
}
