// The table reader across producers (pipe text in PDFs and DOCX paragraphs, one cell per line, header
// columns), the consistency rules as data, and the `unverified` status — on invented reports.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseText } from "../../src/parser/index.js";
import { readReport } from "../../src/parser/read-report.js";
import { pipeTextRows } from "../../src/parser/extract/pipe-text.js";
import { snapToHeaderColumns } from "../../src/parser/extract/pdf-columns.js";
import type { Line } from "../../src/parser/extract/pdf-lines.js";
import { sniffInput, decodeText } from "../../src/parser/decode.js";
import { rulesFor, violations } from "../../src/codebook/rules.js";
import { syntheticValues } from "../../src/synthetic/values.js";
import { renderReport } from "../../src/synthetic/render.js";
import type { Extraction, Row } from "../../src/parser/types.js";

const base = { format: "2021" as const, year: 2023, agency: "广州市测试局" };
const t3t4 = (v: Record<string, number | null>) =>
  Object.fromEntries(Object.entries(v).filter(([k]) => /^t[34]_/.test(k)));
const lines = (text: string) => text.split("\n").filter((l) => l.trim());

test("pipe text in narrative rows (a PDF of a text file, wrapped lines) reads as the table", () => {
  const v = syntheticValues(5, "2021");
  const text = renderReport(v, { ...base, layout: "pipe" });
  // every line one narrative row; long pipe lines wrapped in two, as a page width does
  const rows: Row[] = lines(text).flatMap((l) => {
    if (!l.includes("|") || l.length < 60 || l.trimEnd().endsWith("|") === false) return [{ cells: [l] }];
    const cut = l.lastIndexOf("|", l.length - 8);
    return [{ cells: [l.slice(0, cut - 1)] }, { cells: [l.slice(cut - 1)] }];
  });
  const r = readReport({ kind: "pdf", rows, issues: [] });
  assert.deepEqual(t3t4(r.values), t3t4(parseText(text).values));
  assert.equal(r.values.t3_new_total, v.t3_new_total);
});

test("a DOCX paragraph joining a table's pipe lines (pandoc) reads as the table", () => {
  const v = syntheticValues(6, "2021");
  const text = renderReport(v, { ...base, layout: "pipe" });
  const rows: Row[] = [];
  for (const l of lines(text)) {
    const prev = rows[rows.length - 1];
    if (prev && l.includes("|") && prev.cells[0].includes("|")) prev.cells[0] += " " + l;
    else rows.push({ cells: [l] });
  }
  const r = readReport({ kind: "docx", rows, issues: [] });
  for (const k of [
    "t3_new_np",
    "t3_granted_total",
    "t3_result_total_total",
    "t3_carried_out_total",
    "t4_review_total",
    "t2_licensing_decisions",
  ]) {
    assert.equal(r.values[k], v[k], k);
  }
});

test("joined markdown lines: rule fragments and glued pipes end a line", () => {
  const rows = pipeTextRows([{ cells: ["| 1.属于国家秘密 | 0 | 0 |---|---| | 2.其他 | 1 | 1 || 3 | 3 |"] }]);
  assert.deepEqual(
    rows.map((r) => r.cells),
    [
      ["1.属于国家秘密", "0", "0"],
      ["2.其他", "1", "1"],
      ["3", "3"],
    ],
  );
});

test("a table printed one cell per line (each figure its own table line) reads row by row", () => {
  const v = syntheticValues(7, "2021");
  const text = renderReport(v, { ...base, layout: "pipe" });
  const rows: Row[] = [];
  for (const l of lines(text)) {
    if (!l.includes("|")) {
      rows.push({ cells: [l] });
      continue;
    }
    for (const c of l
      .split("|")
      .map((s) => s.trim())
      .filter(Boolean)) {
      rows.push(/^[\d.]+$/.test(c) ? { cells: [c], table: true } : { cells: [c] });
    }
  }
  const ex: Extraction = { kind: "pdf", rows, issues: [] };
  const r = readReport(ex);
  for (const k of Object.keys(v).filter((k) => k.startsWith("t3_"))) assert.equal(r.values[k], v[k], k);
});

