/**
 * A generated corpus of invented reports (deterministic from a seed) with gold files in the scorer's
 * format (../shared/tools/score-extraction.mjs: file, meta, values, sections, expected_issues).
 *
 * Agencies are invented departments in real places (places.ts); each reports for a run of consecutive
 * years within 2019–2025, in the format of the year (2019 up to the 2020 report, 2021 after). Its years
 * are linked the way real ones are — this year's 上年结转 is last year's 结转下年度, and 现行有效 carries
 * over — except for an occasional broken link, as in real data. Some years print the agency's name
 * differently (without its city, in traditional script, 委 for 委员会): one agency all the same.
 * Everything here is invented and is marked synthetic wherever it is stored.
 */
import type { FormatVersion } from "../codebook/index.js";
import { T3_COLUMNS, t3Rows, t3Var } from "../parser/tables/layout.js";
import { isSmallVariant, normaliseBody } from "../parser/agency-identity.js";
import { places, type Place } from "./places.js";
import { renderReport, toTraditional, type Layout, type RenderOptions } from "./render.js";
import { renderHtmlReport } from "./render-html.js";
import { rng, syntheticValues } from "./values.js";

export type CorpusLayout = Layout | "html";
/** `glued` (crawler text, cells run together) is opt-in: ask for it with `layouts`. */
export const DEFAULT_LAYOUTS: readonly CorpusLayout[] = ["lines", "pipe", "html"];
export const FIRST_YEAR = 2019;
export const LAST_YEAR = 2025;

export interface Gold {
  file: string;
  synthetic: true;
  meta: {
    agency: string;
    year: number;
    format: FormatVersion;
    published: string;
    script: "simplified" | "traditional";
    province: string;
    city: string | null;
    county: string | null;
    level: string;
    kind: "department";
  };
  values: Record<string, number>;
  sections: Record<string, { starts_with: string; ends_with: string }>;
  expected_issues: never[];
}

export interface CorpusFile {
  name: string;
  bytes: Buffer;
  gold: Gold;
  /** the invented agency's index in this corpus (its reports share it) */
  agency: number;
}

export interface CorpusOptions {
  count: number;
  seed: number;
  layouts?: readonly CorpusLayout[];
}

// Invented department names: no character that names a place level (省市区县州旗盟镇乡), so that no
// division name can be read into them.
const DOMAINS = [
  "数字治理",
  "营商环境",
  "河湖保护",
  "文旅融合",
  "青年发展",
  "低空经济",
  "银发服务",
  "海洋牧场",
  "智慧交通",
  "绿色能源",
  "社会信用",
  "招商引资",
  "科技创新",
  "口岸物流",
  "人才发展",
  "公共资源交易",
  "林草保护",
  "水土保持",
  "标准计量",
  "数据资源",
  "政务服务",
  "湿地保护",
  "会展服务",
  "冰雪运动",
  "茶产业发展",
  "外事侨务",
  "气象服务",
  "档案信息",
];
const SUFFIXES = ["局", "事务局", "管理局", "服务中心", "事务中心", "发展中心", "委员会"];

interface Agency {
  index: number;
  place: Place;
  name: string;
  years: number[];
}

