// One parsed report → one transaction; a later file for the same agency+year is a new revision.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { parseText } from "../../src/parser/index.js";
import { storeParsedReport } from "../../src/ingest/store.js";
import { Figure, Report, SearchOutbox, Section } from "../../src/entities/index.js";
import { syntheticValues } from "../../src/synthetic/values.js";
import { renderReport } from "../../src/synthetic/render.js";
import { openTestDatabase, type TestDatabase } from "./support/database.js";

let db: TestDatabase;
before(async () => { db = await openTestDatabase("store"); });
after(async () => { await db?.close(); });

const source = (text: string) => {
  const sha256 = createHash("sha256").update(text).digest("hex");
  return { sha256, originalName: "r.txt", mediaType: "text/plain", size: Buffer.byteLength(text), storagePath: `files/${sha256}` };
};

test("every figure lands with value, raw text and status; sections carry search tokens", async () => {
  const text = renderReport(syntheticValues(31, "2021"), { format: "2021", year: 2023, agency: "广州市测试局", layout: "lines", traditional: true });
  const parsed = parseText(text);
  const stored = await storeParsedReport(db.ds, parsed, source(text), { synthetic: true });
  const figures = await db.ds.getRepository(Figure).find({ where: { reportId: stored.reportId } });
  assert.equal(figures.length, Object.keys(parsed.values).length);
  for (const f of figures) {
    assert.equal(f.value, parsed.values[f.variable], f.variable);
    assert.equal(f.raw, parsed.cells[f.variable].raw);
    assert.equal(f.status, parsed.cells[f.variable].status);
  }
  const summary = await db.ds.getRepository(Section).findOneByOrFail({ reportId: stored.reportId, key: "summary" });
  assert.match(summary.text, /認真落實/, "the original script is kept for display");
  assert.match(summary.textSimplified, /认真落实/);
  assert.ok(summary.tokens.split(" ").includes("落实"));
});

test("a second file for the same agency and year becomes revision 2; the old one stops being current", async () => {
  const v = syntheticValues(32, "2019");
  const a = renderReport(v, { format: "2019", year: 2020, agency: "广州市修订局", layout: "lines" });
  v.t3_new_np += 1; v.t3_new_total += 1; v.t3_granted_np += 1; v.t3_granted_total += 1; v.t3_result_total_np += 1; v.t3_result_total_total += 1;
  const b = renderReport(v, { format: "2019", year: 2020, agency: "广州市修订局", layout: "pipe" });
  const s1 = await storeParsedReport(db.ds, parseText(a), source(a));
  const s2 = await storeParsedReport(db.ds, parseText(b), source(b));
  assert.equal(s2.revision, 2);
  assert.equal(s2.supersededId, s1.reportId);
  const current = await db.ds.getRepository(Report).find({ where: { agencyId: s1.agencyId, isCurrent: true } });
  assert.deepEqual(current.map((r) => r.id), [s2.reportId]);
  const ops = await db.ds.getRepository(SearchOutbox).find({ order: { id: "ASC" } });
  assert.deepEqual(ops.slice(-2).map((o) => [o.reportId, o.op]), [[s1.reportId, "delete"], [s2.reportId, "upsert"]]);
});
