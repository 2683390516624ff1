// Each consistency rule and structural diagnostic, on invented tables with one figure tampered.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseText } from "../../src/parser/index.js";
import { syntheticValues } from "../../src/synthetic/values.js";
import { renderReport } from "../../src/synthetic/render.js";

const base = { format: "2021" as const, year: 2023, agency: "广州市测试局", layout: "lines" as const };
const codes = (r: ReturnType<typeof parseText>, code: string) => r.issues.filter((i) => i.code === code);

test("a consistent table has no consistency diagnostics", () => {
  const r = parseText(renderReport(syntheticValues(3, "2021"), base));
  assert.deepEqual(
    r.issues.filter((i) => /^T[34]_/.test(i.code)),
    [],
  );
});

test("T3_ROW_SUM and T3_BALANCE: a printed 总计 that disagrees is kept as printed and reported", () => {
  const v = syntheticValues(3, "2021");
  v.t3_new_total += 5;
  const r = parseText(renderReport(v, base));
  assert.equal(r.values.t3_new_total, v.t3_new_total, "never repaired");
  assert.deepEqual(
    codes(r, "T3_ROW_SUM").map((i) => i.row),
    ["new"],
  );
  assert.deepEqual(
    codes(r, "T3_BALANCE").map((i) => i.column),
    ["total"],
  );
  assert.equal(codes(r, "T3_RESULT_SUM").length, 0);
});

test("T3_RESULT_SUM: outcome rows that do not add up to (七)总计, per column", () => {
  const v = syntheticValues(3, "2021");
  v.t3_denied_process_np += 2;
  v.t3_denied_process_total += 2;
  const r = parseText(renderReport(v, base));
  assert.deepEqual(
    codes(r, "T3_RESULT_SUM")
      .map((i) => i.column)
      .sort(),
    ["np", "total"],
  );
  assert.equal(codes(r, "T3_ROW_SUM").length, 0);
  assert.equal(codes(r, "T3_RESULT_SUM")[0].severity, "error");
});

test("T4_SUM: names the block", () => {
  const v = syntheticValues(3, "2021");
  v.t4_suit_direct_total += 1;
  const r = parseText(renderReport(v, base));
  assert.deepEqual(
    codes(r, "T4_SUM").map((i) => i.block),
    ["suit_direct"],
  );
});

test("a blank 总计 with non-zero parts becomes their sum, derived, with a warning (not a T3 rule)", () => {
  const v = syntheticValues(9, "2021");
  for (const k of ["t3_carried_out_np", "t3_carried_out_total", "t3_new_np", "t3_new_total"]) v[k] += 2;
  const text = renderReport(v, { ...base, layout: "pipe" }).replace(
    /^(四、结转下年度继续办理(?: \| \d+){6}) \| \d+ \|/m,
    "$1 |  |",
  );
  const r = parseText(text);
  assert.equal(r.cells.t3_carried_out_total.status, "derived");
  assert.equal(r.values.t3_carried_out_total, v.t3_carried_out_total);
  assert.equal(codes(r, "TOTAL_DERIVED").length, 1);
  assert.equal(r.issues.filter((i) => /^T3_/.test(i.code)).length, 0);
});

test("a missing table and a missing section are diagnostics, the rest still parses", () => {
  const text = renderReport(syntheticValues(4, "2021"), base).replace(
    /四、政府信息公开行政复议[\s\S]*?(?=五、存在)/,
    "",
  );
  const r = parseText(text);
  assert.deepEqual(
    codes(r, "TABLE_MISSING").map((i) => i.where.table),
    [4],
  );
  assert.equal(r.values.t4_review_total, null);
  assert.equal(r.cells.t4_review_total.status, "missing");
  assert.equal(r.values.t3_new_total, syntheticValues(4, "2021").t3_new_total);
  const noOther = parseText(renderReport(syntheticValues(4, "2021"), base).replace(/六、其他需要报告的事项/, ""));
  assert.deepEqual(
    codes(noOther, "SECTION_MISSING").map((i) => i.where.section),
    ["other"],
  );
});

test("format version comes from the table headings, not the year", () => {
  const v = syntheticValues(2, "2019");
  const r = parseText(renderReport(v, { ...base, format: "2019", year: 2023 }));
  assert.equal(r.meta.format, "2019");
  assert.equal(r.values.t2_procurement_items, v.t2_procurement_items);
});

test("NARRATIVE_MISMATCH: a count the narrative states that the table contradicts (table kept as printed)", () => {
  const v = syntheticValues(6, "2021");
  const text = renderReport(v, base).replace(
    /全年共收到政府信息公开申请\d+件/,
    `全年共收到政府信息公开申请${v.t3_new_total + 7}件`,
  );
  const r = parseText(text);
  const m = codes(r, "NARRATIVE_MISMATCH");
  assert.equal(m.length, 1, JSON.stringify(r.issues));
  assert.match(m[0].message, new RegExp(String(v.t3_new_total + 7)));
  assert.equal(r.values.t3_new_total, v.t3_new_total);
  assert.equal(codes(parseText(renderReport(v, base)), "NARRATIVE_MISMATCH").length, 0, "no warning when they agree");
});
