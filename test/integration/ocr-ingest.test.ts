// Ingest of scans against a real Postgres: OCR runs in the parse workers, the report says it was read by
// OCR (input_kind), its sections hold the recognised text, progress names the page being read, and an
// unreadable image fails alone with its reason while the batch goes on.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ingest } from "../../src/ingest/pipeline.js";
import { ErrorLog } from "../../src/ingest/error-log.js";
import { ParsePool } from "../../src/ingest/parse-pool.js";
import { syntheticValues } from "../../src/synthetic/values.js";
import { reportBlocks } from "../../src/synthetic/render.js";
import { reportPdf } from "../helpers/report-files.js";
import { embeddedFontMissing } from "../helpers/cjk-pdf.js";
import { imagePdf, jpegOf, scanPages } from "../helpers/scan.js";
import { openTestDatabase, type TestDatabase } from "./support/database.js";
import { tempDataDir } from "./support/servers.js";

let db: TestDatabase;
let pool: ParsePool;
const data = tempDataDir("ocr-ingest-data");
const files = tempDataDir("ocr-ingest-files");

before(async () => {
  db = await openTestDatabase("ocr_ingest");
  pool = new ParsePool({ size: 1 });
});
after(async () => {
  await pool?.close();
  await db?.close();
  data.remove();
  files.remove();
});

test("a scanned report and a broken image: OCR in the worker pool, input_kind, searchable sections, the batch goes on", {
  skip: embeddedFontMissing() ?? false,
  timeout: 300_000,
}, async () => {
  const v = syntheticValues(65, "2021");
  const blocks = reportBlocks(v, { format: "2021", year: 2023, agency: "广州市测试数据管理局", zeroAs: "" });
  const pages = await scanPages(await reportPdf(blocks, "embedded"), { dpi: 200, angle: 0.5, noise: 0.001, seed: 11 });
  writeFileSync(join(files.path, "scan.pdf"), await imagePdf(pages, 70));
  writeFileSync(join(files.path, "broken.jpg"), jpegOf(pages[0]!).slice(0, 3000));
  const errorLog = join(data.path, "errors.jsonl");
  const summary = await ingest(db.ds, [files.path], {
    dataDir: data.path,
    errorLog: new ErrorLog(errorLog),
    progress: "none",
    pool,
  });
  assert.equal(summary.failed, 1);
  const [r] = (await db.ds.query(`SELECT id, input_kind FROM report`)) as { id: number; input_kind: string }[];
  assert.equal(r?.input_kind, "pdf-ocr");
  const sections = (await db.ds.query(`SELECT key, text FROM section WHERE report_id = $1`, [r!.id])) as {
    key: string;
    text: string;
  }[];
  assert.match(sections.find((s) => s.key === "summary")?.text ?? "", /政务公开/);
  const errors = readFileSync(errorLog, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { file: string; code?: string; reason: string });
  assert.equal(errors.length, 1);
  assert.match(errors[0]!.file, /broken\.jpg$/);
  assert.equal(errors[0]!.code, "IMAGE_DAMAGED");
  assert.match(errors[0]!.reason, /JPEG/);
});
