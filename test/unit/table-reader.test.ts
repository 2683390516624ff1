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

// Invented header geometry for the snapping tests: seven words centred in columns of uneven widths.
const hcell = (text: string, x0: number, x1: number) => ({
  text,
  x0,
  x1,
  size: 10,
  figure: /^\d+$/.test(text) || text === "",
});
/** columns [left, right) of uneven widths; each header word (20 units) centred in its column */
const COLS: [string, number, number][] = [
  ["自然人", 200, 240],
  ["商业企业", 240, 320],
  ["科研机构", 320, 350],
  ["社会公益组织", 350, 430],
  ["法律服务机构", 430, 470],
  ["其他", 470, 540],
  ["总计", 540, 580],
];
const headerLine = (page = 1, y = 100): Line => ({
  page,
  y,
  size: 10,
  cells: COLS.map(([w, a, b]) => hcell(w, (a + b) / 2 - 10, (a + b) / 2 + 10)),
});
/** a row with figures in the given columns (index → text), set flush left, right or centred */
const figRow = (y: number, figs: Record<number, string>, align: "left" | "right" | "centre", page = 1): Line => ({
  page,
  y,
  size: 10,
  cells: [
    hcell("一、本年新收", 20, 150),
    ...Object.entries(figs).map(([k, t]) => {
      const [, a, b] = COLS[Number(k)]!;
      const w = 6 * t.length;
      const x0 = align === "left" ? a + 3 : align === "right" ? b - 3 - w : (a + b) / 2 - w / 2;
      return hcell(t, x0, x0 + w);
    }),
  ],
});

test("figures set flush right or left in uneven columns snap to the column they stand in, blanks stay empty", () => {
  for (const align of ["left", "right", "centre"] as const) {
    const ls: Line[] = [
      headerLine(),
      figRow(120, { 0: "7", 1: "125", 3: "31", 6: "163" }, align),
      figRow(140, { 1: "4", 2: "12", 5: "9", 6: "25" }, align),
      figRow(160, { 6: "0" }, align),
    ];
    snapToHeaderColumns(ls);
    assert.deepEqual(
      ls.slice(1).map((l) => l.cells.slice(1).map((c) => c.text)),
      [
        ["7", "125", "", "31", "", "", "163"],
        ["", "4", "12", "", "", "9", "25"],
        ["", "", "", "", "", "", "0"],
      ],
      align,
    );
    assert.ok(ls.slice(1).every((l) => l.snapped && !l.guessed));
  }
});

test("a header cut by a page break still gives the columns (its words on two pages)", () => {
  const h = headerLine();
  const top: Line = { ...h, cells: h.cells.slice(0, 3) };
  const rest: Line = { ...h, page: 2, y: 60, cells: h.cells.slice(3) };
  const ls: Line[] = [top, rest, figRow(80, { 0: "3", 6: "3" }, "right", 2)];
  snapToHeaderColumns(ls);
  assert.deepEqual(
    ls[2]!.cells.slice(1).map((c) => c.text),
    ["3", "", "", "", "", "", "3"],
  );
});

test("a row whose columns are a guess (blanks placed from other rows, no header) is never ok", () => {
  // every row one column over: all sums still hold, so only the guess itself can say so
  const v = syntheticValues(8, "2021");
  const text = renderReport(v, { ...base, layout: "pipe" });
  const cellsOf = (l: string) =>
    l
      .split("|")
      .map((c) => c.trim())
      .filter(Boolean);
  const rows: Row[] = lines(text)
    .filter((l) => !/^\|?[-:| ]+$/.test(l))
    .map((l) => (l.includes("|") ? { cells: cellsOf(l), table: true } : { cells: [l] }));
  const ex: Extraction = { kind: "pdf", rows, issues: [] };
  const t3Line = ex.rows.findIndex((r) => r.cells[0]!.includes("本年新收"));
  ex.rows[t3Line] = { ...ex.rows[t3Line]!, guessed: true };
  const r = readReport(ex);
  const row = Object.keys(r.cells).filter((k) => k.startsWith("t3_new_"));
  assert.ok(
    row.length === 7 && row.every((k) => r.cells[k]!.status === "unverified"),
    JSON.stringify(row.map((k) => r.cells[k]!.status)),
  );
  assert.equal(r.cells.t3_granted_np!.status, "ok", "rows read from proven lines keep their status");
});

