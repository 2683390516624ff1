import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PDFDocument, degrees, rgb } from "pdf-lib";
import { extractPdf } from "../../src/parser/extract/pdf.js";
import { pageLines, type PageText, type Run } from "../../src/parser/extract/pdf-lines.js";
import { linesToRows } from "../../src/parser/extract/pdf-rows.js";
import type { Extraction } from "../../src/parser/types.js";
import { CjkPdf, embeddedFontMissing, type CjkPage, type FontMode } from "../helpers/cjk-pdf.js";

// Invented report: agency, text and figures are made up; only the table layout follows real reports.
const COLS = [300, 330, 360, 390, 420, 450, 490];

/**
 * Narrative text broken into lines between two margins, first line indented, as a word processor does;
 * below `bottom` it goes on at the top of the next page. Returns where the next line would go.
 */
function paragraph(pdf: CjkPdf, pages: CjkPage[], text: string, y: number, opts: { charRuns?: boolean } = {}): number {
  const [size, left, right, bottom, top] = [16, 58, 530, 80, 780];
  let p = pages.shift()!;
  const put = (s: string) => (opts.charRuns ? p.chars(s, x, y, size) : p.text(s, x, y, size));
  let line = "";
  let x = left + 2 * size;
  for (const ch of text) {
    if (x + pdf.width(line + ch, size) > right) {
      put(line);
      y -= 1.7 * size;
      line = "";
      x = left;
      if (y < bottom && pages.length) [p, y] = [pages.shift()!, top];
    }
    line += ch;
  }
  if (line) put(line);
  return y - 1.7 * size;
}

function figures(p: CjkPage, vals: string[], y: number) {
  vals.forEach((v, i) => p.figure(v, COLS[i]!, y, 12));
}

const TITLE = "示例县测试局2031年政府信息公开工作年度报告";
const PARA1 =
  "2031年，本局认真贯彻政府信息公开条例，全年主动公开政府信息共计128条，其中政策文件16件，依申请公开工作有序开展，答复均在法定期限内完成。";
const PARA2 =
  "本年度工作仍有不足，下一步将加强培训，提升依申请公开答复质量，完善政府信息管理制度，推动公开平台建设再上新台阶。";
// long enough to run over the page break after its second line
const PARA3 =
  "本局严格执行信息处理费管理办法，全年未收取信息处理费，并在门户网站公布收费标准和办理流程，另有事项需要说明如下：一是公开目录已全面更新；二是年度报告按期发布。";
const L = {
  h1: "一、总体情况",
  h3: "三、收到和处理政府信息公开申请情况",
  h5: "五、存在的主要问题及改进情况",
  h6: "六、其他需要报告的事项",
  n1: "一、本年新收政府信息公开申请数量",
  n2: "二、上年结转政府信息公开申请数量",
  n3: "三、本年度办理结果",
  g1: "（一）予以公开",
  g2a: "（二）部分公开（区分处理的，只计",
  g2b: "这一情形，不计其他情形）",
  g3: "（三）不予公开",
  d1: "1.属于国家秘密",
  d2: "2.其他法律行政法规禁止公开",
  d3: "3.危及“三安全一稳定”",
  d4: "4.保护第三方合法权益",
  d5: "5.属于三类内部事务信息",
  g7: "（七）总计",
  n4: "四、结转下年度继续办理",
  sign: "示例县测试局",
  date: "2032年1月20日",
};

