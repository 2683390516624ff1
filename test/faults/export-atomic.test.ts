// Export publishes atomically (issue 15, item 8): a kill in the old final rename step left 2–11 of 20
// files visible without README/datapackage, and with --force over an older export a mix whose
// datapackage hashes did not match. Now the export is killed (SIGKILL) at every step of a --force
// export over an earlier one: what --out shows is always one complete dataset — every file the
// datapackage lists, with its hash — the old one before the swap and the new one after.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PUBLISH_STEPS } from "../../src/export/publish.js";
import { renderReport } from "../../src/synthetic/render.js";
import { syntheticValues } from "../../src/synthetic/values.js";
import { storeFile } from "../integration/support/api.js";
import { openTestDatabase, type TestDatabase } from "../integration/support/database.js";
import { tempDataDir } from "../integration/support/servers.js";

const dir = tempDataDir("faults-export");
const out = join(dir.path, "dataset");
let db: TestDatabase;
let n = 0;
const addReport = () => {
  n++;
  const text = renderReport(syntheticValues(500 + n, "2021"), {
    format: "2021",
    year: 2020 + (n % 4),
    agency: `广州市导出${n}局`,
    layout: "lines",
  });
  return storeFile(db.ds, join(dir.path, "data"), `r${n}.txt`, Buffer.from(text));
};

before(
  async () => {
    db = await openTestDatabase("faults_export");
    for (let i = 0; i < 6; i++) await addReport();
  },
  { timeout: 60_000 },
);
after(async () => {
  await db?.close();
  dir.remove();
});

function exportRun(crashAt?: string): Promise<{ code: number | null; signal: string | null; err: string }> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "./scripts/ts-loader.mjs",
      "src/cli.ts",
      "export",
      "--out",
      out,
      "--force",
      "--quiet",
      "--formats",
      "r",
    ],
    {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        GONGKAI_DATA_DIR: join(dir.path, "data"),
        GONGKAI_EXPORT_CRASH_AT: crashAt ?? "",
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let err = "";
  child.stderr.on("data", (c: Buffer) => (err += c));
  return new Promise((done) => child.on("exit", (code, signal) => done({ code, signal, err })));
}

/** The dataset --out shows: complete (every listed file present with its hash), and its fingerprint. */
function complete(): string {
  const pkg = JSON.parse(readFileSync(join(out, "datapackage.json"), "utf8")) as {
    resources: { path: string; hash: string }[];
  };
  for (const r of pkg.resources) {
    const bytes = readFileSync(join(out, r.path));
    assert.equal(
      `sha256:${createHash("sha256").update(bytes).digest("hex")}`,
      r.hash,
      `${r.path} matches the datapackage`,
    );
  }
  for (const f of ["README.md", "CITATION.cff", "labels.R"]) assert.ok(existsSync(join(out, f)), f);
  assert.ok(existsSync(join(out, "my-notes.txt")), "the user's file is carried over");
  return (JSON.parse(readFileSync(join(out, "datapackage.json"), "utf8")) as { gongkai: { fingerprint: string } })
    .gongkai.fingerprint;
}

test("an export killed at any step leaves the old complete dataset or the new one, never a mix", {
  timeout: 170_000,
}, async () => {
  const first = await exportRun();
  assert.equal(first.code, 0, first.err);
  const { writeFileSync } = await import("node:fs");
  writeFileSync(join(out, "my-notes.txt"), "keep me");
  let shown = complete();
  const seen: string[] = [];
  for (const step of PUBLISH_STEPS) {
    await addReport(); // every export is a different dataset
    const r = await exportRun(step);
    assert.equal(r.signal, "SIGKILL", `killed at ${step}: ${r.err}`);
    const now = complete();
    const swapped = now !== shown;
    // before the swap the old dataset is shown, from the swap on the new one
    assert.equal(swapped, PUBLISH_STEPS.indexOf(step) >= PUBLISH_STEPS.indexOf("swapped"), `killed at ${step}`);
    seen.push(`${step}:${swapped ? "new" : "old"}`);
    shown = now;
  }
  await addReport();
  const last = await exportRun();
  assert.equal(last.code, 0, last.err);
  assert.notEqual(complete(), shown);
  console.log(`# export killed at ${seen.join(", ")}: always complete (datapackage hashes match)`);
});
