// Ingest against a real Postgres (a database of its own): the gold corpus, generated reports, broken
// files, revisions, cross-year diagnostics, reparse.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseReport, fatalOf } from "../../src/parser/index.js";
import { PARSER_VERSION } from "../../src/parser/version.js";
import { ingest, type IngestOptions } from "../../src/ingest/pipeline.js";
import { reparse } from "../../src/ingest/reparse.js";
import { ErrorLog } from "../../src/ingest/error-log.js";
import { ParsePool } from "../../src/ingest/parse-pool.js";
import { readBlob, sha256 } from "../../src/ingest/blobs.js";
import { identityProblem, reportStatus } from "../../src/ingest/report-status.js";
import { run as ingestCommand } from "../../src/commands/ingest.js";
import { crossYearIssues } from "../../src/validate/cross-year.js";
import { renderReport } from "../../src/synthetic/render.js";
import { syntheticValues } from "../../src/synthetic/values.js";
import { linkYears } from "../../src/synthetic/corpus.js";
import { CORPUS_DIR, corpusMissing } from "../corpus/corpus.js";
import { openTestDatabase, type TestDatabase } from "./support/database.js";
import { tempDataDir } from "./support/servers.js";
import { fingerprint, runQuiet, writeSynthetic } from "./support/ingest.js";

let db: TestDatabase;
let pool: ParsePool;
const data = tempDataDir("ingest-data");
let logs = 0;

before(async () => {
  db = await openTestDatabase("ingest");
  pool = new ParsePool({ size: 2 });
});
after(async () => {
  await pool?.close();
  await db?.close();
  data.remove();
});

const options = (extra: Partial<IngestOptions> = {}): IngestOptions => ({
  dataDir: data.path,
  errorLog: new ErrorLog(join(data.path, `errors-${++logs}.jsonl`)),
  progress: "none",
  pool,
  ...extra,
});
const q = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => db.ds.query(sql, params) as Promise<T[]>;
/** The parser's reading of some bytes, once per distinct bytes (PDFs take a second). */
const parsedBytes = new Map<string, ReturnType<typeof parseReport>>();
const parseOnce = (bytes: Uint8Array, filename: string) => {
  const key = `${sha256(bytes)} ${filename.split("/").pop()}`;
  if (!parsedBytes.has(key)) parsedBytes.set(key, parseReport(bytes, { filename: filename.split("/").pop() }));
  return parsedBytes.get(key)!;
};
const errorsOf = (file: string | null) =>
  file
    ? readFileSync(file, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l))
    : [];

/** Every stored report against a fresh parse of its kept bytes: metadata, figures, sections, diagnostics. */
async function expectStoredAsParsed(where = "TRUE"): Promise<number> {
  const reports = await q<{
    id: number;
    year: number;
    format: string | null;
    published: string | null;
    script: string;
    title: string | null;
    parser_version: string;
    status: string;
    storage_path: string;
    original_name: string;
    sha256: string;
    size: string;
  }>(
    `SELECT r.id, r.year, r.format, to_char(r.published, 'YYYY-MM-DD') AS published, r.script, r.title, r.parser_version, r.status,
       s.storage_path, s.original_name, s.sha256, s.size FROM report r JOIN source_file s ON s.sha256 = r.source_file_sha256 WHERE ${where}`,
  );
  for (const r of reports) {
    const bytes = await readBlob(data.path, r.storage_path);
    assert.equal(sha256(bytes), r.sha256, "the kept bytes are the original bytes");
    assert.equal(Number(r.size), bytes.length);
    const p = await parseOnce(bytes, r.original_name);
    const m = p.meta;
    assert.deepEqual(
      [r.year, r.format, r.published, r.script, r.title, r.parser_version, r.status],
      [m.year, m.format, m.published, m.script, m.title, m.parserVersion, reportStatus(p)],
      r.original_name,
    );
    const figures = await q<{ variable: string; value: string | null; raw: string | null; status: string }>(
      "SELECT variable, value, raw, status FROM figure WHERE report_id = $1",
      [r.id],
    );
    assert.equal(figures.length, Object.keys(p.values).length, `${r.original_name}: one figure per variable`);
    for (const f of figures) {
      assert.equal(f.value === null ? null : Number(f.value), p.values[f.variable], `${r.original_name} ${f.variable}`);
      assert.equal(f.raw, p.cells[f.variable]?.raw ?? null, `${r.original_name} ${f.variable} raw`);
      assert.equal(f.status, p.cells[f.variable]?.status ?? "missing");
    }
    const sections = await q<{ key: string; text: string; text_simplified: string }>(
      "SELECT key, text, text_simplified FROM section WHERE report_id = $1 ORDER BY key",
      [r.id],
    );
    assert.deepEqual(
      Object.fromEntries(sections.map((s) => [s.key, s.text])),
      Object.fromEntries(
        Object.entries(p.sections)
          .filter(([, t]) => t)
          .sort(),
      ),
    );
    assert.ok(sections.every((s) => s.text_simplified.length > 0));
    const codes = await q<{ code: string }>(
      "SELECT code FROM diagnostic WHERE report_id = $1 AND code NOT LIKE 'XY%' ORDER BY code",
      [r.id],
    );
    assert.deepEqual(
      codes.map((c) => c.code),
      p.issues.map((i) => i.code).sort(),
    );
    assert.ok(
      (await q("SELECT 1 FROM search_outbox WHERE report_id = $1 AND op = 'upsert'", [r.id])).length >= 1,
      "queued for search",
    );
  }
  return reports.length;
}

