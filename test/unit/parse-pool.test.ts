// Parse worker threads: results as the parser gives them, and a file over the time limit fails alone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ParsePool } from "../../src/ingest/parse-pool.js";
import { parseReport } from "../../src/parser/index.js";
import { renderReport } from "../../src/synthetic/render.js";
import { syntheticValues } from "../../src/synthetic/values.js";

const bytes = Buffer.from(
  renderReport(syntheticValues(4, "2021"), { format: "2021", year: 2023, agency: "广州市测试局", layout: "pipe" }),
);

test("a worker parses as the parser does and adds the sections' normalised text", async () => {
  const pool = new ParsePool({ size: 1 });
  try {
    const [a, b] = await Promise.all([pool.parse(bytes, "r.txt"), pool.parse(Buffer.from(""), "empty.txt")]);
    assert.deepEqual(a.parsed.values, (await parseReport(bytes, { filename: "r.txt" })).values);
    assert.equal(a.status, "ok");
    assert.deepEqual(a.sections.map((s) => s.key).sort(), [
      "improvements",
      "other",
      "problems",
      "problems_improvements",
      "summary",
    ]);
    assert.ok(a.sections.every((s) => s.textSimplified.length > 3));
    assert.equal(b.parsed.issues[0].code, "EMPTY_FILE");
  } finally {
    await pool.close();
  }
});

test("a file over the time limit fails with the reason, its worker is replaced and takes the next file", async () => {
  const pool = new ParsePool({ size: 1, timeoutMs: 1 });
  try {
    await assert.rejects(pool.parse(bytes, "slow.txt"), /longer than/);
    await assert.rejects(pool.parse(bytes, "next.txt"), /longer than/, "answered by the replacement, not left hanging");
  } finally {
    await pool.close();
  }
  await assert.rejects(pool.parse(bytes, "late.txt"), /closed/);
});