export function* generateCorpus(opts: CorpusOptions): Generator<CorpusFile> {
  const layouts = opts.layouts?.length ? opts.layouts : DEFAULT_LAYOUTS;
  const r = rng(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const { provinces, cities, counties } = places();
  // invented names per place, as identities: two agencies of one place must never read as one
  const bodies = new Map<string, string[]>();
  let emitted = 0;
  for (let index = 0; emitted < opts.count; index++) {
    const agency = inventAgency(index);
    let prev: Record<string, number> | null = null;
    for (const year of agency.years) {
      if (emitted >= opts.count) return;
      const format: FormatVersion = year <= 2020 ? "2019" : "2021";
      const values = syntheticValues(Math.floor(r() * 2 ** 31), format);
      // about one year-on-year link in twenty is broken, as agencies restructure and recount
      if (prev && r() >= 0.05) linkYears(prev, values, format);
      prev = values;
      yield renderOne(agency, year, format, values, emitted++);
    }
  }

  function inventAgency(index: number): Agency {
    for (;;) {
      const u = r();
      const place = u < 0.6 ? pick(counties) : u < 0.9 ? pick(cities) : pick(provinces);
      const name = place.prefix + pick(DOMAINS) + pick(SUFFIXES);
      const body = normaliseBody(name.slice(place.prefix.length));
      const taken = bodies.get(place.prefix) ?? [];
      if (taken.some((b) => isSmallVariant(b, body))) continue;
      bodies.set(place.prefix, [...taken, body]);
      // runs of 1–7 consecutive years, mostly long ones
      const length = Math.min(7, 1 + Math.floor(r() * r() * 8) + Math.floor(r() * 3));
      const start = FIRST_YEAR + Math.floor(r() * (LAST_YEAR - FIRST_YEAR + 2 - length));
      return { index, place, name, years: Array.from({ length }, (_, i) => start + i) };
    }
  }

  function renderOne(
    agency: Agency,
    year: number,
    format: FormatVersion,
    values: Record<string, number>,
    n: number,
  ): CorpusFile {
    const layout = pick(layouts);
    const traditional = r() < 0.1;
    const name = printedName(agency, r());
    const published =
      r() < 0.8 ? `${year + 1}-0${1 + Math.floor(r() * 3)}-${String(10 + Math.floor(r() * 19))}` : undefined;
    const options: Omit<RenderOptions, "layout"> = {
      format,
      year,
      agency: name,
      traditional,
      published,
      splitHeaders: r() < 0.2,
      sparseHeaders: r() < 0.1,
      yuan: format === "2019" && r() < 0.3,
      // an empty cell survives in a pipe row or an HTML cell; one cell per line it would just vanish
      zeroAs: r() < 0.3 ? pick(layout === "pipe" || layout === "html" ? ["", "/", "—"] : ["/", "—"]) : undefined,
      trailer: layout !== "html" && r() < 0.05 ? "相关附件\n扫一扫在手机打开当前页" : undefined,
    };
    const file = `s${opts.seed}-${String(n).padStart(5, "0")}-${year}.${layout === "html" ? "html" : "txt"}`;
    const text = layout === "html" ? renderHtmlReport(values, options) : renderReport(values, { ...options, layout });
    return {
      name: file,
      bytes: Buffer.from(text),
      agency: agency.index,
      gold: gold(file, agency.place, name, year, format, values, options),
    };
  }
}

/** How one year's report prints the agency: mostly in full; sometimes without its city, or 委 for 委员会. */
function printedName(agency: Agency, u: number): string {
  const { place, name } = agency;
  if (u < 0.08 && place.shortPrefix) return place.shortPrefix + name.slice(place.prefix.length);
  if (u > 0.92 && name.endsWith("委员会")) return name.slice(0, -2);
  return name;
}

/**
 * This year's 上年结转 = last year's 结转下年度 (table 3, per applicant column), keeping every
 * consistency rule of the year; 现行有效 = last year's + 制发 − 废止 (table 2, both years 2021 format).
 */
export function linkYears(prev: Record<string, number>, cur: Record<string, number>, format: FormatVersion): void {
  for (const col of T3_COLUMNS.slice(0, 6)) {
    const carriedIn = prev[t3Var("carried_out", col)];
    const carriedOut = cur[t3Var("carried_out", col)];
    const short = carriedIn - cur[t3Var("result_total", col)] - carriedOut;
    if (short > 0) {
      // more was carried in than this year handled and carried on: it was granted this year
      cur[t3Var("granted", col)] += short;
      cur[t3Var("result_total", col)] += short;
    }
    cur[t3Var("carried_in", col)] = carriedIn;
    cur[t3Var("new", col)] = cur[t3Var("result_total", col)] + carriedOut - carriedIn;
  }
  for (const row of t3Rows(format))
    cur[t3Var(row.key, "total")] = T3_COLUMNS.slice(0, 6).reduce((s, c) => s + cur[t3Var(row.key, c)], 0);
  if (format === "2021" && prev.t2_rules_in_force !== undefined) {
    for (const k of ["rules", "normative"]) {
      const before = prev[`t2_${k}_in_force`];
      cur[`t2_${k}_repealed`] = Math.min(cur[`t2_${k}_repealed`], before + cur[`t2_${k}_issued`]);
      cur[`t2_${k}_in_force`] = before + cur[`t2_${k}_issued`] - cur[`t2_${k}_repealed`];
    }
  }
}

function gold(
  file: string,
  place: Place,
  agency: string,
  year: number,
  format: FormatVersion,
  values: Record<string, number>,
  o: Omit<RenderOptions, "layout">,
): Gold {
  const script = (s: string) => (o.traditional ? toTraditional()(s) : s);
  const snippet = (starts_with: string, ends_with: string) => ({
    starts_with: script(starts_with),
    ends_with: script(ends_with),
  });
  return {
    file,
    synthetic: true,
    meta: {
      agency,
      year,
      format,
      published: o.published ?? `${year + 1}-01-20`,
      script: o.traditional ? "traditional" : "simplified",
      province: place.province,
      city: place.city,
      county: place.county,
      level: place.level,
      kind: "department",
    },
    values: { ...values },
    sections: {
      summary: snippet(`${year}年,本机关认真落实政务公开各项要求`, "及时更新政府信息公开指南。"),
      problems_improvements: snippet("政策解读的形式仍较单一", "提质增效。"),
      problems: snippet("政策解读的形式仍较单一", "有待加强。"),
      improvements: snippet("下一步,将加强业务培训", "提质增效。"),
      other: snippet("本年度未收取信息处理费。", "本年度未收取信息处理费。"),
    },
    expected_issues: [],
  };
}