test("header words wrapped in narrow columns (科研机 / 构) stack, and a title above a word is not part of it", () => {
  const at = (text: string, x0: number) => hcell(text, x0, x0 + 10 * text.length);
  const ls: Line[] = [
    { page: 1, y: 80, size: 10, cells: [at("申请人情况", 380)] },
    { page: 1, y: 92, size: 10, cells: [at("自然人", 200), at("总计", 545)] },
    {
      page: 1,
      y: 104,
      size: 10,
      cells: [at("商业企", 250), at("科研机", 320), at("社会公", 390), at("法律服", 450), at("其他", 500)],
    },
    { page: 1, y: 116, size: 10, cells: [at("业", 260), at("构", 330), at("益组织", 390), at("务机构", 450)] },
    figRow(140, {}, "centre"),
  ];
  // one figure centred under each word: 自然人 215, 商业企 265, 科研机 335, 社会公 405, 法律服 465, 其他 510, 总计 555
  ls[4]!.cells.push(...[215, 265, 335, 405, 465, 510, 555].map((m, k) => hcell(String(k + 1), m - 3, m + 3)));
  snapToHeaderColumns(ls);
  assert.ok(ls[4]!.snapped);
  assert.deepEqual(
    ls[4]!.cells.slice(1).map((c) => c.text),
    ["1", "2", "3", "4", "5", "6", "7"],
  );
});

test("a group label's row that prints nothing is not (六)其他处理 printed as one row", () => {
  const v = syntheticValues(9, "2021");
  const text = renderReport(v, { ...base, layout: "pipe" });
  const cellsOf = (l: string) =>
    l
      .split("|")
      .map((c) => c.trim())
      .filter(Boolean);
  const rows: Row[] = lines(text)
    .filter((l) => !/^\|?[-:| ]+$/.test(l))
    .map((l) => (l.includes("|") ? { cells: cellsOf(l), table: true } : { cells: [l] }));
  // the group label (六)其他处理 on a row of its own with seven empty cells, as a PDF row builder gives it
  const at = rows.findIndex((r) => r.cells[0]!.startsWith("(六)其他处理"));
  const figs = rows[at]!.cells.slice(1);
  rows.splice(
    at,
    1,
    { cells: ["(六)其他处理", "", "", "", "", "", "", ""], table: true },
    { cells: [rows[at]!.cells[0]!.replace("(六)其他处理", ""), ...figs], table: true },
  );
  const r = readReport({ kind: "pdf", rows, issues: [] });
  assert.equal(r.values.t3_result_total_total, v.t3_result_total_total);
  assert.equal(r.values.t3_carried_out_total, v.t3_carried_out_total);
});

test("a wrapped label whose figures sit on its last line is one row; a short label-only line stays a row of its own", async () => {
  const { positionedToRows } = await import("../../src/parser/extract/positioned.js");
  const tok = (text: string, x: number, y: number) => ({ text, x0: x, y0: y - 9, x1: x + 9 * [...text].length, y1: y });
  // seven figures, as table 3's rows have
  const figs = (y: number, vs: string[]) => [...vs, "0", "0", "0", "0"].map((v, k) => tok(v, 320 + 30 * k, y));
  const rows = positionedToRows([
    {
      page: 1,
      width: 595,
      height: 842,
      tokens: [
        tok("(一)予以公开", 60, 200),
        ...figs(200, ["3", "0", "3"]),
        // wrapped: the first line is full (reaches the label column's right side), the figures on the last
        tok("(二)部分公开(区分处理的,只计这一情形,不计", 60, 222),
        tok("其他情形)", 60, 236),
        ...figs(236, ["1", "0", "1"]),
        // a short label alone: a row whose cells print nothing, then the next row
        tok("(三)不予公开", 60, 258),
        tok("1.属于国家秘密", 60, 280),
        ...figs(280, ["2", "0", "2"]),
      ],
    },
  ]).map((r) => r.cells.join("|"));
  assert.deepEqual(rows.slice(0, 2), [
    "(一)予以公开|3|0|3|0|0|0|0",
    "(二)部分公开(区分处理的,只计这一情形,不计其他情形)|1|0|1|0|0|0|0",
  ]);
  assert.ok(rows.includes("1.属于国家秘密|2|0|2|0|0|0|0"));
  assert.ok(rows.some((r) => r.startsWith("(三)不予公开")));
});

