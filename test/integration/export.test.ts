/**
 * The dataset export against a real Postgres: invented reports are parsed and stored, then exported, and
 * every output is read back and compared with the database — CSV parsed, Parquet read with DuckDB,
 * datapackage.json checked against the Frictionless rules, reports.csv = figures_long.csv pivoted.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { escapeLiteral, type PoolClient } from "pg";
import { copyOut } from "../../src/db/copy-out.js";
import { VARIABLES, type FormatVersion } from "../../src/codebook/index.js";
import { parseCsv } from "../../src/codebook/csv.js";
import { run } from "../../src/commands/export.js";
import { ExportError, OUTPUT_FORMATS, exportDataset, type ExportOptions } from "../../src/export/export-dataset.js";
import { stataNames } from "../../src/export/stata-names.js";
import { doFileColumnNames } from "../../src/export/stata.js";
import { readCsvSql } from "../../src/export/parquet.js";
import { csvField } from "../../src/export/csv.js";
import { decimalValue } from "../../src/export/csv-sql.js";
import { PRESORTED_CHECK_SQL, figuresCopySql } from "../../src/export/records-sql.js";
import { TABLES, parquetName, table } from "../../src/export/tables.js";
import { storeParsedReport } from "../../src/ingest/store.js";
import { parseText } from "../../src/parser/index.js";
import { PARSER_VERSION } from "../../src/parser/version.js";
import { renderReport, type Layout } from "../../src/synthetic/render.js";
import { syntheticValues } from "../../src/synthetic/values.js";
import { openTestDatabase, type TestDatabase } from "./support/database.js";
import { validateDatapackage } from "./support/frictionless.js";
import { tempDataDir } from "./support/servers.js";

let db: TestDatabase;
const tmp = tempDataDir("export-out");
let dirs = 0;
const outDir = () => join(tmp.path, `out-${++dirs}`);
const FIXED_DATE = () => new Date("2030-01-02T03:04:05Z");

interface Spec {
  agency: string;
  year: number;
  format: FormatVersion;
  layout: Layout;
  seed: number;
  synthetic?: boolean;
  traditional?: boolean;
  yuan?: boolean;
  published?: string;
  broken?: boolean;
}
const SPECS: Spec[] = [
  { agency: "广州市测试局", year: 2021, format: "2021", layout: "lines", seed: 1, published: "2022-01-20" },
  { agency: "广州市测试局", year: 2022, format: "2021", layout: "pipe", seed: 2 },
  { agency: "广州市测试局", year: 2020, format: "2019", layout: "lines", seed: 3, yuan: true },
  { agency: "北京市海淀区测试局", year: 2023, format: "2021", layout: "lines", seed: 4, traditional: true },
  { agency: "广东省测试厅", year: 2021, format: "2021", layout: "pipe", seed: 5 },
  { agency: "深圳市人民政府", year: 2021, format: "2021", layout: "lines", seed: 6 },
  { agency: "广州市天河区测试局", year: 2019, format: "2019", layout: "pipe", seed: 7, broken: true },
  { agency: "杭州市演示局", year: 2021, format: "2021", layout: "lines", seed: 8, synthetic: true },
  { agency: "杭州市演示局", year: 2022, format: "2021", layout: "lines", seed: 9, synthetic: true },
  // a second, later published file for 广州市测试局 2021: revision 2 becomes current
  { agency: "广州市测试局", year: 2021, format: "2021", layout: "pipe", seed: 10, published: "2022-03-01" },
];

async function store(spec: Spec): Promise<number> {
  const values = syntheticValues(spec.seed, spec.format);
  if (spec.broken) values.t3_new_total += 5; // a printed total that contradicts its parts: T3_ROW_SUM, T3_BALANCE
  const text = renderReport(values, { ...spec });
  const sha256 = createHash("sha256").update(text).digest("hex");
  const stored = await storeParsedReport(
    db.ds,
    parseText(text),
    {
      sha256,
      originalName: `${spec.agency}-${spec.year}.txt`,
      mediaType: "text/plain",
      size: Buffer.byteLength(text),
      storagePath: `files/${sha256}`,
    },
    { synthetic: spec.synthetic },
  );
  return stored.reportId;
}

const ids: number[] = [];
/** figures of report ids[3] stored with values no count column can hold */
const MISFITS = new Map([
  ["t3_new_corp", "2.5"],
  ["t3_new_legal", "2147483648"],
]);
before(async () => {
  db = await openTestDatabase("export");
  for (const spec of SPECS) ids.push(await store(spec));
  // awkward values, written the way an imperfect ingest might have stored them
  await db.ds.query(
    `UPDATE figure SET value = 0.300000000000000044 WHERE report_id = $1 AND variable = 't2_fees_amount'`,
    [ids[1]],
  );
  await db.ds.query(`UPDATE figure SET value = 2.5 WHERE report_id = $1 AND variable = 't3_new_corp'`, [ids[3]]);
  await db.ds.query(`UPDATE figure SET value = 2147483648 WHERE report_id = $1 AND variable = 't3_new_legal'`, [
    ids[3],
  ]);
  await db.ds.query(`UPDATE figure SET value = 7.000 WHERE report_id = $1 AND variable = 't3_new_other'`, [ids[3]]);
  await db.ds.query(
    `UPDATE figure SET raw = 'a "quoted", cell' || chr(10) || 'next line' WHERE report_id = $1 AND variable = 't3_new_np'`,
    [ids[4]],
  );
  await db.ds.query(`UPDATE figure SET raw = '' WHERE report_id = $1 AND variable = 't3_new_ngo'`, [ids[4]]);
  await db.ds.query(
    `UPDATE figure SET value = NULL, status = 'undecidable' WHERE report_id = $1 AND variable IN ('t3_granted_np', 't3_granted_corp')`,
    [ids[5]],
  );
});
after(async () => {
  await db?.close();
  tmp.remove();
});