async function reportPdf(mode: FontMode = "standard"): Promise<Uint8Array> {
  const pdf = await CjkPdf.create(mode);
  await pdf.prepare(TITLE, PARA1, PARA2, PARA3, ...Object.values(L), "0123456789—- 第页");
  const [p1, p2, p3] = [pdf.page(), pdf.page(), pdf.page()];
  p1.text(TITLE, 100, 790, 18);
  p1.text(L.h1, 90, 750, 16);
  paragraph(pdf, [p1], PARA1, 720);
  p1.text(L.h3, 90, 600, 16);
  p1.text(L.n1, 40, 560, 10);
  figures(p1, ["37", "2", "0", "1", "0", "0", "40"], 559);
  p1.text(L.n2, 40, 540, 10);
  figures(p1, ["3", "0", "0", "0", "0", "0", "3"], 539);
  // rotated group label in its own narrow column, beside the outcome rows
  p1.text(L.n3, 62, 420, 10, { rotate: 90 });
  p1.text(L.g1, 70, 520, 10);
  figures(p1, ["18", "1", "0", "0", "0", "0", "19"], 519);
  // wrapped label, figures printed on a baseline between its two lines
  p1.text(L.g2a, 70, 502, 9);
  figures(p1, ["5", "0", "0", "1", "0", "0", "6"], 495);
  p1.text(L.g2b, 70, 488.5, 9);
  // group label centred beside its sub-rows, on no sub-row's baseline
  p1.text(L.g3, 70, 437, 9);
  p1.text(L.d1, 140, 470, 9);
  figures(p1, ["0", "0", "0", "0", "0", "0", "0"], 469);
  p1.text(L.d2, 140, 450, 9);
  figures(p1, ["1", "0", "0", "0", "0", "0", "1"], 449);
  p1.text(L.d3, 140, 430, 9);
  figures(p1, ["0", "0", "0", "0", "0", "0", "0"], 429);
  p1.text(L.d4, 140, 410, 9);
  figures(p1, ["2", "0", "0", "0", "0", "0", "2"], 409);
  p1.text("- 1 -", 285, 40, 10);

  p2.text(L.d5, 140, 780, 9);
  figures(p2, ["0", "0", "0", "0", "0", "0", "0"], 779);
  p2.text(L.g7, 70, 760, 9);
  figures(p2, ["26", "1", "0", "1", "0", "0", "28"], 759);
  p2.text(L.n4, 40, 740, 10);
  figures(p2, ["14", "1", "0", "—", "0", "0", "15"], 739);
  p2.text(L.h5, 90, 700, 16);
  paragraph(pdf, [p2], PARA2, 670, { charRuns: true });
  p2.text(L.h6, 90, 160, 16);
  paragraph(pdf, [p2, p3], PARA3, 130);
  p2.text("- 2 -", 285, 40, 10);

  p3.text(L.sign, 400, 680, 16);
  p3.text(L.date, 400, 655, 16);
  p3.text("第3页", 280, 810, 10);
  return pdf.bytes();
}

const cells = (x: Extraction) => x.rows.map((r) => r.cells);

const fig = (label: string, ...v: string[]) => [label, ...v];
const EXPECTED = [
  [TITLE],
  [L.h1],
  [PARA1],
  [L.h3],
  fig(L.n1, "37", "2", "0", "1", "0", "0", "40"),
  fig(L.n2, "3", "0", "0", "0", "0", "0", "3"),
  [L.n3], // the rotated label once, before the rows it stands beside
  fig(L.g1, "18", "1", "0", "0", "0", "0", "19"),
  fig(L.g2a + L.g2b, "5", "0", "0", "1", "0", "0", "6"), // wrapped label, figures between its lines: one row
  [L.g3], // the centred group label moved up to its first sub-row
  fig(L.d1, "0", "0", "0", "0", "0", "0", "0"),
  fig(L.d2, "1", "0", "0", "0", "0", "0", "1"),
  fig(L.d3, "0", "0", "0", "0", "0", "0", "0"),
  fig(L.d4, "2", "0", "0", "0", "0", "0", "2"),
  fig(L.d5, "0", "0", "0", "0", "0", "0", "0"), // page 2: the table goes on, "- 1 -" is gone
  fig(L.g7, "26", "1", "0", "1", "0", "0", "28"),
  fig(L.n4, "14", "1", "0", "—", "0", "0", "15"),
  [L.h5],
  [PARA2], // written one character per run
  [L.h6],
  [PARA3], // continued over the page break, past "- 2 -"
  [L.sign],
  [L.date],
];

