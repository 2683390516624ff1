// The Excel twin: BOM + CRLF record ends; line breaks and quotes inside fields untouched, across blocks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCsv } from "../../src/codebook/csv.js";
import { csvLine } from "../../src/export/csv.js";
import { writeExcelVariant } from "../../src/export/excel.js";

test("CRLF between records only, whatever the quoting and the block boundaries", async () => {
  const dir = mkdtempSync(join(tmpdir(), "gongkai-excel-"));
  try {
    const records: string[][] = [["id", "text", "n"]];
    // > 2 MiB so records straddle the 1 MiB read blocks, with quotes and line breaks in fields
    for (let i = 0; records.length < 60_000; i++) {
      const text =
        i % 7 === 0
          ? `第${i}行\n续行 "引文", 完`
          : i % 11 === 0
            ? ""
            : i % 13 === 0
              ? '"'
              : `普通文本 ${"x".repeat(i % 40)}`;
      records.push([String(i), text, i % 5 === 0 ? "a\r\nb" : String(i * 3)]);
    }
    const plain = records.map(csvLine).join("\n") + "\n";
    assert.ok(Buffer.byteLength(plain) > 2 * 2 ** 20);
    writeFileSync(join(dir, "t.csv"), plain);
    await writeExcelVariant(join(dir, "t.csv"), join(dir, "t.excel.csv"));
    const excel = readFileSync(join(dir, "t.excel.csv"), "utf8");
    assert.equal(excel.charCodeAt(0), 0xfeff);
    assert.deepEqual(parseCsv(excel.slice(1)), parseCsv(plain));
    assert.equal(excel.slice(1), records.map(csvLine).join("\r\n") + "\r\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