const readCsv = (path: string) => {
  const [header, ...rows] = parseCsv(readFileSync(path, "utf8"));
  return { header, rows, objects: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""]))) };
};

async function query<T>(sql: string, params?: unknown[]): Promise<T[]> {
  return (await db.ds.query(sql, params)) as T[];
}

/** The report ids a filter should select, straight from SQL. */
async function expectedIds(where: string, params: unknown[] = []): Promise<number[]> {
  const rows = await query<{ id: number }>(
    `SELECT r.id FROM report r JOIN agency a ON a.id = r.agency_id WHERE ${where} ORDER BY r.id`,
    params,
  );
  return rows.map((r) => r.id);
}

async function exportTo(options: Partial<ExportOptions> = {}) {
  const out = options.out ?? outDir();
  const result = await exportDataset(db.ds, { out, filters: {}, formats: OUTPUT_FORMATS, now: FIXED_DATE, ...options });
  return { out, result };
}

test("Postgres renders numbers exactly, and COPY quotes CSV fields by the rules", async () => {
  const cases: [string, string | null][] = [
    // numeric text → decimal(18,6) text
    ["15262.36", "15262.36"],
    ["34.649000", "34.649"],
    ["0.300000000000000044", "0.3"],
    ["0.1234565", "0.123457"], // half away from zero
    ["-0.1234565", "-0.123457"],
    ["9.9999995", "10"],
    ["-0.0000001", "0"],
    ["12", "12"],
    ["7.000", "7"],
    ["-3", "-3"],
    ["2.5", "2.5"],
    ["2147483648", "2147483648"],
    ["999999999999.9999999", null], // rounds past 12 integer digits
    ["80100008100000000", null],
    ["NaN", null],
  ];
  for (const [text, decimal] of cases) {
    const [row] = await query<{ d: string | null }>(`SELECT ${decimalValue("$1::numeric")} AS d`, [text]);
    assert.equal(row.d, decimal, text);
  }
  // COPY's CSV quoting is csv.ts's
  for (const value of [null, "", "plain 文本", 'say "hi", then\nleave', "a\r\nb", "x,y"]) {
    const client = await (db.ds.driver as unknown as { master: { connect(): Promise<PoolClient> } }).master.connect();
    try {
      const blocks: Buffer[] = [];
      await copyOut(
        client,
        `COPY (SELECT ${value === null ? "NULL::text" : escapeLiteral(value)}) TO STDOUT (FORMAT csv)`,
        (b) => {
          blocks.push(b);
        },
      );
      assert.equal(Buffer.concat(blocks).toString(), csvField(value) + "\n", JSON.stringify(value));
    } finally {
      client.release();
    }
  }
});

