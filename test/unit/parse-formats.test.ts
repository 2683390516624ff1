// End to end through parseReport: the same invented report as an HTML page, a DOCX and a PDF.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseReport, fatalOf } from "../../src/parser/index.js";
import { variablesFor, type FormatVersion } from "../../src/codebook/index.js";
import { syntheticValues } from "../../src/synthetic/values.js";
import { reportBlocks } from "../../src/synthetic/render.js";
import { reportDocx, reportHtml, reportPdf } from "../helpers/report-files.js";

const report = (format: FormatVersion, seed: number) => {
  const v = syntheticValues(seed, format);
  const year = format === "2019" ? 2020 : 2023;
  return { v, year, blocks: reportBlocks(v, { format, year, agency: "广州市测试数据管理局", zeroAs: "" }) };
};

async function expectAll(
  bytes: Uint8Array,
  filename: string,
  format: FormatVersion,
  v: Record<string, number>,
  year: number,
) {
  const r = await parseReport(bytes, { filename });
  assert.equal(fatalOf(r), undefined, JSON.stringify(r.issues));
  for (const x of variablesFor(format)) assert.equal(r.values[x.name], v[x.name], `${filename} ${x.name}`);
  assert.deepEqual([r.meta.year, r.meta.format, r.meta.agency], [year, format, "广州市测试数据管理局"]);
  assert.deepEqual(
    r.issues.filter((i) => i.severity === "error"),
    [],
  );
  assert.match(r.sections.summary ?? "", /认真落实政务公开/);
  assert.match(r.sections.other ?? "", /^本年度未收取信息处理费。$/);
  return r;
}

for (const format of ["2019", "2021"] as const) {
  test(`${format}: HTML page with blank (&nbsp;) cells, colspan headers and page chrome`, async () => {
    const { v, year, blocks } = report(format, 51);
    const r = await expectAll(Buffer.from(reportHtml(blocks, "2024-02-01")), "report.html", format, v, year);
    assert.equal(r.meta.published, "2024-02-01");
    assert.equal(r.meta.inputKind, "html");
    assert.ok(
      Object.values(r.cells).some((c) => c.status === "blank"),
      "blank cells read as zero, marked blank",
    );
  });
  test(`${format}: DOCX written with the docx package`, async () => {
    const { v, year, blocks } = report(format, 52);
    const r = await expectAll(await reportDocx(blocks), "report.docx", format, v, year);
    assert.equal(r.meta.inputKind, "docx");
  });
  test(`${format}: PDF text layer (positioned runs, rows rebuilt from coordinates, zero cells printed blank)`, async () => {
    for (const seed of [53, 61, 65]) {
      const { v, year, blocks } = report(format, seed);
      const r = await expectAll(await reportPdf(blocks), "report.pdf", format, v, year);
      assert.equal(r.meta.inputKind, "pdf");
    }
  });
}

test("an HTML page that is not a report is NOT_A_REPORT", async () => {
  const html =
    "<html><head><title>首页</title></head><body><div class=nav>首页 新闻 政务公开</div><p>欢迎访问本网站。</p></body></html>";
  assert.equal(fatalOf(await parseReport(Buffer.from(html), { filename: "index.html" }))?.code, "NOT_A_REPORT");
});

test("a legacy .doc gets a clear 'convert to DOCX or PDF' error", async () => {
  const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(2000)]);
  const f = fatalOf(await parseReport(ole, { filename: "年报.doc" }));
  assert.equal(f?.code, "UNSUPPORTED_FORMAT");
  assert.match(f!.message, /DOCX or PDF/);
});
