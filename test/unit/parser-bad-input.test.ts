// Bad input never crashes or hangs the parser: a clear fatal diagnostic or a result with diagnostics.
import { test } from "node:test";
import assert from "node:assert/strict";
import iconv from "iconv-lite";
import { parseReport, fatalOf } from "../../src/parser/index.js";
import { syntheticValues } from "../../src/synthetic/values.js";
import { renderReport } from "../../src/synthetic/render.js";

const fixture = () =>
  renderReport(syntheticValues(8, "2021"), { format: "2021", year: 2023, agency: "广州市测试局", layout: "lines" });

test("an empty file is EMPTY_FILE", async () => {
  assert.equal(fatalOf(await parseReport(new Uint8Array(0)))?.code, "EMPTY_FILE");
  assert.equal(fatalOf(await parseReport(Buffer.from("  \n\n ")))?.code, "EMPTY_FILE");
});

test("random bytes are BINARY_FILE", async () => {
  let x = 12345;
  const bytes = new Uint8Array(20000).map(() => (x = (x * 1103515245 + 12345) >>> 0) >>> 24);
  assert.equal(fatalOf(await parseReport(bytes))?.code, "BINARY_FILE");
});

test("5 MB of text without tables or headings is NOT_A_REPORT, quickly", async () => {
  const text = "这是一段与政府信息公开年报无关的文字,用来测试解析器在大文件上的表现。\n".repeat(80000);
  const r = await parseReport(Buffer.from(text));
  assert.ok(Buffer.byteLength(text) > 5e6);
  assert.equal(fatalOf(r)?.code, "NOT_A_REPORT");
});

test("a table cut off mid-row parses what is there and reports the rest missing", async () => {
  const text = fixture();
  const cut = text.slice(0, text.indexOf("4.保护第三方合法权益") + 20);
  const r = await parseReport(Buffer.from(cut));
  assert.equal(fatalOf(r), undefined);
  assert.equal(r.values.t3_new_total, syntheticValues(8, "2021").t3_new_total);
  assert.equal(r.values.t3_result_total_total, null);
  assert.ok(r.issues.some((i) => i.code === "CELL_MISSING" && i.where.table === 3));
  assert.ok(r.issues.some((i) => i.code === "TABLE_MISSING" && i.where.table === 4));
});

test("a GBK-encoded copy reads the same as the UTF-8 original", async () => {
  const text = fixture();
  const a = await parseReport(Buffer.from(text), { filename: "a.txt" });
  const b = await parseReport(iconv.encode(text, "gbk"), { filename: "a.txt" });
  assert.deepEqual(b.values, a.values);
  assert.deepEqual(b.sections, a.sections);
  assert.equal(b.meta.agency, "广州市测试局");
});

test("a UTF-8 file with a BOM reads the same as without", async () => {
  const text = fixture();
  const a = await parseReport(Buffer.from(text));
  const b = await parseReport(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
  assert.deepEqual(b.values, a.values);
  assert.equal(b.meta.title, a.meta.title);
});

test("a 50 MB text or HTML file is refused at once as INPUT_TOO_LARGE; a 50 MB junk PDF is PDF_DAMAGED", async () => {
  const text = Buffer.alloc(50 * 1024 * 1024, "政府信息公开年度报告 123\n");
  assert.equal(fatalOf(await parseReport(text, { filename: "big.txt" }))?.code, "INPUT_TOO_LARGE");
  assert.equal(fatalOf(await parseReport(text, { filename: "big.html" }))?.code, "INPUT_TOO_LARGE");
  const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(50 * 1024 * 1024, "junk ")]);
  assert.equal(fatalOf(await parseReport(pdf, { filename: "big.pdf" }))?.code, "PDF_DAMAGED");
});