describe("a full export", () => {
  let out: string;
  before(async () => {
    ({ out } = await exportTo({ excel: true }));
  });

  test("writes every file, and nothing half-done", () => {
    const files = readdirSync(out).sort();
    for (const t of TABLES)
      for (const name of [t.file, t.file.replace(".csv", ".excel.csv"), parquetName(t.file)])
        assert.ok(files.includes(name), name);
    for (const name of ["datapackage.json", "README.md", "CITATION.cff", "labels.R", "labels.do"])
      assert.ok(files.includes(name), name);
    assert.ok(!files.some((f) => f.startsWith(".")), "no staging folder left");
  });

  test("reports.csv holds the current real reports, with metadata, provenance and QA counts from the database", async () => {
    const { header, objects } = readCsv(join(out, "reports.csv"));
    assert.deepEqual(
      header,
      table("reports").fields.map((f) => f.name),
    );
    const expected = await expectedIds("r.is_current AND NOT r.synthetic");
    assert.deepEqual(
      objects.map((o) => Number(o.report_id)),
      expected,
    );
    assert.ok(!expected.includes(ids[0]), "the superseded revision is left out");

    const meta = await query<Record<string, string | number | boolean | null>>(`
      SELECT r.id, a.canonical_name, a.province, a.city, a.county, a.division_code, a.level, a.kind, r.year, r.format,
        r.published::text AS published, r.source_file_sha256, s.original_name, r.parser_version, r.revision,
        (SELECT count(*)::int FROM diagnostic d WHERE d.report_id = r.id AND d.severity = 'error') AS errors,
        (SELECT count(*)::int FROM diagnostic d WHERE d.report_id = r.id AND d.severity = 'error'
          AND d.code IN ('T3_ROW_SUM', 'T3_BALANCE', 'T3_RESULT_SUM', 'T4_SUM')) AS consistency,
        (SELECT count(*)::int FROM diagnostic d WHERE d.report_id = r.id AND d.severity = 'warning') AS warnings,
        (SELECT count(*)::int FROM figure f WHERE f.report_id = r.id AND f.status = 'undecidable') AS undecidable
      FROM report r JOIN agency a ON a.id = r.agency_id JOIN source_file s ON s.sha256 = r.source_file_sha256`);
    const byId = new Map(meta.map((m) => [m.id as number, m]));
    const s = (v: unknown) => (v === null ? "" : String(v));
    for (const o of objects) {
      const m = byId.get(Number(o.report_id))!;
      assert.equal(o.agency, m.canonical_name);
      for (const k of [
        "province",
        "city",
        "county",
        "division_code",
        "level",
        "kind",
        "year",
        "format",
        "published",
        "parser_version",
        "revision",
      ]) {
        assert.equal(o[k], s(m[k]), `${k} of report ${o.report_id}`);
      }
      assert.equal(o.source_sha256, m.source_file_sha256);
      assert.equal(o.source_name, m.original_name);
      assert.equal(o.is_current, "1");
      assert.equal(o.synthetic, "0");
      assert.deepEqual([o.qa_errors, o.qa_consistency_errors, o.qa_warnings, o.qa_undecidable].map(Number), [
        m.errors,
        m.consistency,
        m.warnings,
        m.undecidable,
      ]);
      if (m.division_code) assert.equal(o.province_code, String(m.division_code).slice(0, 2) + "0000");
    }
    const broken = objects.find((o) => Number(o.report_id) === ids[6])!;
    assert.ok(Number(broken.qa_consistency_errors) > 0, "the contradicting total is counted");
    assert.equal(objects.find((o) => Number(o.report_id) === ids[5])!.qa_undecidable, "2");
    assert.equal(objects.find((o) => Number(o.report_id) === ids[4])!.county_code, "");
    assert.equal(objects.find((o) => Number(o.report_id) === ids[3])!.county_code, "110108");
  });

  test("every variable column equals the report_wide view, printed exactly", async () => {
    const { objects } = readCsv(join(out, "reports.csv"));
    const wide = await query<Record<string, string | null>>(`SELECT * FROM report_wide`);
    const byId = new Map(wide.map((w) => [Number(w.report_id), w]));
    for (const o of objects) {
      const w = byId.get(Number(o.report_id))!;
      for (const v of VARIABLES) {
        const db = w[v.name];
        const csv = o[v.name];
        if (Number(o.report_id) === ids[3] && MISFITS.has(v.name)) {
          assert.equal(csv, "", `${db} is no 32-bit count: left empty`);
          continue;
        }
        if (db === null) {
          assert.equal(csv, "", v.name);
          continue;
        }
        if (v.unit === "万元") {
          assert.match(csv, /^-?\d+(\.\d{1,6})?$/, `${v.name} = ${csv}`);
          assert.ok(Math.abs(Number(csv) - Number(db)) < 5e-7, `${v.name}: ${csv} vs ${db}`);
        } else {
          assert.match(csv, /^-?\d+$/, `${v.name} = ${csv}`);
          assert.equal(Number(csv), Number(db), `${v.name} of report ${o.report_id}`);
        }
      }
    }
    assert.equal(objects.find((o) => Number(o.report_id) === ids[1])!.t2_fees_amount, "0.3", "no float noise");
    assert.equal(objects.find((o) => Number(o.report_id) === ids[3])!.t3_new_other, "7", "7.000 is the count 7");
    const procurement = objects.find((o) => Number(o.report_id) === ids[2])!.t2_procurement_amount;
    assert.equal(
      procurement,
      (
        await query<{ v: string }>(
          `SELECT value::text AS v FROM figure WHERE report_id = $1 AND variable = 't2_procurement_amount'`,
          [ids[2]],
        )
      )[0].v,
    );
  });

  test("figures_long.csv is the figure table, and reports.csv is it pivoted", async () => {
    const long = readCsv(join(out, "figures_long.csv"));
    const wide = readCsv(join(out, "reports.csv")).objects;
    const dbFigures = await query<{
      report_id: number;
      variable: string;
      value: string | null;
      raw: string | null;
      status: string;
    }>(
      `SELECT f.report_id, f.variable, f.value::text AS value, f.raw, f.status FROM figure f JOIN report r ON r.id = f.report_id
       WHERE r.is_current AND NOT r.synthetic ORDER BY f.report_id, f.variable`,
    );
    assert.equal(long.rows.length, dbFigures.length);
    const key = (r: string, v: string) => `${r}/${v}`;
    const fromDb = new Map(dbFigures.map((f) => [key(String(f.report_id), f.variable), f]));
    for (const l of long.objects) {
      const f = fromDb.get(key(l.report_id, l.variable))!;
      assert.ok(f, `${l.report_id} ${l.variable}`);
      assert.equal(l.raw, f.raw ?? "");
      assert.equal(l.status, f.status);
      if (f.value === null) assert.equal(l.value, "");
      else assert.ok(Math.abs(Number(l.value) - Number(f.value)) < 5e-7);
    }
    // primary-key order: report, then variable name (bytewise)
    for (let i = 1; i < long.objects.length; i++) {
      const [a, b] = [long.objects[i - 1], long.objects[i]];
      if (a.report_id === b.report_id) assert.ok(a.variable < b.variable, `${a.variable} before ${b.variable}`);
      else assert.ok(Number(a.report_id) < Number(b.report_id));
    }
    // pivot long → wide
    const pivot = new Map<string, Record<string, string>>();
    for (const l of long.objects)
      (pivot.get(l.report_id) ?? pivot.set(l.report_id, {}).get(l.report_id)!)[l.variable] = l.value;
    for (const w of wide) {
      const p = pivot.get(w.report_id) ?? {};
      for (const v of VARIABLES) {
        if (w.report_id === String(ids[3]) && MISFITS.has(v.name)) {
          assert.equal(p[v.name], MISFITS.get(v.name), "kept exactly in the long table");
          continue;
        }
        assert.equal(w[v.name], p[v.name] ?? "", `${w.report_id} ${v.name}`);
      }
    }
    const quoted = long.objects.find((l) => l.report_id === String(ids[4]) && l.variable === "t3_new_np")!;
    assert.equal(quoted.raw, 'a "quoted", cell\nnext line');
  });

  test("sections and diagnostics are the database's, in order", async () => {
    const sections = readCsv(join(out, "sections.csv")).objects;
    const dbSections = await query<{ report_id: number; key: string; text: string }>(
      `SELECT s.report_id, s.key, s.text FROM section s JOIN report r ON r.id = s.report_id WHERE r.is_current AND NOT r.synthetic`,
    );
    assert.equal(sections.length, dbSections.length);
    const texts = new Map(dbSections.map((s) => [`${s.report_id}/${s.key}`, s.text]));
    for (const s of sections) assert.equal(s.text, texts.get(`${s.report_id}/${s.section}`));
    assert.ok(
      sections.some((s) => s.text.includes("\n")),
      "multi-line text survives",
    );
    assert.ok(
      sections.some((s) => /認真落實/.test(s.text)),
      "traditional script stays traditional",
    );

    const diags = readCsv(join(out, "diagnostics.csv")).objects;
    const dbDiags = await query<{ id: number; code: string; message: string }>(
      `SELECT d.id, d.code, d.message FROM diagnostic d JOIN report r ON r.id = d.report_id WHERE r.is_current AND NOT r.synthetic ORDER BY d.report_id, d.id`,
    );
    assert.deepEqual(
      diags.map((d) => [Number(d.diagnostic_id), d.code, d.message]),
      dbDiags.map((d) => [d.id, d.code, d.message]),
    );
    assert.ok(diags.some((d) => d.code === "T3_ROW_SUM"));
  });

  test("codebook.csv is the registry, with each variable's Stata name", () => {
    const { header, objects } = readCsv(join(out, "codebook.csv"));
    assert.deepEqual(header, [
      "variable",
      "table",
      "formats",
      "label_zh",
      "label_en",
      "unit",
      "note",
      "type",
      "stata_name",
    ]);
    assert.deepEqual(
      objects.map((o) => o.variable),
      VARIABLES.map((v) => v.name),
    );
    const stata = stataNames(table("reports").fields.map((f) => f.name));
    for (const [i, v] of VARIABLES.entries()) {
      assert.deepEqual(
        [
          objects[i].table,
          objects[i].formats,
          objects[i].label_zh,
          objects[i].label_en,
          objects[i].unit,
          objects[i].note,
        ],
        [String(v.table), v.formats.join(","), v.labelZh, v.labelEn, v.unit, v.note],
      );
      assert.equal(objects[i].type, v.unit === "万元" ? "decimal(18,6)" : "integer");
      assert.equal(objects[i].stata_name, stata.get(v.name));
      assert.ok(objects[i].stata_name.length <= 32);
      if (v.name.length <= 32) assert.equal(objects[i].stata_name, v.name, "only overlong names change");
    }
    assert.equal(
      objects.find((o) => o.variable === "t3_denied_law_prohibited_research")!.stata_name,
      "t3_denied_law_prohib_research",
    );
  });

  test("labels.do names every column within Stata's limits and lists the renamed ones; other files keep the codebook names", () => {
    const doFile = readFileSync(join(out, "labels.do"), "utf8");
    const names = doFileColumnNames(doFile);
    const header = readCsv(join(out, "reports.csv")).header;
    assert.equal(names.length, header.length, "one rename per column of reports.csv");
    assert.equal(new Set(names).size, names.length);
    for (const n of names) assert.match(n, /^[A-Za-z_][A-Za-z0-9_]{0,31}$/);
    assert.ok(header.includes("t3_denied_law_prohibited_research"), "CSV keeps the codebook name");
    assert.ok(
      doFile.includes('char t3_denied_law_prohib_research[codebook_name] `"t3_denied_law_prohibited_research"\''),
    );
    const card = readFileSync(join(out, "README.md"), "utf8");
    assert.match(card, /\| `t3_denied_law_prohibited_research` \| `t3_denied_law_prohib_research` \|/);
    const pkg = JSON.parse(readFileSync(join(out, "datapackage.json"), "utf8"));
    const field = pkg.resources
      .find((r: { name: string }) => r.name === "reports")
      .schema.fields.find((f: { name: string }) => f.name === "t3_denied_law_prohibited_research");
    assert.match(field.description, /Stata name \(labels\.do\): t3_denied_law_prohib_research/);
  });

  test("Parquet files have typed columns and the same rows as the CSV files (read with DuckDB)", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const c: DuckDBConnection = await instance.connect();
    const rows = async (sql: string) => (await c.run(sql)).getRowObjectsJS();
    try {
      const types = new Map(
        (await rows(`DESCRIBE SELECT * FROM '${join(out, "reports.parquet")}'`)).map((r) => [
          r.column_name,
          r.column_type,
        ]),
      );
      assert.equal(types.get("report_id"), "INTEGER");
      assert.equal(types.get("t3_new_np"), "INTEGER");
      assert.equal(types.get("t2_fees_amount"), "DECIMAL(18,6)");
      assert.equal(types.get("t2_procurement_amount"), "DECIMAL(18,6)");
      assert.equal(types.get("published"), "DATE");
      assert.equal(types.get("is_current"), "BOOLEAN");
      assert.equal(types.get("division_code"), "VARCHAR");
      const longTypes = new Map(
        (await rows(`DESCRIBE SELECT * FROM '${join(out, "figures_long.parquet")}'`)).map((r) => [
          r.column_name,
          r.column_type,
        ]),
      );
      assert.equal(longTypes.get("value"), "DECIMAL(18,6)");

      for (const t of TABLES) {
        const csv = readCsvSql(join(out, t.file), t);
        const parquet = `'${join(out, parquetName(t.file))}'`;
        for (const [a, b] of [
          [csv, parquet],
          [parquet, csv],
        ]) {
          const [{ n }] = await rows(
            `SELECT count(*)::INTEGER AS n FROM (SELECT * FROM ${a} EXCEPT ALL SELECT * FROM ${b})`,
          );
          assert.equal(n, 0, `${t.name}: rows differ`);
        }
        const [{ n }] = await rows(`SELECT count(*)::INTEGER AS n FROM ${parquet}`);
        assert.equal(n, readCsv(join(out, t.file)).rows.length, t.name);
      }
      const [fees] = await rows(
        `SELECT t2_fees_amount::VARCHAR AS v, is_current, published FROM '${join(out, "reports.parquet")}' WHERE report_id = ${ids[1]}`,
      );
      assert.equal(fees.v, "0.300000");
      assert.equal(fees.is_current, true);
      const [misfit] = await rows(
        `SELECT t3_new_corp AS v FROM '${join(out, "reports.parquet")}' WHERE report_id = ${ids[3]}`,
      );
      assert.equal(misfit.v, null);
      const [emptyRaw] = await rows(
        `SELECT raw FROM '${join(out, "figures_long.parquet")}' WHERE report_id = ${ids[4]} AND variable = 't3_new_ngo'`,
      );
      assert.equal(emptyRaw.raw, "", "an empty string is not NULL");
      const [dated] = await rows(
        `SELECT published::VARCHAR AS p FROM '${join(out, "reports.parquet")}' WHERE published IS NOT NULL LIMIT 1`,
      );
      assert.match(String(dated.p), /^\d{4}-\d{2}-\d{2}$/);
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  });

  test("datapackage.json is a valid Tabular Data Package for these files", () => {
    assert.deepEqual(validateDatapackage(out), []);
    const pkg = JSON.parse(readFileSync(join(out, "datapackage.json"), "utf8"));
    const long = pkg.resources.find((r: { name: string }) => r.name === "figures_long");
    assert.deepEqual(long.schema.primaryKey, ["report_id", "variable"]);
    assert.deepEqual(
      long.schema.foreignKeys.map((k: { reference: { resource: string } }) => k.reference.resource),
      ["reports", "codebook"],
    );
    assert.ok(pkg.resources.some((r: { path: string }) => r.path === "reports.parquet"));
  });

  test("the Excel variants are the same rows with a BOM and CRLF line ends", () => {
    for (const t of TABLES) {
      const plain = readFileSync(join(out, t.file), "utf8");
      const excel = readFileSync(join(out, t.file.replace(".csv", ".excel.csv")), "utf8");
      assert.equal(excel.charCodeAt(0), 0xfeff, t.file);
      assert.ok(excel.endsWith("\r\n"));
      assert.deepEqual(parseCsv(excel.slice(1)), parseCsv(plain), t.file);
      if (!plain.includes("\r"))
        assert.equal(excel.split("\r\n").length - 1, parseCsv(plain).length, "one CRLF per record");
    }
    const sectionsExcel = readFileSync(join(out, "sections.excel.csv"), "utf8");
    assert.ok(/[^\r]\n/.test(sectionsExcel), "line breaks inside quoted text are left as they are");
  });

  test("the data card and citation describe the export", async () => {
    const card = readFileSync(join(out, "README.md"), "utf8");
    assert.match(card, /Exported at: 2030-01-02T03:04:05.000Z/);
    const n = (await expectedIds("r.is_current AND NOT r.synthetic")).length;
    assert.match(card, new RegExp(`- ${n} reports of \\d+ agencies`));
    assert.match(card, /\| revisions \| current only \|/);
    assert.match(card, /\| synthetic \(invented\) reports \| excluded \|/);
    assert.ok(card.includes(`parser versions: ${PARSER_VERSION}`), "the parser version of the stored reports");
    assert.match(card, /2 stored figures are not valid for their column's type/);
    assert.match(card, new RegExp(`\\| ${ids[3]} \\| t3_new_legal \\| 2147483648 \\|`));
    const sha = createHash("sha256")
      .update(readFileSync(join(out, "reports.csv")))
      .digest("hex");
    assert.ok(card.includes(sha), "the file table lists the digests");
    const cff = readFileSync(join(out, "CITATION.cff"), "utf8");
    assert.match(cff, /^cff-version: 1\.2\.0$/m);
    assert.match(cff, /^type: dataset$/m);
    assert.match(cff, /^authors:\n {2}- name: /m);
  });

  test("labels.R reads every column with a type and a label", {
    skip: rscript() ? false : "Rscript is not installed",
  }, () => {
    const r = spawnSync(
      "Rscript",
      [
        "-e",
        `source(${JSON.stringify(join(out, "labels.R"))}); cat(nrow(reports), ncol(reports), attr(reports$t3_new_np, "label"), class(reports$published), class(reports$is_current), class(reports$t3_new_np), sep = "|")`,
      ],
      { encoding: "utf8" },
    );
    assert.equal(r.status, 0, r.stderr);
    const [nrow, ncol, label, dateClass, boolClass, intClass] = r.stdout.trim().split("|");
    assert.equal(Number(nrow), readCsv(join(out, "reports.csv")).rows.length);
    assert.equal(Number(ncol), table("reports").fields.length);
    assert.equal(label, VARIABLES.find((v) => v.name === "t3_new_np")!.labelEn);
    assert.deepEqual([dateClass, boolClass, intClass], ["Date", "logical", "integer"]);
  });

  test("labels.R covers every column (static check)", () => {
    const script = readFileSync(join(out, "labels.R"), "utf8");
    for (const f of table("reports").fields) assert.ok(script.includes(`  ${f.name} = c(en = `), f.name);
    assert.ok(/^[\x00-\x7f]*$/.test(script), "ASCII only");
  });
});

function rscript(): boolean {
  return !spawnSync("Rscript", ["--version"]).error;
}

test("a rerun gives byte-identical files, apart from the date line — whatever the chunk size, the number of workers and the figures' sort", async () => {
  const a = (await exportTo({ now: () => new Date("2030-01-01T00:00:00Z") })).out;
  // and whether Postgres sorts the figures or the index order is relied on (checked chunk by chunk)
  const b = (
    await exportTo({ chunkSize: 3, workers: 3, presorted: false, now: () => new Date("2031-06-30T12:00:00Z") })
  ).out;
  const files = readdirSync(a).sort();
  assert.deepEqual(readdirSync(b).sort(), files);
  for (const f of files) {
    if (f === "README.md") continue;
    assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), `${f} differs`);
  }
  const [ra, rb] = [a, b].map((d) => readFileSync(join(d, "README.md"), "utf8").split("\n"));
  const differing = ra.flatMap((line, i) => (line === rb[i] ? [] : [line]));
  assert.equal(ra.length, rb.length);
  assert.deepEqual(differing, ["Exported at: 2030-01-01T00:00:00.000Z"]);
});