test("the gold corpus (seeds + real): each readable report is stored as the parser reads it; each unreadable one is reported", async (t) => {
  const missing = corpusMissing("seeds") ?? corpusMissing("real");
  if (missing) {
    t.skip(missing);
    return;
  }
  const folders = [join(CORPUS_DIR, "seeds"), join(CORPUS_DIR, "real")];
  const summary = await ingest(db.ds, folders, options());

  // what the parser makes of each file decides what ingest must have done with it
  const files = folders
    .flatMap((d) => readdirSync(d).map((f) => join(d, f)))
    .filter((f) => /\.(txt|md|html?|pdf|docx)$/i.test(f));
  const unreadable: string[] = [];
  for (const f of files) {
    const p = await parseOnce(readFileSync(f), f);
    if (fatalOf(p) || identityProblem(p)) unreadable.push(f);
  }
  assert.deepEqual(
    [summary.files, summary.stored + summary.revisions, summary.failed, summary.unchanged],
    [files.length, files.length - unreadable.length, unreadable.length, 0],
  );
  assert.equal(
    summary.unsupported,
    folders.flatMap((d) => readdirSync(d)).filter((f) => f.endsWith(".gold.json")).length,
  );
  const errors = errorsOf(summary.errorsFile);
  assert.deepEqual(
    errors
      .filter((e) => e.outcome === "failed")
      .map((e) => e.file)
      .sort(),
    unreadable.sort(),
  );
  assert.ok(
    errors.every((e) => e.reason),
    "every entry says why",
  );

  assert.equal(await expectStoredAsParsed(), files.length - unreadable.length);
  // the same body across four years (one of them printed differently) is one agency
  const pingtan = await q<{ agency_id: number }>(
    "SELECT DISTINCT agency_id FROM report r JOIN source_file s ON s.sha256 = r.source_file_sha256 WHERE s.original_name LIKE 'pingtan-%'",
  );
  assert.equal(pingtan.length, 1);

  // the same bytes again change nothing at all
  const before = await fingerprint(db.ds);
  const again = await ingest(db.ds, folders, options());
  assert.deepEqual([again.stored, again.revisions, again.unchanged], [0, 0, files.length - unreadable.length]);
  assert.deepEqual(await fingerprint(db.ds), before);
});