test("a header word left out (自然人's cell empty): its column is estimated, and rows read under it are a guess", () => {
  const h = headerLine();
  const ls: Line[] = [{ ...h, cells: h.cells.slice(1) }, figRow(120, { 0: "7", 1: "12", 6: "19" }, "centre")];
  snapToHeaderColumns(ls);
  assert.deepEqual(
    ls[1]!.cells.slice(1).map((c) => c.text),
    ["7", "12", "", "", "", "", "19"],
  );
  assert.ok(ls[1]!.snapped && ls[1]!.guessed);
});

test("a label wrapped over three lines with the figures on the middle one is one row", async () => {
  const { positionedToRows } = await import("../../src/parser/extract/positioned.js");
  const tok = (text: string, x: number, y: number) => ({ text, x0: x, y0: y - 9, x1: x + 9 * [...text].length, y1: y });
  // seven figures, as table 3's rows have
  const figs = (y: number, vs: string[]) => [...vs, "0", "0", "0", "0"].map((v, k) => tok(v, 320 + 30 * k, y));
  const rows = positionedToRows([
    {
      page: 1,
      width: 595,
      height: 842,
      tokens: [
        tok("(一)予以公开", 60, 200),
        ...figs(200, ["3", "0", "3"]),
        tok("(二)部分公开(区分处理的,只", 60, 222),
        tok("计这一情形,不计其他情形,不", 60, 236),
        ...figs(236, ["1", "0", "1"]),
        tok("计其他情形)", 60, 250),
        tok("(三)不予公开", 60, 272),
        ...figs(272, ["2", "0", "2"]),
      ],
    },
  ]).map((r) => r.cells.join("|"));
  assert.deepEqual(rows, [
    "(一)予以公开|3|0|3|0|0|0|0",
    "(二)部分公开(区分处理的,只计这一情形,不计其他情形,不计其他情形)|1|0|1|0|0|0|0",
    "(三)不予公开|2|0|2|0|0|0|0",
  ]);
});

test("flush-right figures of one, two and three digits line up by their right edges, not their centres", () => {
  // narrow digits (4 units in a 10-unit font): the centres of 7, 41 and 115 are 2 units apart — close
  // enough to chain into one line — while only their right edges are the same; in the wide third
  // column a flush-right figure's centre is nearer the fourth column's word
  const COLS2: [number, number][] = [
    [300, 320],
    [320, 350],
    [350, 420],
    [420, 450],
    [450, 475],
    [475, 495],
    [495, 525],
  ];
  const words = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"];
  const head: Line = {
    page: 1,
    y: 100,
    size: 10,
    cells: COLS2.map(([a, b], k) => hcell(words[k]!, (a + b) / 2 - 6, (a + b) / 2 + 6)),
  };
  const row = (y: number, vs: string[]): Line => ({
    page: 1,
    y,
    size: 10,
    cells: [
      hcell("一、本年新收", 20, 150),
      ...vs.map((v, k) => ({ ...hcell(v, COLS2[k]![1] - 2 - 4 * v.length, COLS2[k]![1] - 2), figure: true })),
    ],
  });
  const ls: Line[] = [
    head,
    row(120, ["41", "7", "36", "21", "/", "10", "115"]),
    row(140, ["/", "3", "/", "/", "4", "/", "7"]),
    row(160, ["5", "/", "12", "/", "/", "/", "17"]),
  ];
  snapToHeaderColumns(ls);
  assert.ok(ls.slice(1).every((l) => l.snapped));
  assert.deepEqual(
    ls[2]!.cells.slice(1).map((c) => c.text),
    ["/", "3", "/", "/", "4", "/", "7"],
  );
});