test("figures read without a sort that arrive out of order are read again sorted: the same bytes", async (t) => {
  const [{ presorted }] = await query<{ presorted: boolean }>(PRESORTED_CHECK_SQL);
  if (!presorted) {
    t.skip("this database's collation does not order the codebook names bytewise: figures are always sorted");
    return;
  }
  let reads = 0;
  const a = (await exportTo({ formats: [], chunkSize: 4 })).out;
  // a "fast" statement whose records come in the wrong order — variables backwards in every chunk
  const b = (
    await exportTo({
      formats: [],
      chunkSize: 4,
      unsortedFiguresSql: (where) => {
        reads++;
        return figuresCopySql(where, false).replace(
          /ORDER BY r\.id, f\.variable COLLATE "C"\) TO/,
          'ORDER BY r.id, f.variable COLLATE "C" DESC) TO',
        );
      },
    })
  ).out;
  assert.ok(reads > 1);
  for (const f of ["reports.csv", "figures_long.csv"])
    assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f);
});

test("a non-empty folder is refused without --force; --force replaces an earlier export and leaves other files", async () => {
  const { out } = await exportTo({ excel: true });
  writeFileSync(join(out, "my-notes.txt"), "keep me");
  await assert.rejects(
    exportTo({ out }),
    (e: Error) => e instanceof ExportError && /is not empty .* --force/.test(e.message),
  );
  await exportTo({ out, force: true, formats: [] });
  const files = readdirSync(out);
  assert.ok(files.includes("my-notes.txt"));
  assert.ok(
    !files.some((f) => f.endsWith(".parquet") || f.includes(".excel.")),
    "files this export does not write are gone",
  );
  assert.ok(files.includes("reports.csv"));
  // a staging folder left by an export that died is removed, not counted as content
  const abandoned = outDir();
  mkdirSync(join(abandoned, ".gongkai-export-999999999", "x"), { recursive: true });
  await exportTo({ out: abandoned, formats: [] });
  assert.ok(!existsSync(join(abandoned, ".gongkai-export-999999999")));
  const file = join(tmp.path, "a-file");
  writeFileSync(file, "x");
  await assert.rejects(exportTo({ out: file }), /is a file, not a folder/);
});

