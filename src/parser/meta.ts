/**
 * Report metadata (REPORT_FORMAT §6): agency, year, published date, places, level and kind.
 * Everything is read from the normalised (simplified) text, so a traditional report gets simplified
 * metadata; the agency as printed is kept beside it.
 */
import type { Doc } from "./doc.js";
import { compact } from "../text/normalize.js";
import { countiesInText, resolveDivision, type Division } from "./divisions.js";
import type { Kind, Level } from "./types.js";

const TITLE_WORDS = /政府信息公开/;

/**
 * A line too long to be a title may still start with one: crawler text runs the whole report into one
 * line (XX局2023年政府信息公开工作年度报告 本报告根据…). Its head is the part before the first space,
 * else up to the first 报告/年报.
 */
function titleHead(line: string): string {
  const t = line.trim();
  if (compact(t).length <= 70) return t;
  const space = /\s/.exec(t);
  const m = /^.{4,68}?(?:报告|年报)/.exec(t);
  // the head before the first space, unless it is a word or two before a title whose words are spaced
  // (a DOCX paragraph joining the title lines: 正文 2024 年XX政府信息公开工作 年度报告 根据…)
  if (
    space &&
    space.index > 0 &&
    space.index <= 70 &&
    (!m || /报告|年报/.test(t.slice(0, space.index)) || m[0].length > 70)
  )
    return t.slice(0, space.index);
  return m ? m[0] : t;
}

/** A breadcrumb joined to the title (您现在的位置: 首页 > … > 年报 > XX2020年度报告): the part after its last step. */
function afterBreadcrumb(line: string): string {
  // the line starts with the breadcrumb; its steps follow within a short span
  const m = /^.{0,16}?(?:现在的位置|当前位置|所在位置)\s*[:：]/.exec(line);
  if (!m) return line;
  const span = line.slice(m[0].length, m[0].length + 100);
  const last = Math.max(...[">", "›", "»", "→"].map((c) => span.lastIndexOf(c)));
  return last >= 0 ? line.slice(m[0].length + last + 1).trim() : line;
}

/** The report title: an early line naming 政府信息公开 … 报告 (a title wrapped over two lines is joined). */
export function findTitle(doc: Doc, limit: number, sourceTitle?: string | null): string | null {
  const lines = doc.lines;
  for (let i = 0; i < lines.length && lines[i].start < limit; i++) {
    let t = compact(titleHead(afterBreadcrumb(doc.norm.slice(lines[i].start, lines[i].end))))
      .replace(/^(标题|题目|文章标题)[:：]/, "")
      .replace(/^(正文|全文|原文)(?=\d{4}年)/, "");
    if (!TITLE_WORDS.test(t) || t.length > 70 || /^(根据|按照|依据|本报告|现将)/.test(t) || /[。，,]/.test(t)) continue;
    if (!/报告|年报/.test(t) && i + 1 < lines.length) {
      const nxt = compact(doc.norm.slice(lines[i + 1].start, lines[i + 1].end));
      if (nxt.length <= 12 && /报告|年报/.test(nxt)) t += nxt;
    }
    // a title wrapped before the year (洪泽区人民政府 / 2023年政府信息公开工作年度报告): take the agency line too
    if (/^\d{4}\s*年/.test(t) && i > 0) {
      const prev = compact(doc.norm.slice(lines[i - 1].start, lines[i - 1].end));
      if (prev.length >= 3 && prev.length <= 30 && !/[。，,:：;；\d]/.test(prev)) t = prev + t;
    }
    if (/报告|年报/.test(t) && /\d{4}/.test(t)) return t.replace(/[《》]/g, "");
  }
  if (sourceTitle && TITLE_WORDS.test(sourceTitle)) return compact(sourceTitle).replace(/[_|\-–—].*$/, "");
  return null;
}

export function findYear(title: string | null, norm: string): number | null {
  const ok = (y: number) => y >= 2008 && y <= 2100;
  const candidates = [
    title && /(\d{4})\s*年/.exec(title),
    /(\d{4})\s*年度?\s*政府信息公开/.exec(norm),
    /统计(?:期限|周期|时限|区间)[^。\d]{0,8}(\d{4})\s*年/.exec(norm),
  ];
  for (const m of candidates) if (m && ok(Number(m[1]))) return Number(m[1]);
  return null;
}

const PLACE_END = /(省|市|区|县|旗|镇|乡|街道)$/;