for (const mode of ["standard", "embedded"] as const) {
  const skip = mode === "embedded" ? (embeddedFontMissing() ?? false) : false;
  test(`invented report (${mode} CJK font): paragraphs, table rows rebuilt from positions, labels in reading order, across pages`, {
    skip,
  }, async () => {
    const x = await extractPdf(await reportPdf(mode));
    assert.equal(x.kind, "pdf");
    assert.deepEqual(x.issues, []);
    assert.equal(x.published, null);
    assert.deepEqual(cells(x), EXPECTED);
    const byFirst = new Map(x.rows.map((r) => [r.cells[0], r]));
    assert.equal(byFirst.get(L.g1)?.table, true);
    assert.equal(byFirst.get(L.n3)?.table, true);
    assert.equal(byFirst.get(PARA1)?.table, undefined);
    assert.equal(byFirst.get(L.d5)?.page, 2);
    assert.equal(byFirst.get(PARA3)?.page, 2);
  });
}

test("a PDF without a text layer (a scan) → PDF_NO_TEXT", async () => {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawRectangle({ x: 50, y: 50, width: 400, height: 600, color: rgb(0.8, 0.8, 0.8) });
  const x = await extractPdf(await doc.save());
  assert.deepEqual(x.rows, []);
  assert.equal(x.issues.length, 1);
  assert.equal(x.issues[0]!.code, "PDF_NO_TEXT");
  assert.equal(x.issues[0]!.severity, "error");
  assert.match(x.issues[0]!.message, /no text layer.*OCR/);
});

test("one page without text among text pages → PDF_NO_TEXT warning, the rest is read", async () => {
  const pdf = await CjkPdf.create();
  pdf.page().text("一、总体情况", 90, 750, 16);
  pdf.page().page.drawRectangle({ x: 50, y: 50, width: 100, height: 100 });
  const x = await extractPdf(await pdf.bytes());
  assert.deepEqual(cells(x), [["一、总体情况"]]);
  assert.equal(x.issues[0]?.code, "PDF_NO_TEXT");
  assert.equal(x.issues[0]?.severity, "warning");
  assert.match(x.issues[0]!.message, /page 2/);
});

test("a truncated PDF → PDF_DAMAGED, no throw", async () => {
  const bytes = await reportPdf();
  for (const cut of [0.3, 0.6, 0.9]) {
    const x = await extractPdf(bytes.slice(0, Math.floor(bytes.length * cut)));
    assert.equal(x.issues[0]?.code, "PDF_DAMAGED", `cut at ${cut}`);
    assert.equal(x.issues[0]?.severity, "error");
  }
});

test("junk and empty input → PDF_DAMAGED, and the caller's bytes are left alone", async () => {
  const junk = new Uint8Array(200_000).map((_, i) => (i * 7919) % 251);
  const x = await extractPdf(junk);
  assert.equal(x.issues[0]?.code, "PDF_DAMAGED");
  assert.equal(junk.length, 200_000);
  assert.equal((await extractPdf(new Uint8Array(0))).issues[0]?.code, "PDF_DAMAGED");
});

test("a Node Buffer (what readFileSync gives) is read like a Uint8Array", async () => {
  const pdf = await CjkPdf.create();
  pdf.page().text("一、总体情况", 90, 750, 16);
  const buf = Buffer.from(await pdf.bytes());
  assert.deepEqual(cells(await extractPdf(buf)), [["一、总体情况"]]);
  assert.equal(buf.subarray(0, 5).toString(), "%PDF-");
});

/** A minimal PDF by hand whose trailer names an /Encrypt dictionary (standard handler, RC4 40-bit)
 *  with a user password: pdf-lib cannot encrypt, and pdfjs must ask for the password. */