test("a part label wrapped in its narrow cell beside a wrapped row label: the figures go with the row's label", async () => {
  const { positionedToRows } = await import("../../src/parser/extract/positioned.js");
  const tok = (text: string, x: number, y: number) => ({ text, x0: x, y0: y - 9, x1: x + 9 * [...text].length, y1: y });
  const figs = (y: number, vs: string[]) => vs.map((v, k) => tok(v, 380 + 30 * k, y));
  const rows = positionedToRows([
    {
      page: 1,
      width: 595,
      height: 842,
      tokens: [
        tok("(一)予以公开", 110, 200),
        ...figs(200, ["3", "0", "3"]),
        // (二)'s label on two lines round its figures; beside them, 三、本年度办理结果 wrapped in column one
        tok("(二)部分公开(区分处理的,只计这一情形,不", 110, 222),
        tok("三、本年", 40, 229),
        ...figs(229, ["1", "0", "1"]),
        tok("计其他情形)", 110, 236),
        tok("度办理结", 40, 243),
        tok("(三)不予公开", 110, 272),
        ...figs(272, ["2", "0", "2"]),
      ],
    },
  ]).map((r) => r.cells.join("|"));
  assert.ok(rows.includes("(二)部分公开(区分处理的,只计这一情形,不计其他情形)|1|0|1"), rows.join("\n"));
  assert.ok(rows.includes("(三)不予公开|2|0|2"));
});

test("header words run together in one cell, their wrapped rests below, still give the columns", () => {
  // even columns of 36 units from 200; each word's first line (3 characters of 10 units) fills its cell
  // but for a gap narrower than a word space, so the four heads come as one cell
  const ls: Line[] = [
    { page: 1, y: 92, size: 10, cells: [hcell("自然人", 203, 233), hcell("其他", 388, 408), hcell("总计", 424, 444)] },
    { page: 1, y: 100, size: 10, cells: [hcell("商业企科研机社会公法律服", 239, 377)] },
    {
      page: 1,
      y: 110,
      size: 10,
      cells: [hcell("业", 247, 257), hcell("构", 283, 293), hcell("益组织务机构", 314, 377)],
    },
    {
      page: 1,
      y: 130,
      size: 10,
      cells: [hcell("一、本年新收", 20, 150), hcell("5", 215, 221), hcell("7", 323, 329), hcell("12", 428, 440)],
    },
  ];
  snapToHeaderColumns(ls);
  assert.deepEqual(
    ls[3]!.cells.slice(1).map((c) => c.text),
    ["5", "", "", "7", "", "", "12"],
  );
  assert.ok(ls[3]!.snapped && !ls[3]!.guessed);
});

test("a group label wrapped in its narrow column, on the baseline of a sub-row label's wrapped rest, is cut from it", async () => {
  const { positionedToRows } = await import("../../src/parser/extract/positioned.js");
  const tok = (text: string, x: number, y: number) => ({ text, x0: x, y0: y - 9, x1: x + 9 * [...text].length, y1: y });
  const figs = (y: number, vs: string[]) => [...vs, "0", "0", "0", "0"].map((v, k) => tok(v, 320 + 30 * k, y));
  // group labels at x 60, sub-row labels at x 112; (三)不予 ends 7 units (under an em) before 益
  const rows = positionedToRows([
    {
      page: 1,
      width: 595,
      height: 842,
      tokens: [
        tok("自然人", 320, 170),
        tok("(一)予以公开", 60, 200),
        ...figs(200, ["3", "0", "3"]),
        tok("1.属于国家秘密", 112, 222),
        ...figs(222, ["2", "0", "2"]),
        tok("2.保护第三方合法权", 112, 244),
        ...figs(250, ["4", "0", "4"]),
        tok("(三)不予", 60, 256),
        tok("益", 112, 256),
        tok("公开", 60, 268),
        tok("3.属于三类内部事务", 112, 290),
        ...figs(290, ["1", "0", "1"]),
        tok("(四)其他处理", 60, 312),
        ...figs(312, ["5", "0", "5"]),
      ],
    },
  ]).map((r) => r.cells.join("|"));
  assert.ok(rows.includes("2.保护第三方合法权益|4|0|4|0|0|0|0"), rows.join("\n"));
  assert.ok(!rows.some((r) => r.includes("不予益")), rows.join("\n"));
});