/** The agency from the title, else from the introduction (现将XX2023年…), else from 发布机构/来源. */
export function findAgency(title: string | null, norm: string): string | null {
  let a: string | null = null;
  if (title) {
    const t = title.replace(/^\d{4}\s*年度?/, "").replace(/关于/, "");
    const m = /^(.{2,40}?)(?:\d{4}\s*年度?)?(?:政府信息公开|政务公开|信息公开)/.exec(t);
    if (m) a = m[1].replace(/\d{4}\s*年度?$/, "");
  }
  if (!a) {
    const m =
      /(?:现将|现公布|编制了?|发布)\s*([^\s，。,、《》]{2,40}?)\s*\d{4}\s*年度?\s*(?:政府信息公开|政务公开)/.exec(norm);
    if (m) a = m[1];
  }
  if (!a) {
    const m = /(?:发布机构|来源|信息来源)\s*[:：]\s*([^\s|]{2,40})/.exec(norm);
    if (m && !/本网|本站/.test(m[1])) a = m[1];
  }
  if (!a) return null;
  a = compact(a).replace(/^[\d\s.、:：]+/, "");
  if (/^(镇|乡|街道)$/.test(a)) return null;
  return a;
}

/** An agency printed without its place (区政务服务管理局) takes the place the text names most often. */
export function qualifyAgency(agency: string, norm: string, division: Division): string {
  const m = /^(区|县|市|镇|乡|旗)(?!政府$)/.exec(agency);
  if (!m || division.province) return agency;
  const counts = new Map<string, number>();
  for (const name of countiesInText(norm)) {
    if (!name.endsWith(m[1])) continue;
    counts.set(name, norm.split(name).length - 1);
  }
  const best = [...counts.entries()].sort((x, y) => y[1] - x[1])[0];
  return best ? best[0] + agency.slice(1) : agency;
}

/** Full name for a bare place: 狮岭镇 → 狮岭镇人民政府, XX街道 → XX街道办事处. */
export function canonicalAgency(agency: string): string {
  if (/街道$/.test(agency)) return agency + "办事处";
  if ((PLACE_END.test(agency) && !/(新区|实验区|开发区)$/.test(agency)) || /(镇|乡)政府$/.test(agency)) {
    return agency.replace(/政府$/, "") + "人民政府";
  }
  return agency;
}

/** Zones that are not in the division codes under their own name, with the level they report at. */
const SPECIAL_ZONES: { prefix: string; province: string; level: Level }[] = [
  { prefix: "平潭综合实验区", province: "福建省", level: "city" },
  { prefix: "雄安新区", province: "河北省", level: "city" },
];

export function placeOf(agency: string, norm: string): Division & { level: Level | null } {
  const zone = SPECIAL_ZONES.find((z) => agency.startsWith(z.prefix));
  if (zone) return { province: zone.province, city: null, county: null, code: null, level: zone.level };
  const d = resolveDivision(agency, norm.slice(0, 20000));
  let level: Level | null = null;
  if (
    /(镇|乡|街道|苏木)(人民政府|政府|办事处|党委|党政办公室)?$/.test(agency) ||
    /(镇|乡)人民政府|街道办事处/.test(agency)
  )
    level = "township";
  else if (d.county) level = "county";
  else if (d.city) level = "city";
  else if (d.province) level = "province";
  else if (/^(国务院|国家|中华人民共和国|中国)/.test(agency)) level = "central";
  return { ...d, level };
}

export function kindOf(agency: string): Kind {
  if (/办公(室|厅)$/.test(agency)) return "department";
  if (
    /(人民政府|政府|街道办事处|(实验区|新区|开发区|高新区|示范区)(管理委员会|管委会)|(省|市|区|县|旗|镇|乡|实验区|新区))$/.test(
      agency,
    )
  )
    return "government";
  return "department";
}

const DATE = /(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})/;
export const isoDate = (y: string, m: string, d: string) => `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;

/** The page's publication date from chrome printed above the report (发布时间: …, or a bare date line). */
export function findPageDate(doc: Doc, limit: number): string | null {
  const head = doc.norm.slice(0, limit);
  const m =
    /(?:发布(?:日期|时间)|成文日期|发文日期|时间|日期)\s*[:：]?\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})/.exec(
      head,
    ) ??
    /(?:^|\n)[\s•·]*(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:\n|$)/.exec(head) ??
    // the same date as an item of the page's bullet line, when the lines were joined into one paragraph
    /[•·]\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*(?=[•·]|\n|$)/.exec(head);
  return m ? isoDate(m[1], m[2], m[3]) : null;
}

const CN_DIGIT: Record<string, number> = {
  〇: 0,
  "○": 0,
  零: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
function cnNumber(s: string): number {
  if (s.includes("十")) {
    const [a, b] = s.split("十");
    return (a ? CN_DIGIT[a] : 1) * 10 + (b ? CN_DIGIT[b] : 0);
  }
  return Number([...s].map((c) => CN_DIGIT[c] ?? "").join(""));
}

/** A signature date (2025年1月19日, 二〇二四年一月二十日) as YYYY-MM-DD. */
export function signatureDate(s: string | null): string | null {
  if (!s) return null;
  const t = compact(s);
  const m = DATE.exec(t);
  if (m) return isoDate(m[1], m[2], m[3]);
  const c = /([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日/.exec(t);
  return c ? isoDate(String(cnNumber(c[1])), String(cnNumber(c[2])), String(cnNumber(c[3]))) : null;
}