function encryptedPdf(): Uint8Array {
  const hex = (n: number, seed: number) =>
    Array.from({ length: n }, (_, i) => ((i * 37 + seed) % 256).toString(16).padStart(2, "0")).join("");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    `<< /Filter /Standard /V 1 /R 2 /O <${hex(32, 11)}> /U <${hex(32, 99)}> /P -44 >>`,
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<${hex(16, 5)}> <${hex(16, 5)}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

test("a password-protected PDF → PDF_ENCRYPTED", async () => {
  const x = await extractPdf(encryptedPdf());
  assert.deepEqual(x.rows, []);
  assert.equal(x.issues[0]?.code, "PDF_ENCRYPTED");
  assert.equal(x.issues[0]?.severity, "error");
});

test("more pages than the cap → INPUT_TOO_LARGE, nothing read", async () => {
  const pdf = await CjkPdf.create();
  for (let i = 0; i < 3; i++) pdf.page().text("正文", 90, 750, 16);
  const x = await extractPdf(await pdf.bytes(), { maxPages: 2 });
  assert.equal(x.issues[0]?.code, "INPUT_TOO_LARGE");
  assert.match(x.issues[0]!.message, /3 pages/);
});

test("a time budget that runs out → PDF_DAMAGED, no hang", async () => {
  const x = await extractPdf(await reportPdf(), { timeLimitMs: 1 });
  assert.equal(x.issues[0]?.code, "PDF_DAMAGED");
  assert.match(x.issues[0]!.message, /time|too long/);
});

test("the document title comes from the PDF properties", async () => {
  const pdf = await CjkPdf.create();
  pdf.page().text("正文", 90, 750, 16);
  pdf.doc.setTitle("Microsoft Word - 示例县2031年报告.docx");
  assert.equal((await extractPdf(await pdf.bytes())).title, "示例县2031年报告");
});

// ——— line and cell rules on hand-made runs (top-down coordinates, y = baseline)

const run = (text: string, x: number, y: number, size = 10, w = [...text].length * size): Run => ({
  text,
  x,
  y,
  w,
  size,
});
const page = (runs: Run[], spaces: Run[] = []): PageText => ({
  page: 1,
  width: 595,
  height: 842,
  runs,
  spaces,
  turned: [],
});
const lineTexts = (p: PageText) => pageLines(p).lines.map((l) => l.cells.map((c) => c.text));

test("runs → cells: CJK joined without spaces, figures kept apart however close, a split number joined", () => {
  assert.deepEqual(
    lineTexts(
      page(
        [
          run("总", 50, 100),
          run("计", 61, 100),
          run("受理", 80, 120),
          run("2031", 101, 120, 10, 20),
          run("年", 124, 120),
        ],
        [run(" ", 121, 120)],
      ),
    ),
    [
      ["总计"],
      ["受理2031 年"], // a space only where the text layer has one (pdfjs marks gaps with blank runs)
    ],
  );
  // two figures 4 pt apart (0.33 em): two cells; "77" + "30.28" touching: one
  assert.deepEqual(
    lineTexts(
      page([
        run("合计", 20, 200),
        run("12", 100, 200, 12, 12),
        run("3", 116, 200, 12, 6),
        run("77", 160, 200, 12, 12),
        run("30.28", 172, 200, 12, 30),
      ]),
    ),
    [["合计", "12", "3", "7730.28"]],
  );
  // label and figures on slightly different baselines (different font sizes) stay one line
  assert.deepEqual(
    lineTexts(page([run("一、本年新收", 20, 300, 10), run("21", 300, 301.5, 14, 14), run("0", 330, 301.5, 14, 7)])),
    [["一、本年新收", "21", "0"]],
  );
});

test("page numbers alone at the page edge are dropped, elsewhere kept", () => {
  for (const folio of ["- 3 -", "— 3 —", "-3-", "第3页", "3/5", "第3页共5页"]) {
    assert.deepEqual(lineTexts(page([run("正文一行", 60, 100), run(folio, 280, 800)])), [["正文一行"]], folio);
    assert.deepEqual(lineTexts(page([run(folio, 280, 30), run("正文一行", 60, 100)])), [["正文一行"]], folio);
  }
  // a bare number: a page-number candidate when it is the outermost line and clear of the text …
  const rowsOf = (...pages: PageText[]) => {
    const got = pages.map((p) => pageLines(p));
    return linesToRows(
      got.flatMap((g) => g.lines),
      got.flatMap((g) => g.spanners),
    ).map((r) => r.cells);
  };
  assert.deepEqual(rowsOf(page([run("正文一行", 60, 700), run("3", 290, 800, 10, 5)])), [["正文一行"]]);
  // … kept when it sits right under the text (a table's last figure) or mid-page
  assert.deepEqual(lineTexts(page([run("正文一行", 60, 750), run("3", 290, 762, 10, 5)])), [["正文一行"], ["3"]]);
  assert.deepEqual(lineTexts(page([run("- 3 -", 280, 400)])), [["- 3 -"]]);
  // over several pages: numbers that run with the pages are page numbers; lone figures of a table
  // printed one cell per line across a page break are not
  const on = (n: number, runs: Run[]): PageText => ({ ...page(runs), page: n });
  assert.deepEqual(
    rowsOf(
      on(1, [run("正文一行", 60, 700), run("1", 290, 800, 10, 5)]),
      on(2, [run("正文二行", 60, 700), run("2", 290, 800, 10, 5)]),
    ),
    [["正文一行"], ["正文二行"]],
  );
  assert.deepEqual(
    rowsOf(
      on(1, [run("本年新收", 60, 700), run("9", 60, 800, 10, 5)]),
      on(2, [run("0", 60, 30, 10, 5), run("上年结转", 60, 100)]),
      on(3, [run("正文", 60, 100)]),
    ).flat(),
    ["本年新收", "9", "0", "上年结转", "正文"],
  );
});

test("characters stacked one per line beside table rows become one label, not stray cells", () => {
  const rows = ["1.第一项", "2.第二项", "3.第三项", "4.第四项"];
  const runs: Run[] = [];
  ["办", "理", "结", "果"].forEach((ch, i) => runs.push(run(ch, 30, 300 + 20 * i)));
  rows.forEach((label, i) => {
    runs.push(
      run(label, 80, 300 + 20 * i),
      run(String(i), 300, 300 + 20 * i, 10, 5),
      run("0", 330, 300 + 20 * i, 10, 5),
    );
  });
  const got = pageLines(page(runs));
  assert.deepEqual(
    got.lines.map((l) => l.cells.map((c) => c.text)),
    rows.map((l, i) => [l, String(i), "0"]),
  );
  assert.deepEqual(
    got.spanners.map((s) => s.text),
    ["办理结果"],
  );
});

test("Kangxi radicals from odd font maps read as the ordinary characters", () => {
  assert.deepEqual(lineTexts(page([run("\u2F00、总体情况", 60, 100)])), [["一、总体情况"]]);
});

test("faux bold (the same text printed twice, slightly offset) is read once", () => {
  assert.deepEqual(lineTexts(page([run("一、总体情况", 60, 100, 16), run("一、总体情况", 60.3, 100, 16)])), [
    ["一、总体情况"],
  ]);
  assert.deepEqual(
    lineTexts(page([..."总计"].flatMap((ch, i) => [run(ch, 60 + 10 * i, 100), run(ch, 60.2 + 10 * i, 100.1)]))),
    [["总计"]],
  );
});

const rowsOf = (runs: Run[]) => {
  const got = pageLines(page(runs));
  return linesToRows(got.lines, got.spanners).map((r) => r.cells);
};
const tableRow = (label: string, y: number, vals: (string | null)[], cols = COLS) => [
  run(label, 20, y),
  ...vals.flatMap((v, i) => (v === null ? [] : [run(v, cols[i]! - 3 * v.length, y, 12, 6 * v.length)])),
];

test('blank cells in a figure row become "" where the neighbouring rows have figures', () => {
  assert.deepEqual(
    rowsOf([
      ...tableRow("一、本年新收", 100, ["5", "0", "0", "0", "0", "0", "5"]),
      ...tableRow("二、上年结转", 120, ["1", "0", "0", "0", "0", "0", "1"]),
      ...tableRow("（一）予以公开", 140, ["2", "0", "0", "0", "0", "0", null]),
      ...tableRow("（二）部分公开", 160, ["1", null, "0", "0", "0", "0", "1"]),
    ]),
    [
      ["一、本年新收", "5", "0", "0", "0", "0", "0", "5"],
      ["二、上年结转", "1", "0", "0", "0", "0", "0", "1"],
      ["（一）予以公开", "2", "0", "0", "0", "0", "0", ""],
      ["（二）部分公开", "1", "", "0", "0", "0", "0", "1"],
    ],
  );
  // a one-figure row under three-figure rows is a narrower table, not two blanks
  const cols = [300, 380, 460];
  assert.deepEqual(
    rowsOf([
      ...tableRow("规章", 100, ["0", "0", "0"], cols),
      ...tableRow("规范性文件", 120, ["1", "0", "1"], cols),
      ...tableRow("行政许可", 140, ["550"], [370]),
    ]),
    [
      ["规章", "0", "0", "0"],
      ["规范性文件", "1", "0", "1"],
      ["行政许可", "550"],
    ],
  );
});

test("a row whose cells are all blank gets blanks, not its neighbour's figures", () => {
  const seven = ["0", "0", "0", "0", "0", "0", "0"];
  assert.deepEqual(
    rowsOf([
      ...tableRow("1.信访举报投诉类申请", 100, ["1", "0", "0", "0", "0", "0", "1"]),
      ...tableRow("2.重复申请", 120, seven),
      ...tableRow("3.要求提供公开出版物", 140, []),
      ...tableRow("4.无正当理由大量反复申请", 160, seven),
      ...tableRow("5.要求确认或重新出具已获取信息", 180, seven),
    ]),
    [
      ["1.信访举报投诉类申请", "1", "0", "0", "0", "0", "0", "1"],
      ["2.重复申请", ...seven],
      ["3.要求提供公开出版物", "", "", "", "", "", "", ""],
      ["4.无正当理由大量反复申请", ...seven],
      ["5.要求确认或重新出具已获取信息", ...seven],
    ],
  );
});

test("wrapped labels: the line on the far side of the figures joins; a line without that sign stays apart", () => {
  const seven = ["0", "0", "0", "0", "0", "0", "0"];
  assert.deepEqual(
    rowsOf([
      ...tableRow("1.第一行", 80, seven),
      // figures nearer the first label line, the second line below them: joined as the label's tail
      run("2.这一行的标签很长", 20, 100),
      ...tableRow("", 105, ["3", "0", "0", "0", "0", "0", "3"]).slice(1),
      run("需要折行", 20, 113),
      ...tableRow("3.第三行", 130, seven),
      // a close line under a row whose figures share its baseline: no sign of one cell, left as it is
      run("（注：本行为说明）", 20, 143),
      ...tableRow("4.第四行", 160, seven),
    ]),
    [
      ["1.第一行", ...seven],
      ["2.这一行的标签很长需要折行", "3", "0", "0", "0", "0", "0", "3"],
      ["3.第三行", ...seven],
      ["（注：本行为说明）"],
      ["4.第四行", ...seven],
    ],
  );
});

test("table 4's one figure row, mostly blank, under column words run together: placed by where the words stand", () => {
  // columns of unequal width: each block's first column (结果维持 unwrapped) is wide, the others narrow and
  // wrapped over two lines; the narrow columns' words come as one run each line (a recogniser's box over
  // several cells, or words set close). An even split of the blocks would put the 1 under 其他结果, where
  // 3 + 0 + 1 + 0 = 4 adds up just as well: only the words' places tell it stands under 结果纠正.
  const head = (block: number) => 100 + 150 * block;
  const runs = [
    run("行政复议", 100, 100, 8, 32),
    run("行政诉讼", 250, 100, 8, 32),
    run("未经复议直接起诉", 250, 112, 8, 64),
    run("复议后起诉", 400, 112, 8, 40),
    ...[0, 1, 2].flatMap((b) => [
      run("结果维持", head(b), 124, 8, 32),
      ...(b < 2
        ? [
            run("结果其他尚未", head(b) + 60, 124, 8, 60),
            run("总计", head(b) + 126, 128, 8, 16),
            run("纠正结果审结", head(b) + 60, 136, 8, 60),
          ]
        : [run("结果其他尚未总", head(b) + 60, 124, 8, 82), run("纠正结果审结计", head(b) + 60, 136, 8, 82)]),
    ]),
    ...(
      [
        ["3", 100],
        ["1", 160],
        ["4", 226],
        ["2", 354],
        ["2", 376],
      ] as const
    ).map(([t, x]) => run(t, x, 150, 8, 5)),
  ];
  const rows = rowsOf(runs);
  assert.deepEqual(rows[rows.length - 1], ["3", "1", "", "", "4", "", "", "", "2", "2", "", "", "", "", ""]);
  // the same figures that do not add up (4 read where 5 is the total): left as printed, not placed
  const bad = rowsOf(runs.map((r) => (r.text === "4" ? { ...r, text: "5" } : r)));
  assert.deepEqual(bad[bad.length - 1], ["3", "1", "5", "2", "2"]);
});

test("a landscape page (/Rotate 90) reads like any other", async () => {
  const pdf = await CjkPdf.create();
  const p = pdf.page();
  p.page.setRotation(degrees(90));
  // drawn upward in page space, shown left to right once the page is turned; lines go down with x
  p.text("二、上年结转政府信息公开申请数量", 100, 40, 10, { rotate: 90 });
  COLS.forEach((cx, i) => p.text(String(i), 100, cx, 12, { rotate: 90 }));
  p.text("四、结转下年度继续办理", 125, 40, 10, { rotate: 90 });
  COLS.forEach((cx) => p.text("0", 125, cx, 12, { rotate: 90 }));
  assert.deepEqual(cells(await extractPdf(await pdf.bytes())), [
    ["二、上年结转政府信息公开申请数量", "0", "1", "2", "3", "4", "5", "6"],
    ["四、结转下年度继续办理", "0", "0", "0", "0", "0", "0", "0"],
  ]);
});

// ——— the real report in the shared corpus (read at run time; skipped where the corpus is absent)

const CORPUS = fileURLToPath(new URL("../../../shared/corpus/real/", import.meta.url));
const hongze = `${CORPUS}hongze-2023.pdf`;

test("real WPS export (hongze-2023): every table-3 row's figures follow its label, in order", {
  skip: !existsSync(hongze) && "shared/corpus not beside the repo",
}, async () => {
  const { t3Rows, t3Var, T3_COLUMNS, T4_BLOCKS, T4_COLUMNS, t4Var } = await import("../../src/parser/tables/layout.js");
  const gold = JSON.parse(readFileSync(`${CORPUS}hongze-2023.gold.json`, "utf8"));
  const x = await extractPdf(new Uint8Array(readFileSync(hongze)));
  assert.deepEqual(x.issues, []);
  const norm = (s: string) => s.normalize("NFKC").replace(/\s+/g, "");
  const after = (i: number, n: number) =>
    x.rows
      .slice(i)
      .flatMap((r, k) => (k ? r.cells : r.cells.slice(1)))
      .filter((c) => /^\d+(\.\d+)?$/.test(c))
      .slice(0, n)
      .map(Number);
  let at = 0;
  // this report prints (六)其他处理 as one row: its figures are the gold t3_other_*
  const keys = t3Rows("2021")
    .map((r) => r.key)
    .filter((k) => !k.startsWith("other_"));
  keys.splice(keys.indexOf("result_total"), 0, "other");
  for (const key of keys) {
    const words = [...t3Rows("2021"), ...t3Rows("2019")].find((r) => r.key === key)!.words;
    const i = x.rows.findIndex((r, k) => k >= at && words.some((w) => norm(r.cells[0] ?? "").includes(w)));
    assert.ok(i >= 0, `row ${key} found`);
    assert.deepEqual(
      after(i, 7),
      T3_COLUMNS.map((c) => gold.values[t3Var(key, c)]),
      `row ${key}`,
    );
    at = i + 1;
  }
  const h4 = x.rows.findIndex((r, k) => k >= at && r.cells.some((c) => c.includes("行政复议")));
  assert.deepEqual(
    after(h4 + 1, 15),
    T4_BLOCKS.flatMap((b) => T4_COLUMNS.map((c) => gold.values[t4Var(b, c)])),
  );
  // page numbers are not in the rows
  assert.ok(!x.rows.some((r) => r.cells.some((c) => /^-\s*\d+\s*-$/.test(c))));
});