test("generated reports: refused unless --synthetic; then every agency is one agency however it is printed, years are linked", async () => {
  const dir = join(data.path, "generated");
  const files = writeSynthetic(dir, 60, 21);
  const refused = await ingest(db.ds, [dir], options());
  assert.equal(refused.failed, 60);
  assert.ok(errorsOf(refused.errorsFile).every((e) => e.stage === "synthetic" && /--synthetic/.test(e.reason)));
  assert.equal((await q("SELECT 1 FROM report WHERE synthetic")).length, 0);

  const summary = await ingest(db.ds, [dir], options({ synthetic: true }));
  assert.deepEqual([summary.stored, summary.revisions, summary.failed], [60, 0, 0]);
  assert.equal(await expectStoredAsParsed("r.synthetic"), 60);
  const rows = await q<{ name: string; agency_id: number; year: number; id: number; synthetic: boolean }>(
    "SELECT s.original_name AS name, r.agency_id, r.year, r.id, a.synthetic FROM report r JOIN source_file s ON s.sha256 = r.source_file_sha256 JOIN agency a ON a.id = r.agency_id WHERE r.synthetic",
  );
  assert.ok(
    rows.every((r) => r.synthetic),
    "invented reports belong to invented agencies",
  );
  const byName = new Map(rows.map((r) => [r.name, r]));
  const generated = new Map<number, number>();
  for (const f of files) {
    const row = byName.get(f.name)!;
    if (!generated.has(f.agency)) generated.set(f.agency, row.agency_id);
    assert.equal(row.agency_id, generated.get(f.agency), `${f.name} (${f.gold.meta.agency}) joins its agency`);
  }
  assert.equal(new Set(generated.values()).size, generated.size, "different agencies stay apart");
  const variants = await q<{ n: number }>(
    "SELECT count(*)::int AS n FROM agency WHERE synthetic AND cardinality(name_variants) > 0",
  );
  assert.ok(variants[0].n > 0, "some agencies were printed in more than one way");

  // cross-year diagnostics: exactly the broken links of the generated figures, whatever order the writes landed in
  for (const f of files) {
    const prev = files.find((g) => g.agency === f.agency && g.gold.meta.year === f.gold.meta.year - 1);
    const want = prev
      ? crossYearIssues(
          { year: prev.gold.meta.year, format: prev.gold.meta.format, values: prev.gold.values },
          { year: f.gold.meta.year, format: f.gold.meta.format, values: f.gold.values },
        )
          .map((d) => `${d.code} ${d.where.variable}`)
          .sort()
      : [];
    const got = await q<{ d: string }>(
      "SELECT code || ' ' || variable AS d FROM diagnostic WHERE report_id = $1 AND code LIKE 'XY%' ORDER BY 1",
      [byName.get(f.name)!.id],
    );
    assert.deepEqual(
      got.map((g) => g.d),
      want,
      f.name,
    );
  }
});

test("kept bytes: appended to packs, each readable by its storage path; bytes lost since are put back by the next ingest", async () => {
  const dir = join(data.path, "generated");
  const kept = await q<{ sha256: string; storage_path: string; name: string }>(
    "SELECT s.sha256, s.storage_path, s.original_name AS name FROM source_file s JOIN report r ON r.source_file_sha256 = s.sha256 WHERE r.synthetic ORDER BY s.sha256",
  );
  assert.equal(kept.length, 60);
  assert.ok(
    kept.every((k) => /^packs\/[^/@]+\.pack@\d+,\d+$/.test(k.storage_path)),
    "ingest appends to packs",
  );
  for (const k of kept) assert.equal(sha256(await readBlob(data.path, k.storage_path)), k.sha256, k.name);

  // two reports whose pack is gone, one whose pack is shorter than its offset says
  const [a, b, c] = kept;
  const size = (k: typeof a) => readFileSync(join(dir, k.name)).length;
  await q("UPDATE source_file SET storage_path = $2 WHERE sha256 = $1", [a.sha256, `packs/lost.pack@0,${size(a)}`]);
  await q("UPDATE source_file SET storage_path = $2 WHERE sha256 = $1", [
    b.sha256,
    `packs/lost.pack@${size(a)},${size(b)}`,
  ]);
  await q("UPDATE source_file SET storage_path = $2 WHERE sha256 = $1", [
    c.sha256,
    c.storage_path.replace(/@\d+,/, "@999999999,"),
  ]);
  const again = await ingest(db.ds, [dir], options({ synthetic: true }));
  assert.deepEqual([again.unchanged, again.stored, again.failed], [60, 0, 0]);
  const now = new Map(
    (await q<{ sha256: string; storage_path: string }>("SELECT sha256, storage_path FROM source_file")).map((r) => [
      r.sha256,
      r.storage_path,
    ]),
  );
  for (const k of [a, b, c]) {
    assert.equal(
      now.get(k.sha256),
      `files/${k.sha256.slice(0, 2)}/${k.sha256.slice(2)}`,
      `${k.name}: put back as a file of its own`,
    );
    assert.deepEqual(await readBlob(data.path, now.get(k.sha256)!), readFileSync(join(dir, k.name)));
  }
  assert.ok(
    kept.slice(3).every((k) => now.get(k.sha256) === k.storage_path),
    "blobs that are there stay where they are",
  );
});

