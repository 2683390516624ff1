// One parsed report → one transaction; a later file for the same agency+year is a new revision.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { parseText } from "../../src/parser/index.js";
import { storeParsedReport } from "../../src/ingest/store.js";
import { prepareParsed } from "../../src/ingest/prepare.js";
import { Figure, Report, SearchOutbox, Section } from "../../src/entities/index.js";
import { syntheticValues } from "../../src/synthetic/values.js";
import { renderReport } from "../../src/synthetic/render.js";
import { openTestDatabase, type TestDatabase } from "./support/database.js";

let db: TestDatabase;
before(async () => {
  db = await openTestDatabase("store");
});
after(async () => {
  await db?.close();
});

const source = (text: string) => {
  const sha256 = createHash("sha256").update(text).digest("hex");
  return {
    sha256,
    originalName: "r.txt",
    mediaType: "text/plain",
    size: Buffer.byteLength(text),
    storagePath: `files/${sha256}`,
  };
};

test("every figure lands with value, raw text and status; sections carry search tokens", async () => {
  const text = renderReport(syntheticValues(31, "2021"), {
    format: "2021",
    year: 2023,
    agency: "广州市测试局",
    layout: "lines",
    traditional: true,
  });
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
});

test("a second, later published file for the same agency and year becomes revision 2; the old one stops being current", async () => {
  const v = syntheticValues(32, "2019");
  const a = renderReport(v, {
    format: "2019",
    year: 2020,
    agency: "广州市修订局",
    layout: "lines",
    published: "2021-01-20",
  });
  v.t3_new_np += 1;
  v.t3_new_total += 1;
  v.t3_granted_np += 1;
  v.t3_granted_total += 1;
  v.t3_result_total_np += 1;
  v.t3_result_total_total += 1;
  const b = renderReport(v, {
    format: "2019",
    year: 2020,
    agency: "广州市修订局",
    layout: "pipe",
    published: "2021-02-01",
  });
  const s1 = await storeParsedReport(db.ds, parseText(a), source(a));
  const s2 = await storeParsedReport(db.ds, parseText(b), source(b));
  assert.equal(s2.revision, 2);
  assert.equal(s2.supersededId, s1.reportId);
  const current = await db.ds.getRepository(Report).find({ where: { agencyId: s1.agencyId, isCurrent: true } });
  assert.deepEqual(
    current.map((r) => r.id),
    [s2.reportId],
  );
  const ops = await db.ds.getRepository(SearchOutbox).find({ order: { id: "ASC" } });
  assert.deepEqual(
    ops.slice(-2).map((o) => [o.reportId, o.op]),
    [
      [s1.reportId, "delete"],
      [s2.reportId, "upsert"],
    ],
  );
});

test("a write that fails at its last statement leaves nothing: the revision before stays current, no agency is created", async () => {
  const v = syntheticValues(33, "2021");
  const a = renderReport(v, {
    format: "2021",
    year: 2022,
    agency: "广州市原子局",
    layout: "lines",
    published: "2023-01-20",
  });
  const b = renderReport(v, {
    format: "2021",
    year: 2022,
    agency: "广州市原子局",
    layout: "pipe",
    published: "2023-01-31",
  });
  const s1 = await storeParsedReport(db.ds, parseText(a), source(a));
  // the same section twice: the one-statement insert breaks the section key, after the earlier
  // statements of the transaction (the old revision made not current) have run
  const bad = prepareParsed(parseText(b));
  bad.sections.push(bad.sections[0]);
  await assert.rejects(storeParsedReport(db.ds, bad, source(b)), /section_pkey|duplicate key/);
  const reports = await db.ds.getRepository(Report).find({ where: { agencyId: s1.agencyId } });
  assert.deepEqual(
    reports.map((r) => [r.id, r.isCurrent]),
    [[s1.reportId, true]],
  );
  const c = renderReport(syntheticValues(34, "2021"), {
    format: "2021",
    year: 2022,
    agency: "佛山市原子新局",
    layout: "lines",
  });
  const badNew = prepareParsed(parseText(c));
  badNew.sections.push(badNew.sections[0]);
  const agencies = await db.ds.query("SELECT count(*)::int AS n FROM agency");
  await assert.rejects(storeParsedReport(db.ds, badNew, source(c)), /section_pkey|duplicate key/);
  assert.deepEqual(await db.ds.query("SELECT count(*)::int AS n FROM agency"), agencies);
  // and the connection is usable again: the next write goes through
  const s3 = await storeParsedReport(db.ds, parseText(b), source(b));
  assert.equal(s3.revision, 2);
});
