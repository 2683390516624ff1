/**
 * Real Postgres: the embedded server under a temp dir (the schema tests use DATABASE_URL instead when
 * it is set). One database for this file; the launcher's restart and orphan handling are tested on the
 * embedded server in any case.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import pg, { type Client } from "pg";
import type { DataSource } from "typeorm";
import { VARIABLES, variable } from "../../src/codebook/index.js";
import { createDataSource } from "../../src/db/data-source.js";
import { MIGRATIONS } from "../../src/db/migrations/index.js";
import { dropDatabase, ensureDatabase } from "../../src/db/databases.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../src/db/embedded-postgres.js";
import { Agency, Diagnostic, Figure, Report, SearchOutbox, Section, SourceFile } from "../../src/entities/index.js";
import { REPORT_WIDE_LEADING_COLUMNS } from "../../src/db/report-wide.js";
import { readPidFile, waitForExit } from "../../src/util/process.js";
import { orphanServer, tempDataDir } from "./support/servers.js";

const DB_NAME = `gongkai_test_db_${process.pid}`;
const dataDir = tempDataDir("db");
let embedded: EmbeddedPostgres | undefined;
let serverUrl: string;
let ds: DataSource;

before(async () => {
  embedded = await startEmbeddedPostgres({ dataDir: dataDir.path });
  serverUrl = process.env.DATABASE_URL || embedded.serverUrl;
  ds = createDataSource(await ensureDatabase(serverUrl, DB_NAME), { migrationsRun: true });
  await ds.initialize();
});

after(async () => {
  await ds?.destroy().catch(() => undefined);
  if (process.env.DATABASE_URL) await dropDatabase(serverUrl, DB_NAME);
  await embedded?.stop();
  dataDir.remove();
});

async function query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
  return (await ds.query(sql, params)) as T[];
}

test("the migration creates exactly what the entities describe", async () => {
  const pending = await ds.driver.createSchemaBuilder().log();
  assert.deepEqual(
    pending.upQueries.map((q) => q.query),
    [],
    "entities and migration disagree",
  );
  const ext = await query("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'");
  assert.equal(ext.length, 1);
});

test("a report with figures and sections is stored and read back; delete cascades", async () => {
  for (const name of ["t3_new_total", "t2_fees_amount", "t3_granted_total"]) assert.ok(variable(name), name);

  const agency = await ds.getRepository(Agency).save({
    canonicalName: "广东省人民政府",
    nameKey: "44|政府",
    nameVariants: ["廣東省人民政府"],
    province: "广东省",
    divisionCode: "440000",
    level: "province",
    kind: "government",
  });
  await ds.getRepository(SourceFile).save({
    sha256: "a".repeat(64),
    originalName: "2023年报.html",
    mediaType: "text/html",
    size: 12_345,
    storagePath: "files/aa/aaaa.html",
  });
  const report = await ds.getRepository(Report).save({
    agencyId: agency.id,
    year: 2023,
    format: "2021",
    published: "2024-01-20",
    script: "simplified",
    title: "广东省人民政府2023年政府信息公开工作年度报告",
    sourceFileSha256: "a".repeat(64),
    parserVersion: "test",
    status: "ok",
  });
  await ds.getRepository(Figure).save([
    { reportId: report.id, variable: "t3_new_total", value: 1200, raw: "1,200", status: "ok" },
    { reportId: report.id, variable: "t2_fees_amount", value: 1.25, raw: "1.25", status: "ok" },
    { reportId: report.id, variable: "t3_granted_total", value: null, raw: "", status: "blank" },
  ]);
  await ds.getRepository(Section).save({
    reportId: report.id,
    key: "summary",
    text: "本機關全年共收到依申請公開申請1200件。",
    textSimplified: "本机关全年共收到依申请公开申请1200件。",
  });
  await ds.getRepository(Diagnostic).save({
    reportId: report.id,
    code: "T3_ROW_SUM",
    severity: "warning",
    tableNo: 3,
    rowKey: "new",
    columnKey: null,
    block: null,
    variable: "t3_new_total",
    message: "row does not add up",
  });
  await ds.getRepository(SearchOutbox).save({ reportId: report.id, op: "upsert" });

  // numeric and bigint come back as numbers; the printed text is kept as printed
  const figures = await ds.getRepository(Figure).find({ where: { reportId: report.id }, order: { variable: "ASC" } });
  assert.deepEqual(
    figures.map((f) => [f.variable, f.value, f.raw, f.status]),
    [
      ["t2_fees_amount", 1.25, "1.25", "ok"],
      ["t3_granted_total", null, "", "blank"],
      ["t3_new_total", 1200, "1,200", "ok"],
    ],
  );
  const stored = await ds.getRepository(Report).findOneOrFail({
    where: { id: report.id },
    relations: { agency: true, sourceFile: true, sections: true },
  });
  assert.equal(stored.published, "2024-01-20");
  assert.equal(stored.revision, 1);
  assert.equal(stored.isCurrent, true);
  assert.equal(stored.synthetic, false);
  assert.deepEqual(stored.agency?.nameVariants, ["廣東省人民政府"]);
  assert.equal(stored.sourceFile?.size, 12_345);
  assert.equal(stored.sections?.[0].text, "本機關全年共收到依申請公開申請1200件。");

  // the exact-search path: substrings through pg_trgm
  const bySubstring = await query("SELECT key FROM section WHERE text_simplified LIKE $1", ["%申请公开%"]);
  assert.deepEqual(bySubstring, [{ key: "summary" }]);

  // one current revision per agency and year
  const second = { ...report, id: undefined, ingestedAt: undefined, revision: 2 };
  await assert.rejects(ds.getRepository(Report).insert(second), /report_current_agency_year/);
  await ds.getRepository(Report).insert({ ...second, isCurrent: false });

  // report_wide: one column per codebook variable, values pivoted from figure
  const columns = await query<{ column_name: string }>(
    "SELECT column_name FROM information_schema.columns WHERE table_name = 'report_wide' ORDER BY ordinal_position",
  );
  assert.deepEqual(
    columns.map((c) => c.column_name),
    [...REPORT_WIDE_LEADING_COLUMNS, ...VARIABLES.map((v) => v.name)],
  );
  const [wide] = await query<Record<string, string | null>>(
    "SELECT agency, t3_new_total, t2_fees_amount, t3_granted_total FROM report_wide WHERE report_id = $1",
    [report.id],
  );
  assert.deepEqual(wide, {
    agency: "广东省人民政府",
    t3_new_total: "1200",
    t2_fees_amount: "1.25",
    t3_granted_total: null,
  });

  // deleting a report takes its figures, sections and diagnostics; the outbox row stays for the indexer
  await ds.getRepository(Report).delete({ id: report.id });
  const left = await query<{ n: number }>(
    `SELECT (SELECT count(*) FROM figure WHERE report_id = $1)::int
          + (SELECT count(*) FROM section WHERE report_id = $1)::int
          + (SELECT count(*) FROM diagnostic WHERE report_id = $1)::int AS n`,
    [report.id],
  );
  assert.equal(left[0].n, 0);
  assert.equal(await ds.getRepository(SearchOutbox).countBy({ reportId: report.id }), 1);
});

test("figure.report_id is a checked reference: a missing report is refused, a report's figures go with it", async () => {
  // checked once per statement by triggers, not per row by a declared foreign key (migration 1795700000000)
  const [{ id: missing }] = await query<{ id: number }>("SELECT coalesce(max(id), 0) + 1000 AS id FROM report");
  await assert.rejects(
    query("INSERT INTO figure (report_id, variable, value, raw, status) VALUES ($1, 't3_new_total', 1, '1', 'ok')", [
      missing,
    ]),
    (e: Error & { code?: string }) => e.code === "23503" && /figure_report_fkey/.test(e.message),
  );
  const [agency] = await query<{ id: number }>(
    "INSERT INTO agency (canonical_name, name_key, name_variants) VALUES ('星河数据局', 'x|星河数据局', '{}') RETURNING id",
  );
  await query(
    "INSERT INTO source_file (sha256, original_name, media_type, size, storage_path) VALUES ($1, 'a.txt', 'text/plain', 1, 'f')",
    ["b".repeat(64)],
  );
  const reports = await query<{ id: number }>(
    `INSERT INTO report (agency_id, year, format, script, source_file_sha256, parser_version, status)
     SELECT $1, y, '2021', 'simplified', $2, 'test', 'ok' FROM generate_series(2021, 2022) y RETURNING id`,
    [agency.id, "b".repeat(64)],
  );
  const ids = reports.map((r) => r.id);
  // one statement naming an existing and a missing report is refused as a whole
  await assert.rejects(
    query(
      "INSERT INTO figure (report_id, variable, value, raw, status) SELECT unnest($1::int[]), 't3_new_total', 1, '1', 'ok'",
      [[ids[0], missing]],
    ),
    (e: Error & { code?: string }) => e.code === "23503",
  );
  await query(
    "INSERT INTO figure (report_id, variable, value, raw, status) SELECT r, v, 1, '1', 'ok' FROM unnest($1::int[]) r, unnest($2::text[]) v",
    [ids, ["t3_new_total", "t3_new_np"]],
  );
  await assert.rejects(
    query("UPDATE figure SET report_id = $1 WHERE report_id = $2", [missing, ids[0]]),
    (e: Error & { code?: string }) => e.code === "23503",
  );
  await query("DELETE FROM report WHERE id = $1", [ids[0]]);
  const count = async (id: number) =>
    (await query<{ n: number }>("SELECT count(*)::int AS n FROM figure WHERE report_id = $1", [id]))[0].n;
  assert.equal(await count(ids[0]), 0, "deleting a report deletes its figures");
  assert.equal(await count(ids[1]), 2, "and only its own");
  // truncating report takes figure with it, as the foreign key's cascade did — also when both are named
  await query("TRUNCATE report CASCADE");
  assert.equal((await query<{ n: number }>("SELECT count(*)::int AS n FROM figure"))[0].n, 0);
  await query("TRUNCATE report, figure CASCADE");
  await query("DELETE FROM source_file WHERE sha256 = $1", ["b".repeat(64)]);
  await query("DELETE FROM agency WHERE id = $1", [agency.id]);
});

test("the migrations can be undone and redone", async () => {
  for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration();
  const tables = await query("SELECT 1 FROM information_schema.tables WHERE table_name = 'report'");
  assert.equal(tables.length, 0);
  await ds.runMigrations();
  assert.deepEqual((await ds.driver.createSchemaBuilder().log()).upQueries, []);
});

test("a second start on the same data dir reuses the data", async () => {
  assert.ok(embedded);
  await withClient(await embedded.ensureDatabase("reuse_check"), (c) =>
    c.query("CREATE TABLE kept AS SELECT 'still here'::text AS note"),
  );
  await ds.destroy(); // its pool points at the old port
  await embedded.stop();

  const started = Date.now();
  embedded = await startEmbeddedPostgres({ dataDir: dataDir.path });
  assert.ok(Date.now() - started < 10_000, "no new initdb");
  const rows = await withClient(await embedded.ensureDatabase("reuse_check"), (c) => c.query("SELECT note FROM kept"));
  assert.deepEqual(rows, [{ note: "still here" }]);
});

test("a postmaster whose only user is SIGKILLed is stopped by its watchdog; the next start reuses the data", async () => {
  assert.ok(embedded);
  await embedded.stop();
  embedded = undefined;

  await orphanServer("postgres", dataDir.path);
  const orphan = readPidFile(`${dataDir.path}/postgres/postmaster.pid`);
  assert.ok(orphan !== null, "the postmaster was running");
  assert.ok(await waitForExit(orphan, 20_000), "the watchdog stopped the postmaster of the killed owner");

  embedded = await startEmbeddedPostgres({ dataDir: dataDir.path });
  const rows = await withClient(await embedded.ensureDatabase("reuse_check"), (c) => c.query("SELECT note FROM kept"));
  assert.deepEqual(rows, [{ note: "still here" }]);
});

async function withClient(url: string, fn: (c: Client) => Promise<{ rows: unknown[] }>): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await fn(client)).rows;
  } finally {
    await client.end();
  }
}
