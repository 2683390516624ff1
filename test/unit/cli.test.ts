// The CLI decides exit codes: JSON on stdout for a report, one clear stderr line naming the file otherwise.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { syntheticValues } from "../../src/synthetic/values.js";
import { renderReport } from "../../src/synthetic/render.js";

const dir = mkdtempSync(join(tmpdir(), "gongkai-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "./scripts/ts-loader.mjs", "src/cli.ts", ...args], { encoding: "utf8" });

test("parse prints the ParseResult JSON and exits 0", () => {
  const f = join(dir, "report.txt");
  writeFileSync(
    f,
    renderReport(syntheticValues(1, "2021"), { format: "2021", year: 2023, agency: "广州市测试局", layout: "lines" }),
  );
  const r = cli("parse", f);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ["meta", "values", "cells", "sections", "issues"]);
  assert.equal(out.values.t3_new_total, syntheticValues(1, "2021").t3_new_total);
});

for (const [name, content, reason] of [
  ["missing.txt", null, /no such file/],
  ["empty.txt", "", /empty/],
  ["noise.bin", Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256)), /binary/],
  ["story.txt", "从前有座山,山里有座庙。\n".repeat(50), /does not look like|no disclosure-report/],
] as const) {
  test(`parse ${name}: exit 1 with one line naming the file and the reason`, () => {
    const f = join(dir, name);
    if (content !== null) writeFileSync(f, content);
    const r = cli("parse", f);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, "");
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, r.stderr);
    assert.ok(lines[0].startsWith(f), lines[0]);
    assert.match(lines[0], reason);
  });
}

test("the package's bin (npx gongkai) runs the CLI from any folder and passes its exit code on", () => {
  const bin = join(process.cwd(), "bin", "gongkai.mjs");
  const f = join(dir, "bin-report.txt");
  writeFileSync(
    f,
    renderReport(syntheticValues(2, "2021"), { format: "2021", year: 2022, agency: "广州市测试局", layout: "pipe" }),
  );
  const ok = spawnSync(process.execPath, [bin, "parse", f], { encoding: "utf8", cwd: tmpdir() });
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).values.t3_new_total, syntheticValues(2, "2021").t3_new_total);
  const unknown = spawnSync(process.execPath, [bin, "frobnicate"], { encoding: "utf8", cwd: tmpdir() });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command: frobnicate/);
});
