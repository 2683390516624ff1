import { test } from "node:test";
import assert from "node:assert/strict";
import iconv from "iconv-lite";
import { decodeText, sniffInput } from "../../src/parser/decode.js";

// invented report text (figures are made up), with digits and line breaks as real reports have
const REPORT = [
  "示范县农业农村局2022年政府信息公开工作年度报告",
  "一、总体情况",
  "2022年，本局主动公开政府信息86条，受理政府信息公开申请7件。",
  "一、本年新收政府信息公开申请数量 6 1 0 0 0 0 7",
  "（七）总计 6 1 0 0 0 0 7",
].join("\n");

const bytes = (...parts: Array<Uint8Array | number[]>) => Buffer.concat(parts.map((p) => Buffer.from(p)));

function kindOf(b: Uint8Array, name?: string) {
  const r = sniffInput(b, name);
  return "kind" in r ? r.kind : r.fatal.code;
}

test("decode: UTF-8 with and without BOM, BOM stripped, nothing guessed", () => {
  const plain = decodeText(Buffer.from(REPORT, "utf8"));
  assert.equal(plain.text, REPORT);
  assert.equal(plain.encoding, "utf-8");
  assert.deepEqual(plain.issues, []);
  const bom = decodeText(bytes([0xef, 0xbb, 0xbf], Buffer.from(REPORT, "utf8")));
  assert.equal(bom.text, REPORT);
});

test("decode: a GBK copy comes back exactly, marked as a guess", () => {
  const r = decodeText(iconv.encode(REPORT, "gbk"));
  assert.equal(r.text, REPORT);
  assert.equal(r.encoding, "gb18030");
  assert.equal(r.issues.length, 1);
  assert.equal(r.issues[0].code, "ENCODING_GUESSED");
  assert.equal(r.issues[0].severity, "info");
});

test("decode: a short GBK line is not mojibake", () => {
  const line = "二、上年结转政府信息公开申请数量";
  assert.equal(decodeText(iconv.encode(line, "gbk")).text, line);
});

test("decode: Big5 (traditional script) is told from GBK", () => {
  const trad = "示範縣衛生健康局2022年政府資訊公開工作年度報告\n一、總體情況\n本局主動公開政府資訊52條，收到申請3件。";
  const r = decodeText(iconv.encode(trad, "big5"));
  assert.equal(r.encoding, "big5");
  assert.equal(r.text, trad);
});

test("decode: UTF-16LE with and without BOM, UTF-16BE with and without BOM", () => {
  const le = iconv.encode(REPORT, "utf-16le");
  const be = iconv.encode(REPORT, "utf-16be");
  for (const [b, enc] of [
    [bytes([0xff, 0xfe], le), "utf-16le"],
    [le, "utf-16le"],
    [bytes([0xfe, 0xff], be), "utf-16be"],
    [be, "utf-16be"],
  ] as const) {
    const r = decodeText(b);
    assert.equal(r.encoding, enc);
    assert.equal(r.text, REPORT, enc);
  }
});

test("decode: a GBK page with <meta charset=gbk> uses the declaration, no guess", () => {
  const page = `<html><head><meta charset="gbk"><title>示范局年度报告</title></head><body><p>本年新收申请7件</p></body></html>`;
  const r = decodeText(iconv.encode(page, "gbk"), { htmlCharset: true });
  assert.equal(r.encoding, "gb18030");
  assert.equal(r.text, page);
  assert.deepEqual(r.issues, []);
  const equiv = page.replace(
    '<meta charset="gbk">',
    '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
  );
  assert.equal(decodeText(iconv.encode(equiv, "gbk"), { htmlCharset: true }).text, equiv);
});

test("decode: valid UTF-8 wins over a stale <meta charset=gb2312>", () => {
  const page = `<meta charset="gb2312"><p>予以公开5件</p>`;
  const r = decodeText(Buffer.from(page, "utf8"), { htmlCharset: true });
  assert.equal(r.encoding, "utf-8");
  assert.equal(r.text, page);
});