test("header words give table 3's seven columns: blank columns come back, figures snap to them", () => {
  const cell = (text: string, x0: number, x1: number) => ({
    text,
    x0,
    x1,
    size: 10,
    figure: /^\d+$/.test(text) || text === "",
  });
  const ls: Line[] = [
    { page: 1, y: 100, size: 10, cells: [cell("自然人", 200, 230), cell("总计", 500, 520)] },
    // five words set close together: one cell, 22 characters of 10 units
    { page: 1, y: 112, size: 10, cells: [cell("商业企业科研机构社会公益组织法律服务机构其他", 240, 460)] },
    {
      page: 1,
      y: 130,
      size: 10,
      cells: [cell("一、本年新收", 20, 80), cell("18", 210, 222), cell("3", 256, 262), cell("21", 505, 517)],
    },
    { page: 1, y: 142, size: 10, cells: [cell("2.重复申请", 20, 80)] },
  ];
  snapToHeaderColumns(ls);
  assert.deepEqual(
    ls[2]!.cells.map((c) => c.text),
    ["一、本年新收", "18", "3", "", "", "", "", "21"],
  );
  assert.deepEqual(
    ls[3]!.cells.map((c) => c.text),
    ["2.重复申请", "", "", "", "", "", "", ""],
  );
});

test("the rules are data: one list per format, and a consistent invented table breaks none", () => {
  for (const format of ["2019", "2021"] as const) {
    const rules = rulesFor(format);
    assert.equal(rules.filter((r) => r.code === "T4_SUM").length, 3);
    assert.equal(rules.filter((r) => r.code === "T3_BALANCE").length, 7);
    assert.deepEqual(violations(syntheticValues(2, format), format), []);
  }
});

test("unverified: a figure that breaks its row and column, with no total to blame, is not ok", () => {
  const v = syntheticValues(3, "2021");
  v.t3_new_np += 2; // a misread figure: the row sum and the np column break
  const r = parseText(renderReport(v, { ...base, layout: "lines" }));
  assert.equal(r.values.t3_new_np, v.t3_new_np, "kept as read");
  for (const k of [
    "t3_new_np",
    "t3_new_corp",
    "t3_new_total",
    "t3_carried_in_np",
    "t3_result_total_np",
    "t3_carried_out_np",
  ]) {
    assert.equal(r.cells[k].status, "unverified", k);
  }
  // the np outcome rows add up to (七)总计 only through a doubtful figure: not vouched for either
  assert.equal(r.cells.t3_granted_np.status, "unverified");
  assert.equal(r.cells.t4_review_total.status, "ok", "a table the broken rules do not touch stays ok");
  assert.equal(r.cells.t2_licensing_decisions.status, "ok");
});

test("a misprinted total is the odd one out: reported, kept, and its parts stay ok", () => {
  const v = syntheticValues(3, "2021");
  v.t3_new_total += 5;
  const r = parseText(renderReport(v, { ...base, layout: "lines" }));
  assert.ok(r.issues.some((i) => i.code === "T3_ROW_SUM"));
  assert.equal(r.values.t3_new_total, v.t3_new_total);
  assert.deepEqual(
    Object.entries(r.cells).filter(([, c]) => c.status === "unverified"),
    [],
  );
});

test("UTF-16 without a byte order mark, either order, is text", () => {
  const text = renderReport(syntheticValues(4, "2021"), { ...base, layout: "pipe" });
  const le = Buffer.from(text, "utf16le");
  const be = Buffer.from(le).swap16();
  for (const bytes of [le, be, Buffer.concat([Buffer.from([0xff, 0xfe]), le])]) {
    assert.ok(!("fatal" in sniffInput(new Uint8Array(bytes), "r.txt")));
    assert.equal(decodeText(new Uint8Array(bytes)).text.replace(/^\ufeff/, ""), text);
  }
});

test("a running header (same words at the top of every page) does not land inside a table cut across pages", async () => {
  const { positionedToRows } = await import("../../src/parser/extract/positioned.js");
  const tok = (text: string, x: number, y: number) => ({
    text,
    x0: x,
    y0: y - 10,
    x1: x + 10 * [...text].length,
    y1: y,
  });
  const page = (n: number, body: ReturnType<typeof tok>[]) => ({
    page: n,
    width: 595,
    height: 842,
    tokens: [tok(`广州市测试局年度报告 第${n}页`, 200, 40), ...body],
  });
  const rows = positionedToRows([
    page(1, [tok("正文一行", 60, 200), tok("1.属于国家秘密", 60, 780), tok("0", 400, 780), tok("0", 450, 780)]),
    page(2, [tok("2.其他法律行政法规禁止公开", 60, 100), tok("3", 400, 100), tok("3", 450, 100)]),
    page(3, [tok("正文三行", 60, 100)]),
  ]).map((r) => r.cells.join("|"));
  assert.deepEqual(rows, ["正文一行", "1.属于国家秘密|0|0", "2.其他法律行政法规禁止公开|3|3", "正文三行"]);
});