test("a label's first figure set close to its text, the label wrapped below: the figure stays a figure", async () => {
  const { positionedToRows } = await import("../../src/parser/extract/positioned.js");
  const tok = (text: string, x: number, y: number) => ({ text, x0: x, y0: y - 9, x1: x + 9 * [...text].length, y1: y });
  const figs = (y: number, vs: string[]) => [...vs, "0", "0", "0", "0"].map((v, k) => tok(v, 320 + 30 * k, y));
  // 2.其他法律行 ends 7 units (under an em) before its row's first figure; its rest is on the line below
  const rows = positionedToRows([
    {
      page: 1,
      width: 595,
      height: 842,
      tokens: [
        tok("自然人", 320, 170),
        tok("1.国家秘密", 250, 200),
        ...figs(200, ["3", "0", "3"]),
        tok("2.其他法律行", 250, 222),
        ...figs(222, ["0", "5", "5"]),
        tok("政法规禁止公", 250, 236),
        tok("3.三安全一", 250, 258),
        ...figs(258, ["1", "0", "1"]),
      ],
    },
  ]).map((r) => r.cells.join("|"));
  assert.ok(rows.includes("2.其他法律行政法规禁止公|0|5|5|0|0|0|0"), rows.join("\n"));
});

test("a group label beside a sub-row label's wrapped rest that carries the row's figures: the rest joins its label", async () => {
  const { positionedToRows } = await import("../../src/parser/extract/positioned.js");
  const tok = (text: string, x: number, y: number) => ({ text, x0: x, y0: y - 9, x1: x + 9 * [...text].length, y1: y });
  const figs = (y: number, vs: string[]) => [...vs, "0", "0", "0", "0"].map((v, k) => tok(v, 320 + 30 * k, y));
  // figures set to the cell's bottom: on the rest's line, which the group label (centred in its tall cell) shares
  const rows = positionedToRows([
    {
      page: 1,
      width: 595,
      height: 842,
      tokens: [
        tok("自然人", 320, 170),
        tok("1.信访举报投诉", 150, 200),
        ...figs(200, ["3", "0", "3"]),
        tok("2.要求行政机关确认", 150, 222),
        tok("(五)不予处理", 40, 236),
        tok("已获取信息", 150, 236),
        ...figs(236, ["4", "0", "4"]),
        tok("3.重复申请", 150, 258),
        ...figs(258, ["1", "0", "1"]),
      ],
    },
  ]).map((r) => r.cells.join("|"));
  assert.ok(rows.includes("2.要求行政机关确认已获取信息|4|0|4|0|0|0|0"), rows.join("\n"));
  assert.ok(
    rows.some((r) => r.startsWith("(五)不予处理")),
    rows.join("\n"),
  );
});

test("the same with the labels centred in their cells: the rest is centred under its label", async () => {
  const { positionedToRows } = await import("../../src/parser/extract/positioned.js");
  const tok = (text: string, x: number, y: number) => ({ text, x0: x, y0: y - 9, x1: x + 9 * [...text].length, y1: y });
  const figs = (y: number, vs: string[]) => [...vs, "0", "0", "0", "0"].map((v, k) => tok(v, 320 + 30 * k, y));
  const rows = positionedToRows([
    {
      page: 1,
      width: 595,
      height: 842,
      tokens: [
        tok("自然人", 320, 170),
        tok("1.信访举报投诉", 159, 200),
        ...figs(200, ["3", "0", "3"]),
        tok("2.要求行政机关确认", 150, 222),
        tok("(五)不予处理", 40, 236),
        tok("已获取信息", 168, 236),
        ...figs(236, ["4", "0", "4"]),
        tok("3.重复申请", 168, 258),
        ...figs(258, ["1", "0", "1"]),
      ],
    },
  ]).map((r) => r.cells.join("|"));
  assert.ok(rows.includes("2.要求行政机关确认已获取信息|4|0|4|0|0|0|0"), rows.join("\n"));
  assert.ok(
    rows.some((r) => r.startsWith("(五)不予处理")),
    rows.join("\n"),
  );
});