test("decode: UTF-8 cut in the middle of a character stays UTF-8, with a warning", () => {
  const b = Buffer.from(REPORT + "报告", "utf8");
  const r = decodeText(b.subarray(0, b.length - 1));
  assert.equal(r.encoding, "utf-8");
  assert.ok(r.text.startsWith(REPORT));
  assert.equal(r.issues[0]?.severity, "warning");
});

test("decode: ASCII with a stray NUL is not taken for UTF-16", () => {
  // letter pairs like "re" read as UTF-16 give CJK-range code units: only the UTF-8 check catches this
  const t = "reportreportreport\u0000rere\n".repeat(30);
  assert.equal(decodeText(Buffer.from(t, "utf8")).text, t);
});

test("sniff: empty, whitespace-only, random bytes", () => {
  assert.equal(kindOf(new Uint8Array(0)), "EMPTY_FILE");
  assert.equal(kindOf(Buffer.from(" \r\n\t  \n")), "EMPTY_FILE");
  assert.equal(kindOf(bytes([0xff, 0xfe], iconv.encode("  \n ", "utf-16le"))), "EMPTY_FILE");
  let seed = 12345;
  const random = new Uint8Array(4096).map(() => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
  assert.equal(kindOf(random), "BINARY_FILE");
});

test("sniff: legacy Word/WPS is unsupported with a hint to convert", () => {
  const ole = bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], new Uint8Array(504));
  const r = sniffInput(ole, "report.bin");
  assert.ok("fatal" in r);
  assert.equal(r.fatal.code, "UNSUPPORTED_FORMAT");
  assert.match(r.fatal.message, /convert to DOCX or PDF/);
  assert.equal(kindOf(Buffer.from(REPORT), "年报.wps"), "UNSUPPORTED_FORMAT");
  assert.equal(kindOf(Buffer.from(REPORT), "年报.DOC"), "UNSUPPORTED_FORMAT");
});

test("sniff: zip with and without word/document.xml, PDF magic", () => {
  const zipHead = [0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0];
  assert.equal(
    kindOf(bytes(zipHead, Buffer.from("....[Content_Types].xml....word/document.xml....")), "x.zip"),
    "docx",
  );
  assert.equal(kindOf(bytes(zipHead, Buffer.from("....photo.jpg....")), "x.zip"), "UNSUPPORTED_FORMAT");
  assert.equal(kindOf(Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "latin1")), "pdf");
  assert.equal(kindOf(bytes([0xef, 0xbb, 0xbf], Buffer.from("%PDF-1.4\n"))), "pdf");
});

test("sniff: html by markup or extension, markdown by extension, else text", () => {
  assert.equal(kindOf(Buffer.from("<!DOCTYPE html><html><body>x</body></html>")), "html");
  assert.equal(kindOf(Buffer.from('\n\n<div class="article"><p>一、总体情况</p></div>')), "html");
  assert.equal(kindOf(Buffer.from("一、总体情况\n本局…"), "page.htm"), "html");
  assert.equal(kindOf(iconv.encode("<html><p>一、总体情况</p></html>", "utf-16le")), "html");
  assert.equal(kindOf(Buffer.from("| a | b |\n|---|---|\n| 1 | 2 |"), "report.md"), "markdown");
  assert.equal(kindOf(Buffer.from(REPORT), "report.txt"), "text");
  assert.equal(kindOf(iconv.encode(REPORT, "gbk")), "text");
  assert.equal(kindOf(iconv.encode(REPORT, "utf-16le")), "text");
  assert.equal(decodeText(iconv.encode("plain ascii report", "utf-16le")).text, "plain ascii report");
});

test("sniff: a 50 MB input is classified from its prefix", () => {
  const big = Buffer.alloc(50 * 1024 * 1024, 0x41);
  big.write("<html><body>", 0);
  const t0 = performance.now();
  assert.equal(kindOf(big), "html");
  assert.ok(performance.now() - t0 < 200, "fast");
});
