/**
 * Dev aid: check what extractPdf yields against a gold file, the way the downstream reader will use it:
 * each table-3 row is found by its label words (in printed order) and the next 7 figures must be the
 * gold values; table 2 likewise; table 4 is the 15 figures after its heading; section starts and ends
 * must appear in the narrative. Prints the table-3 rows as extracted.
 *   node --import ./scripts/ts-loader.mjs scripts/dev/pdf-check-gold.ts FILE.pdf GOLD.json
 */
import { readFileSync } from "node:fs";
import { extractPdf } from "../../src/parser/extract/pdf.js";
import { t2Rows, t3Rows, t3Var, t4Var, T3_COLUMNS, T4_BLOCKS, T4_COLUMNS } from "../../src/parser/tables/layout.js";
import { isFigure } from "../../src/parser/extract/pdf-lines.js";

const [file, goldFile] = process.argv.slice(2);
if (!file || !goldFile) {
  console.error("usage: pdf-check-gold.ts FILE.pdf GOLD.json");
  process.exit(2);
}
const gold = JSON.parse(readFileSync(goldFile, "utf8"));
const t0 = performance.now();
const x = await extractPdf(new Uint8Array(readFileSync(file)));
const ms = performance.now() - t0;
const norm = (s: string) => s.normalize("NFKC").replace(/\s+/g, "");
const rows = x.rows;
let bad = 0;
const num = (s: string) =>
  /^[—–\-－/／\\]+$|^无$/.test(s)
    ? 0
    : Number(
        norm(s)
          .replace(/[,，]/g, "")
          .replace(/万元|元|%/g, ""),
      );

/** the figures after position (row r, cell c), up to n of them */
function figuresAfter(r: number, c: number, n: number): { vals: number[]; end: number } {
  const vals: number[] = [];
  for (let i = r; i < rows.length && vals.length < n; i++) {
    const cells = rows[i]!.cells;
    for (let k = i === r ? c + 1 : 0; k < cells.length && vals.length < n; k++)
      if (isFigure(norm(cells[k]!))) vals.push(num(cells[k]!));
  }
  return { vals, end: r };
}

function check(label: string, got: number[], want: (number | null)[]) {
  const ok = want.every((w, i) => w === got[i]);
  if (!ok) bad++;
  console.log(`${ok ? "ok  " : "BAD "} ${label}: ${got.join(" ")}${ok ? "" : `   want ${want.join(" ")}`}`);
}

let at = 0;
console.log("— table 2");
for (const t2 of t2Rows(gold.meta.format)) {
  const i = rows.findIndex(
    (r, k) =>
      k >= at &&
      r.cells.some((c) => t2.words.some((w) => norm(c).includes(w))) &&
      r.cells.slice(1).some((c) => isFigure(norm(c))),
  );
  if (i < 0) {
    bad++;
    console.log(`BAD  ${t2.words[0]} not found`);
    continue;
  }
  check(
    t2.words[0]!,
    figuresAfter(i, 0, t2.vars.length).vals,
    t2.vars.map((v) => gold.values[v]),
  );
  at = i + 1;
}
console.log("— table 3");
// a 2021 report may still print (六)其他处理 as one row: then it is checked against t3_other_*
const other2019 = t3Rows("2019").find((r) => r.key === "other")!;
for (const t3 of t3Rows(gold.meta.format)) {
  const i = rows.findIndex((r, k) => k >= at && t3.words.some((w) => norm(r.cells[0] ?? "").includes(w)));
  if (i < 0 && t3.key.startsWith("other_")) {
    if (t3.key === "other_no_correction") {
      const j = rows.findIndex((r, k) => k >= at && other2019.words.some((w) => norm(r.cells[0] ?? "").includes(w)));
      console.log(`     (六) printed as one row; sub-rows absent`);
      if (j >= 0) {
        check(
          `other                  ${rows[j]!.cells[0]}`,
          figuresAfter(j, 0, 7).vals,
          T3_COLUMNS.map((c) => gold.values[t3Var("other", c)]),
        );
        at = j + 1;
      } else {
        bad++;
        console.log("BAD  (六)其他处理 not found");
      }
    }
    continue;
  }
  if (i < 0) {
    bad++;
    console.log(`BAD  ${t3.key} not found`);
    continue;
  }
  const { vals } = figuresAfter(i, 0, 7);
  check(
    `${t3.key.padEnd(22)} ${rows[i]!.cells[0]}`,
    vals,
    T3_COLUMNS.map((c) => gold.values[t3Var(t3.key, c)]),
  );
  at = i + 1;
}
console.log("— table 4");
const h4 = rows.findIndex((r, k) => k >= at && r.cells.some((c) => norm(c).includes("行政复议")));
const t4want = T4_BLOCKS.flatMap((b) => T4_COLUMNS.map((c) => gold.values[t4Var(b, c)]));
check("15 figures", figuresAfter(h4, -1, 15).vals, t4want);
console.log("— sections");
const narrative = norm(
  rows
    .filter((r) => !r.table)
    .map((r) => r.cells.join(""))
    .join(""),
);
for (const [k, s] of Object.entries(gold.sections ?? {}) as [string, { starts_with: string; ends_with: string }][]) {
  for (const part of [s.starts_with, s.ends_with]) {
    const ok = narrative.includes(norm(part));
    if (!ok) bad++;
    console.log(`${ok ? "ok  " : "BAD "} ${k}: ${part}`);
  }
}
for (const h of [
  "一、总体情况",
  "二、主动公开政府信息情况",
  "三、收到和处理政府信息公开申请情况",
  "四、政府信息公开行政复议、行政诉讼情况",
  "五、",
  "六、其他需要报告的事项",
]) {
  const ok = rows.some((r) => norm(r.cells[0] ?? "").startsWith(norm(h)));
  if (!ok) bad++;
  console.log(`${ok ? "ok  " : "BAD "} heading ${h}`);
}
console.log(`${x.rows.length} rows, ${x.issues.length} issues, ${ms.toFixed(0)} ms; ${bad ? `${bad} BAD` : "all ok"}`);
process.exit(bad ? 1 : 0);