test("progress: the streaming stage counts every selected report once, chunk by chunk", async () => {
  const events: string[] = [];
  let done = 0;
  const { result } = await exportTo({
    chunkSize: 2,
    formats: [],
    progress: (label, total, unit) => {
      events.push(`start ${label} ${total} ${unit}`);
      return {
        tick: (n) => {
          done += n;
          events.push(`tick ${n}`);
        },
        stop: () => events.push("stop"),
      };
    },
  });
  const n = result.stats.reports;
  assert.ok(n > 2, "several chunks");
  assert.equal(events[0], `start export ${n} reports`);
  assert.equal(events.at(-1), "stop");
  assert.equal(done, n);
  assert.equal(events.filter((e) => e.startsWith("tick")).length, Math.ceil(n / 2));
});

describe("filters select the same reports as SQL", () => {
  const cases: [string, ExportOptions["filters"], string, unknown[]?][] = [
    ["years", { years: [2021, 2022] }, "r.is_current AND NOT r.synthetic AND r.year IN (2021, 2022)"],
    ["province", { provinces: ["广东省"] }, "r.is_current AND NOT r.synthetic AND a.province = '广东省'"],
    ["city", { cities: ["广州市"] }, "r.is_current AND NOT r.synthetic AND a.city = '广州市'"],
    ["county", { counties: ["海淀区"] }, "r.is_current AND NOT r.synthetic AND a.county = '海淀区'"],
    ["level", { levels: ["city", "province"] }, "r.is_current AND NOT r.synthetic AND a.level IN ('city', 'province')"],
    ["kind", { kinds: ["government"] }, "r.is_current AND NOT r.synthetic AND a.kind = 'government'"],
    ["format version", { formatVersions: ["2019"] }, "r.is_current AND NOT r.synthetic AND r.format = '2019'"],
    ["all revisions", { allRevisions: true }, "NOT r.synthetic"],
    ["synthetic included", { includeSynthetic: true }, "r.is_current"],
    [
      "without errors",
      { withoutErrors: true },
      "r.is_current AND NOT r.synthetic AND NOT EXISTS (SELECT 1 FROM diagnostic d WHERE d.report_id = r.id AND d.severity = 'error')",
    ],
    [
      "combined",
      { years: [2021], provinces: ["广东省"], allRevisions: true, includeSynthetic: true },
      "r.year = 2021 AND a.province = '广东省'",
    ],
  ];
  for (const [name, filters, where] of cases) {
    test(name, async () => {
      const expected = await expectedIds(where);
      const { out, result } = await exportTo({ filters, formats: [] });
      const got = readCsv(join(out, "reports.csv")).objects.map((o) => Number(o.report_id));
      assert.deepEqual(got, expected);
      assert.equal(result.stats.reports, expected.length);
      assert.ok(expected.length > 0, "the fixtures hold reports of this selection");
    });
  }

  test("the fixtures make every filter meaningful", async () => {
    assert.ok((await expectedIds("a.kind = 'government'")).length > 0, "a government");
    assert.ok((await expectedIds("NOT r.is_current")).length > 0, "a superseded revision");
    assert.ok(
      (await expectedIds("EXISTS (SELECT 1 FROM diagnostic d WHERE d.report_id = r.id AND d.severity = 'error')"))
        .length > 0,
      "a report with errors",
    );
  });

  test("a selection of nothing still writes the tables with their headers", async () => {
    const { out, result } = await exportTo({ filters: { years: [2099] }, formats: ["parquet"] });
    assert.equal(result.stats.reports, 0);
    assert.equal(readFileSync(join(out, "reports.csv"), "utf8").split("\n").length, 2);
    assert.deepEqual(validateDatapackage(out), []);
  });
});

