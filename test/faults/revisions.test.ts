// A deterministic current revision (issue 15, item 9): two clean ingests of one folder disagreed on the
// current revision of 2 of 12 agency-years — "current" was whichever file's transaction came last.
// Now it is a rule on the reports (src/ingest/revisions.ts: latest published date, then greater
// SHA-256): the same files in opposite orders, and a parallel CLI ingest, give the same current
// report and the same revision numbers for every agency-year.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run as ingestCommand } from "../../src/commands/ingest.js";
import { sha256 } from "../../src/ingest/blobs.js";
import { deleteReport, replaceReport, storeParsedReport } from "../../src/ingest/store.js";
import { parseText } from "../../src/parser/index.js";
import { renderReport } from "../../src/synthetic/render.js";
import { syntheticValues } from "../../src/synthetic/values.js";
import { openTestDatabase, type TestDatabase } from "../integration/support/database.js";
import { runQuiet } from "../integration/support/ingest.js";
import { tempDataDir } from "../integration/support/servers.js";

const AGENCIES = ["广州市版本局", "深圳市版本局", "佛山市版本局", "杭州市版本局"];
const dir = tempDataDir("faults-revisions");
const folder = join(dir.path, "in");
let db: TestDatabase;

before(
  async () => {
    mkdirSync(folder, { recursive: true });
    let i = 0;
    // 4 agencies × 3 years, 3 files each: a correction published later, a re-upload on the same day
    // (equal dates: the hash decides), and one without a date
    for (const agency of AGENCIES) {
      for (const year of [2021, 2022, 2023]) {
        for (const [k, published] of [
          ["a", `${year + 1}-01-20`],
          ["b", `${year + 1}-01-20`],
          ["c", undefined],
          ["d", `${year + 1}-03-02`],
        ] as const) {
          const v = syntheticValues(100 + i++, "2021");
          const text = renderReport(v, {
            format: "2021",
            year,
            agency,
            layout: k === "b" ? "pipe" : "lines",
            published,
          });
          writeFileSync(join(folder, `${agency}-${year}-${k}.txt`), text);
        }
      }
    }
    db = await openTestDatabase("faults_revisions");
  },
  { timeout: 60_000 },
);
after(async () => {
  await db?.close();
  dir.remove();
});

async function currentRevisions(): Promise<string[]> {
  const rows =
    (await db.ds.query(`SELECT a.canonical_name AS agency, r.year, r.revision, r.is_current, s.original_name AS file
    FROM report r JOIN agency a ON a.id = r.agency_id JOIN source_file s ON s.sha256 = r.source_file_sha256
    ORDER BY a.canonical_name, r.year, r.revision`)) as {
      agency: string;
      year: number;
      revision: number;
      is_current: boolean;
      file: string;
    }[];
  return rows.map((r) => `${r.agency} ${r.year} r${r.revision}${r.is_current ? "*" : ""} ${r.file}`);
}
const reset = () => db.ds.query("TRUNCATE report, agency, source_file, search_outbox RESTART IDENTITY CASCADE");

async function storeInOrder(files: string[]): Promise<string[]> {
  await reset();
  for (const f of files) {
    const text = readFileSync(join(folder, f), "utf8");
    await storeParsedReport(db.ds, parseText(text, f), {
      sha256: sha256(Buffer.from(text)),
      originalName: f,
      mediaType: "text/plain",
      size: text.length,
      storagePath: `x/${f}`,
    });
  }
  return currentRevisions();
}

test("the same folder in opposite orders, and by a parallel CLI ingest, gives the same current revisions", {
  timeout: 120_000,
}, async () => {
  const files = readdirSync(folder).sort();
  const forward = await storeInOrder(files);
  const backward = await storeInOrder([...files].reverse());
  assert.deepEqual(backward, forward);
  const current = forward.filter((l) => l.includes("*"));
  assert.equal(current.length, 12, "one current report per agency-year");
  assert.ok(
    current.every((l) => / r4\* .*-d\.txt$/.test(l)),
    forward.join("\n"),
  );
  await reset();
  const env = { ...process.env, DATABASE_URL: db.url, GONGKAI_DATA_DIR: join(dir.path, "data") };
  const r = await runQuiet(() => ingestCommand(["--progress", "none", "--writers", "4", folder], env));
  assert.equal(r.code, 0, r.err + r.out);
  assert.deepEqual(await currentRevisions(), forward);
  console.log(
    `# ${files.length} files, 12 agency-years: forward, backward and CLI ingests agree on ${current.length} current revisions`,
  );
});

test("a re-parse that moves a report, or changes its date, places it by the rule too", {
  timeout: 120_000,
}, async () => {
  const [guangzhou, hangzhou] = [AGENCIES[0], AGENCIES[3]];
  const mine = ["a", "b", "c", "d"].map((k) => `${guangzhou}-2021-${k}.txt`);
  await storeInOrder([...mine, `${hangzhou}-2021-c.txt`]);
  const idOf = async (file: string) =>
    (
      (await db.ds.query(
        `SELECT r.id FROM report r JOIN source_file s ON s.sha256 = r.source_file_sha256 WHERE s.original_name = $1`,
        [file],
      )) as { id: number }[]
    )[0].id;
  // a file's parse with its published date set (null: none found)
  const parsed = (file: string, published: string | null) => {
    const p = parseText(readFileSync(join(folder, file), "utf8"), file);
    return { ...p, meta: { ...p.meta, published } };
  };
  const before = await currentRevisions();
  assert.ok(
    before.some((l) => l.startsWith(`${guangzhou} 2021 r4* `) && l.endsWith("-d.txt")),
    before.join("\n"),
  );

  // 杭州's undated report re-parsed as 广州's: it moves there, but undated it is the oldest revision,
  // so 广州's current report stays current and the numbers close up around it
  await replaceReport(db.ds, await idOf(`${hangzhou}-2021-c.txt`), parsed(`${guangzhou}-2021-c.txt`, null));
  const moved = await currentRevisions();
  assert.ok(!moved.some((l) => l.startsWith(`${hangzhou} `)), moved.join("\n"));
  const gz = moved.filter((l) => l.startsWith(`${guangzhou} 2021 `));
  assert.equal(gz.length, 5, moved.join("\n"));
  assert.deepEqual(
    gz.map((l) => l.split(" ")[2]),
    ["r1", "r2", "r3", "r4", "r5*"],
    moved.join("\n"),
  );
  assert.ok(gz[4].endsWith("-d.txt"), "the latest published date stays current");

  // the current report re-parsed with an earlier published date falls behind the others
  await replaceReport(db.ds, await idOf(`${guangzhou}-2021-d.txt`), parsed(`${guangzhou}-2021-d.txt`, "2021-06-30"));
  const redated = (await currentRevisions()).filter((l) => l.startsWith(`${guangzhou} 2021 `));
  const current = redated.filter((l) => l.includes("*"));
  assert.equal(current.length, 1, redated.join("\n"));
  assert.ok(/-[abc]\.txt$/.test(current[0]) && current[0].includes(" r5* "), redated.join("\n"));
  assert.ok(redated[1].endsWith("-d.txt"), redated.join("\n"));

  // deleting the current one promotes the next by the rule, numbers 1…n
  await deleteReport(db.ds, await idOf(current[0].split(" ").at(-1)!));
  const left = (await currentRevisions()).filter((l) => l.startsWith(`${guangzhou} 2021 `));
  assert.deepEqual(
    left.map((l) => l.split(" ")[2]),
    ["r1", "r2", "r3", "r4*"],
    left.join("\n"),
  );
  assert.ok(/-[abc]\.txt$/.test(left[3]), left.join("\n"));
});
