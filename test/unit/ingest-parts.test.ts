// Pieces of the ingest pipeline that need no database: discovery, write scheduling, versions, statuses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { discover, SYNTHETIC_MARKER } from "../../src/ingest/discover.js";
import { WriteScheduler } from "../../src/ingest/write-scheduler.js";
import { compareVersions } from "../../src/ingest/reparse.js";
import { reportStatus } from "../../src/ingest/report-status.js";
import { parseText } from "../../src/parser/index.js";
import { renderReport } from "../../src/synthetic/render.js";
import { syntheticValues } from "../../src/synthetic/values.js";
import { tempDataDir } from "../integration/support/servers.js";

test("discovery: folders walked recursively and sorted, unsupported files listed, synthetic folders flagged, link loops cut", async () => {
  const dir = tempDataDir("discover");
  try {
    const root = dir.path;
    mkdirSync(join(root, "b/real"), { recursive: true });
    mkdirSync(join(root, "a/gen/sub"), { recursive: true });
    for (const f of [
      "b/real/2.TXT",
      "b/real/1.html",
      "b/real/x.xls",
      "b/real/n.gold.json",
      "a/gen/r.md",
      "a/gen/sub/r.pdf",
      "a/gen/sub/r.docx",
      "a/one.htm",
    ])
      writeFileSync(join(root, f), "x");
    writeFileSync(join(root, "a/gen", SYNTHETIC_MARKER), "");
    symlinkSync(join(root, "a"), join(root, "a/gen/sub/loop"));
    const found = await discover([
      join(root, "b"),
      join(root, "a"),
      join(root, "missing"),
      join(root, "b/real/1.html"),
    ]);
    assert.deepEqual(
      found.files.map((f) => [f.path.slice(root.length + 1), f.synthetic]),
      [
        ["b/real/1.html", false],
        ["b/real/2.TXT", false],
        ["a/gen/r.md", true],
        ["a/gen/sub/r.docx", true],
        ["a/gen/sub/r.pdf", true],
        ["a/one.htm", false],
      ],
    );
    assert.deepEqual(
      found.unsupported.map((p) => p.path.slice(root.length + 1)),
      ["b/real/n.gold.json", "b/real/x.xls"],
    );
    assert.deepEqual(
      found.unreadable.map((u) => [u.path.slice(root.length + 1), u.reason]),
      [["missing", "no such file or folder"]],
    );
  } finally {
    dir.remove();
  }
});

test("write scheduler: never two writes of one key at once, at most N in flight, every write runs", async () => {
  const s = new WriteScheduler(2);
  const running = new Set<string>();
  let peak = 0;
  const log: string[] = [];
  const write = (key: string, id: string) =>
    s.submit(key, async () => {
      assert.ok(!running.has(key), `${key} twice at once`);
      running.add(key);
      peak = Math.max(peak, running.size);
      await new Promise((r) => setTimeout(r, 5));
      running.delete(key);
      log.push(id);
      return id;
    });
  const done = await Promise.all([
    write("a", "a1"),
    write("a", "a2"),
    write("b", "b1"),
    write("a", "a3"),
    write("c", "c1"),
  ]);
  assert.deepEqual(done, ["a1", "a2", "b1", "a3", "c1"]);
  assert.equal(peak, 2);
  assert.ok(
    log.indexOf("a1") < log.indexOf("a2") && log.indexOf("a2") < log.indexOf("a3"),
    "one key's writes keep their order",
  );
});

test("parser versions compare numerically", () => {
  assert.equal(compareVersions("0.9.1", "0.10.0"), -1);
  assert.equal(compareVersions("0.1.0", "0.1"), 0);
  assert.equal(compareVersions("1.0.0", "0.99.99"), 1);
});

test("report status: ok, inconsistent (a printed total that contradicts its parts), incomplete (a missing figure)", () => {
  const v = syntheticValues(8, "2021");
  const text = (values: Record<string, number>) =>
    renderReport(values, { format: "2021", year: 2023, agency: "广州市测试局", layout: "lines" });
  assert.equal(reportStatus(parseText(text(v))), "ok");
  assert.equal(reportStatus(parseText(text({ ...v, t3_new_total: v.t3_new_total + 1 }))), "inconsistent");
  assert.equal(reportStatus(parseText(text(v).replace(/四、政府信息公开行政复议[\s\S]*?五、/, "五、"))), "incomplete");
});