describe("the command", () => {
  const calls = (mock: { mock: { calls: { arguments: unknown[] }[] } }) =>
    mock.mock.calls.map((c) => String(c.arguments[0])).join("\n");

  test("exports with DATABASE_URL, and bad requests exit 2 with one clear message", async (t) => {
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = db.url;
    try {
      const error = t.mock.method(console, "error", () => undefined);
      const out = outDir();
      assert.equal(await run(["--out", out, "--formats", "parquet,r", "--years", "2021", "--quiet"]), 0, calls(error));
      assert.ok(existsSync(join(out, "reports.parquet")));
      const readme = readFileSync(join(out, "README.md"), "utf8");
      assert.match(readme, /npm run export -- --out DIR --years 2021/);

      for (const [args, message] of [
        [["--years", "2021"], /--out DIR is required/],
        [["--out", outDir(), "--years", "20x1"], /--years: "20x1" is not a year or a range/],
        [["--out", outDir(), "--level", "town"], /--level: "town" is not one of/],
        [["--out", outDir(), "--province", "广东"], /did you mean 广东省/],
        [["--out", outDir(), "--formats", "xlsx"], /--formats: "xlsx" is not one of/],
        [["--out", outDir(), "--workers", "0"], /--workers: "0" is not a whole number from 1 to 8/],
        [["--out", outDir(), "--colour"], /Unknown option '--colour'/],
        [["--out", out], /is not empty/],
      ] as [string[], RegExp][]) {
        error.mock.resetCalls();
        assert.equal(await run(args), 2, args.join(" "));
        assert.match(calls(error), message);
      }
    } finally {
      if (previous === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previous;
    }
  });

  test("without --quiet, progress and stages go to stderr (lines when stderr is not a terminal)", async (t) => {
    const written: string[] = [];
    t.mock.method(process.stderr, "write", (chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = db.url;
    const code = await run(["--out", outDir(), "--formats", "r"]).finally(() => {
      if (previous === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previous;
    });
    t.mock.restoreAll();
    assert.equal(code, 0, written.join(""));
    const n = (await expectedIds("r.is_current AND NOT r.synthetic")).length;
    const text = written.join("");
    assert.match(text, new RegExp(`export \\(reports\\): ${n}/${n} \\(100%\\)`), text);
    assert.match(text, new RegExp(`export: ${n} reports selected`));
    assert.match(text, /export: done: \d+ reports, \d+ files in /);
  });

  test("the default formats (Stata included) export end to end", async (t) => {
    const error = t.mock.method(console, "error", () => undefined);
    const out = outDir();
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = db.url;
    const code = await run(["--out", out, "--quiet"]).finally(() => {
      if (previous === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previous;
    });
    assert.equal(code, 0, calls(error));
    for (const name of ["reports.csv", "reports.parquet", "labels.do", "labels.R", "codebook.csv", "datapackage.json"])
      assert.ok(existsSync(join(out, name)), name);
    assert.deepEqual(validateDatapackage(out), []);
  });
});