test("a batch with broken files ingests the good ones and reports each bad one with file and reason (exit status 1)", async () => {
  const dir = join(data.path, "mixed");
  writeSynthetic(dir, 3, 33);
  const v = syntheticValues(5, "2021");
  const noYear = renderReport(v, { format: "2021", year: 2023, agency: "广州市测试局", layout: "lines" }).replace(
    /20\d\d年/g,
    "",
  );
  const broken: Record<string, string | Buffer> = {
    "empty.txt": "",
    "damaged.pdf": Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(3000, 7)]),
    "damaged.docx": Buffer.concat([Buffer.from("PK\x03\x04"), Buffer.alloc(500, 1)]),
    "notes.md": "# 会议纪要\n\n今天讨论了食堂菜单。\n",
    "no-year.txt": noYear,
    "table.xls": "not read",
  };
  for (const [name, content] of Object.entries(broken)) writeFileSync(join(dir, name), content);
  const errors = join(data.path, "mixed-errors.jsonl");
  const env = { ...process.env, DATABASE_URL: db.url, GONGKAI_DATA_DIR: data.path };
  const r = await runQuiet(() =>
    ingestCommand(["--synthetic", "--errors", errors, "--progress", "none", "--workers", "1", "--json", dir], env),
  );
  assert.equal(r.code, 1, r.err);
  const summary = JSON.parse(r.out);
  assert.deepEqual([summary.stored, summary.failed, summary.unsupported], [3, 5, 1]);
  const entries = new Map(errorsOf(errors).map((e) => [e.file.slice(dir.length + 1), e]));
  assert.deepEqual([...entries.keys()].sort(), [
    "damaged.docx",
    "damaged.pdf",
    "empty.txt",
    "no-year.txt",
    "notes.md",
    "table.xls",
  ]);
  assert.deepEqual(
    ["empty.txt", "damaged.pdf", "damaged.docx", "notes.md"].map((f) => [entries.get(f).stage, entries.get(f).code]),
    [
      ["parse", "EMPTY_FILE"],
      ["parse", "PDF_DAMAGED"],
      ["parse", "DOCX_DAMAGED"],
      ["parse", "NOT_A_REPORT"],
    ],
  );
  assert.equal(entries.get("no-year.txt").stage, "identify");
  assert.match(entries.get("no-year.txt").reason, /year/);
  assert.equal(entries.get("table.xls").outcome, "unsupported");

  // the command line: usage errors are 2, an unreachable database is 3
  assert.equal((await runQuiet(() => ingestCommand([], env))).code, 2);
  assert.equal((await runQuiet(() => ingestCommand(["--workers", "0", dir], env))).code, 2);
  assert.equal((await runQuiet(() => ingestCommand(["--synthetic", dir], { ...env, GONGKAI_DEMO: "false" }))).code, 2);
  assert.equal(
    (await runQuiet(() => ingestCommand([dir], { ...env, DATABASE_URL: "postgres://x:y@127.0.0.1:1/none" }))).code,
    3,
  );
});

test("a different, later published file for an agency+year becomes a new revision; both originals are kept; cross-year links follow the current one", async () => {
  const dir = join(data.path, "revisions");
  mkdirSync(dir, { recursive: true });
  const agency = "广州市天河区修订测试事务局";
  const y2022 = syntheticValues(41, "2021"),
    y2023 = syntheticValues(42, "2021");
  linkYears(y2022, y2023, "2021");
  // the current revision is the latest published (src/ingest/revisions.ts): the correction is dated later
  const write = (name: string, values: Record<string, number>, year: number, published = `${year + 1}-01-20`) =>
    writeFileSync(join(dir, name), renderReport(values, { format: "2021", year, agency, layout: "pipe", published }));
  write("2022.txt", y2022, 2022);
  write("2023.txt", y2023, 2023);
  const first = await ingest(db.ds, [dir], options());
  assert.equal(first.stored, 2);
  const ids = async () =>
    q<{ id: number; year: number; revision: number; is_current: boolean }>(
      "SELECT r.id, r.year, r.revision, r.is_current FROM report r JOIN agency a ON a.id = r.agency_id WHERE a.canonical_name = $1 ORDER BY r.year, r.revision",
      [agency],
    );
  const [r2022, r2023] = await ids();
  const xy = async (id: number) =>
    (await q<{ code: string }>("SELECT code FROM diagnostic WHERE report_id = $1 AND code LIKE 'XY%'", [id])).map(
      (d) => d.code,
    );
  assert.deepEqual(await xy(r2023.id), []);

  // a corrected 2022 report that carries two more requests over into 2023
  const corrected = {
    ...y2022,
    t3_carried_out_np: y2022.t3_carried_out_np + 2,
    t3_carried_out_total: y2022.t3_carried_out_total + 2,
    t3_new_np: y2022.t3_new_np + 2,
    t3_new_total: y2022.t3_new_total + 2,
  };
  write("2022-corrected.txt", corrected, 2022, "2023-02-10");
  const second = await ingest(db.ds, [dir], options());
  assert.deepEqual([second.revisions, second.unchanged], [1, 2]);
  const now = await ids();
  assert.deepEqual(
    now.map((r) => [r.year, r.revision, r.is_current]),
    [
      [2022, 1, false],
      [2022, 2, true],
      [2023, 1, true],
    ],
  );
  assert.deepEqual(await xy(r2023.id), ["XY_T3_CARRIED", "XY_T3_CARRIED"], "np and total no longer carry over");
  const outbox = await q<{ report_id: number; op: string }>(
    "SELECT report_id, op FROM search_outbox ORDER BY id DESC LIMIT 2",
  );
  assert.deepEqual(
    outbox.reverse().map((o) => [o.report_id, o.op]),
    [
      [r2022.id, "delete"],
      [now[1].id, "upsert"],
    ],
  );
  for (const name of ["2022.txt", "2022-corrected.txt"]) {
    const bytes = readFileSync(join(dir, name));
    const [kept] = await q<{ storage_path: string }>("SELECT storage_path FROM source_file WHERE sha256 = $1", [
      sha256(bytes),
    ]);
    assert.deepEqual(await readBlob(data.path, kept.storage_path), bytes);
  }
});