test("a group label on a baseline between a wrapped label's lines does not part them", async () => {
  const { positionedToRows } = await import("../../src/parser/extract/positioned.js");
  const tok = (text: string, x: number, y: number) => ({ text, x0: x, y0: y - 9, x1: x + 9 * [...text].length, y1: y });
  const figs = (y: number, vs: string[]) => [...vs, "0", "0", "0", "0"].map((v, k) => tok(v, 320 + 30 * k, y));
  const rows = positionedToRows([
    {
      page: 1,
      width: 595,
      height: 842,
      tokens: [
        tok("自然人", 320, 170),
        tok("1.申请人逾期不补正", 150, 196),
        ...figs(196, ["3", "0", "3"]),
        tok("2.申请人逾期未按通知", 150, 214),
        tok("(六)其他处理", 40, 219),
        tok("缴纳费用、不再处理", 150, 224),
        ...figs(224, ["4", "0", "4"]),
        tok("3.其他", 150, 246),
        ...figs(246, ["1", "0", "1"]),
      ],
    },
  ]).map((r) => r.cells.join("|"));
  assert.ok(rows.includes("2.申请人逾期未按通知缴纳费用、不再处理|4|0|4|0|0|0|0"), rows.join("\n"));
  assert.ok(
    rows.some((r) => r.startsWith("(六)其他处理")),
    rows.join("\n"),
  );
});

test("a group label on a baseline between a wrapped label's line and its figures: the figures and the rest go with the label", async () => {
  const { positionedToRows } = await import("../../src/parser/extract/positioned.js");
  const tok = (text: string, x: number, y: number) => ({ text, x0: x, y0: y - 9, x1: x + 9 * [...text].length, y1: y });
  const figs = (y: number, vs: string[]) => [...vs, "0", "0", "0", "0"].map((v, k) => tok(v, 320 + 30 * k, y));
  // figures centred in the row (between the label's two lines), the group label centred in its tall
  // cell just below them, the label's rest centred under its first line
  const rows = positionedToRows([
    {
      page: 1,
      width: 595,
      height: 842,
      tokens: [
        tok("自然人", 320, 170),
        tok("3.危及安全稳定", 132, 250),
        ...figs(250, ["2", "0", "2"]),
        tok("4.保护第三方合法权", 132, 272),
        ...figs(278, ["5", "1", "6"]),
        tok("(三)不予", 60, 283),
        tok("益", 172, 288),
        tok("公开", 69, 295),
        tok("5.属于内部事务", 132, 305),
        ...figs(305, ["7", "0", "7"]),
      ],
    },
  ]).map((r) => r.cells.join("|"));
  assert.ok(rows.includes("4.保护第三方合法权益|5|1|6|0|0|0|0"), rows.join("\n"));
  assert.ok(!rows.some((r) => r.startsWith("(三)") && r.includes("|5|")), rows.join("\n"));
});

test("a group label set to its cell's top, on its first sub-row's line: the sub-row label's wrapped rest joins it", async () => {
  const { positionedToRows } = await import("../../src/parser/extract/positioned.js");
  const tok = (text: string, x: number, y: number) => ({ text, x0: x, y0: y - 9, x1: x + 9 * [...text].length, y1: y });
  const figs = (y: number, vs: string[]) => [...vs, "0", "0", "0", "0"].map((v, k) => tok(v, 320 + 30 * k, y));
  const rows = positionedToRows([
    {
      page: 1,
      width: 595,
      height: 842,
      tokens: [
        tok("自然人", 320, 170),
        tok("5.要求行政机关确认信息", 150, 196),
        ...figs(196, ["1", "0", "1"]),
        tok("(六)其他处理", 40, 220),
        tok("1.申请人无正当理由逾期不补", 150, 220),
        ...figs(220, ["4", "0", "4"]),
        tok("正、不再处理其申请", 150, 232),
        tok("2.申请人逾期未按收费通知要", 150, 256),
        ...figs(256, ["2", "0", "2"]),
        tok("3.其他", 150, 280),
        ...figs(280, ["3", "0", "3"]),
      ],
    },
  ]).map((r) => r.cells.join("|"));
  assert.ok(
    rows.some((r) => r.endsWith("1.申请人无正当理由逾期不补正、不再处理其申请|4|0|4|0|0|0|0")),
    rows.join("\n"),
  );
  assert.ok(!rows.includes("正、不再处理其申请"), rows.join("\n"));
});
