import { test } from "node:test";
import assert from "node:assert/strict";
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from "docx";
import { extractDocx } from "../../src/parser/extract/docx.js";
import { sniffInput } from "../../src/parser/decode.js";

const cell = (text: string, opts: { columnSpan?: number; rowSpan?: number } = {}) =>
  new TableCell({ children: [new Paragraph(text)], ...opts });

/** An invented report fragment: a title, a narrative paragraph and a table-3 excerpt with merged cells. */
async function sampleDocx(): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun({ text: "示范乡2022年政府信息公开工作年度报告", bold: true })] }),
          new Paragraph({
            children: [
              new TextRun("2022年，本乡主动公开政府信息"),
              new TextRun({ text: "57", bold: true }),
              new TextRun("条。"),
            ],
          }),
          new Table({
            rows: [
              new TableRow({
                children: [
                  cell("一、本年新收政府信息公开申请数量", { columnSpan: 2 }),
                  cell("5"),
                  cell("1"),
                  cell("6"),
                ],
              }),
              new TableRow({
                children: [
                  cell("三、本年度办理结果", { rowSpan: 2 }),
                  cell("（一）予以公开"),
                  cell("3"),
                  cell(""),
                  cell("3"),
                ],
              }),
              new TableRow({ children: [cell("（二）部分公开"), cell("2"), cell("1"), cell("")] }),
            ],
          }),
          new Paragraph("六、其他需要报告的事项"),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

test("docx: paragraphs and table rows come back, merged cells once, blanks kept", async () => {
  const buf = await sampleDocx();
  assert.deepEqual(sniffInput(buf, "年报.docx"), { kind: "docx" });
  const x = await extractDocx(buf);
  assert.equal(x.kind, "docx");
  assert.deepEqual(x.issues, []);
  assert.deepEqual(
    x.rows.map((r) => [r.table ?? false, r.cells]),
    [
      [false, ["示范乡2022年政府信息公开工作年度报告"]],
      [false, ["2022年，本乡主动公开政府信息57条。"]],
      [true, ["一、本年新收政府信息公开申请数量", "5", "1", "6"]],
      [true, ["三、本年度办理结果", "（一）予以公开", "3", "", "3"]],
      [true, ["（二）部分公开", "2", "1", ""]],
      [false, ["六、其他需要报告的事项"]],
    ],
  );
});

test("docx: a truncated or garbage file gives DOCX_DAMAGED, no throw", async () => {
  const buf = await sampleDocx();
  for (const bad of [
    buf.subarray(0, Math.floor(buf.length / 2)),
    Buffer.from("PK\x03\x04 not really a zip"),
    new Uint8Array(0),
  ]) {
    const x = await extractDocx(bad);
    assert.equal(x.kind, "docx");
    assert.deepEqual(x.rows, []);
    assert.equal(x.issues.length, 1);
    assert.equal(x.issues[0].code, "DOCX_DAMAGED");
    assert.equal(x.issues[0].severity, "error");
  }
});