test("reparse: reports of an older parser version are read again from their kept bytes; nothing else is touched", async () => {
  const [a, b, c] = await q<{ id: number; year: number; agency_id: number }>(
    "SELECT id, year, agency_id FROM report WHERE synthetic AND is_current ORDER BY id LIMIT 3",
  );
  // stale rows as an older parser might have left them: a wrong figure, and in one report a wrong year
  await q("UPDATE report SET parser_version = '0.0.1' WHERE id = ANY($1)", [[a.id, b.id, c.id]]);
  await q("UPDATE figure SET value = -1, raw = 'old' WHERE report_id = $1 AND variable = 't3_new_total'", [a.id]);
  await q("UPDATE report SET year = 1999 WHERE id = $1", [b.id]);
  const [blob] = await q<{ storage_path: string }>(
    "SELECT s.storage_path FROM report r JOIN source_file s ON s.sha256 = r.source_file_sha256 WHERE r.id = $1",
    [c.id],
  );
  // its kept bytes are gone (a pack holds other reports' bytes too: the row points at a lost one)
  await q("UPDATE source_file SET storage_path = $2 WHERE storage_path = $1", [
    blob.storage_path,
    "packs/lost.pack@0,100",
  ]);
  const others = () =>
    q(
      "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM (SELECT r.*, f.variable, f.value, f.raw FROM report r JOIN figure f ON f.report_id = r.id WHERE r.id <> ALL($1)) t",
      [[a.id, b.id]],
    );
  const untouched = await others();

  const summary = await reparse(db.ds, {
    dataDir: data.path,
    errorLog: new ErrorLog(join(data.path, "reparse.jsonl")),
    progress: "none",
    pool,
  });
  assert.deepEqual([summary.due, summary.reparsed, summary.failed], [3, 2, 1]);
  const [failure] = errorsOf(summary.errorsFile);
  assert.deepEqual([failure.reportId, failure.stage], [c.id, "read"]);
  assert.equal(await expectStoredAsParsed(`r.id IN (${a.id}, ${b.id})`), 2);
  const after = await q<{ id: number; year: number; is_current: boolean; parser_version: string }>(
    "SELECT id, year, is_current, parser_version FROM report WHERE id = ANY($1) ORDER BY id",
    [[a.id, b.id, c.id]],
  );
  assert.deepEqual(
    after.map((r) => [r.id, r.year, r.is_current, r.parser_version]),
    [
      [a.id, a.year, true, PARSER_VERSION],
      [b.id, b.year, true, PARSER_VERSION],
      [c.id, c.year, true, "0.0.1"],
    ],
  );
  assert.ok(existsSync(join(data.path, "reparse.jsonl")));

  const again = await reparse(db.ds, {
    dataDir: data.path,
    errorLog: new ErrorLog(join(data.path, "reparse2.jsonl")),
    progress: "none",
    pool,
  });
  assert.deepEqual([again.due, again.reparsed], [1, 0], "only the report whose bytes are gone is still due");
  assert.deepEqual(await others(), untouched, "the other reports are as they were");
});
