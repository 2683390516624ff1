/**
 * Which agency a report belongs to. Pure: the database side is in ingest/agency-store.ts and ingest/store.ts.
 *
 * The same body is printed in many ways: traditional script (the parser already gives the simplified
 * name and keeps the printed one as `agencyRaw`), with or without its place prefix (淮安市洪泽区人民政府 /
 * 洪泽区人民政府), and with small variants across years (政务服务数据管理局 / 政务服务和数据管理局,
 * 卫生健康委员会 / 卫生健康委, 上海市科委 / 上海市科学技术委员会). The identity is therefore
 *   key = "<place>|<body>"
 * where place is the division code the parser resolved (else the province, else "") and body is the name
 * with its place prefixes removed and common equivalent spellings folded. A report whose key is new may
 * still be a small variant of an agency of the same place: `isSmallVariant` decides that.
 */
import type { ReportMeta } from "./types.js";

export interface AgencyIdentity {
  /** unique identity; "synthetic|…" for invented agencies, which never share an identity with real ones */
  key: string;
  /** the place part of the key: division code, else province, else "" (unknown place) */
  place: string;
  /** the name without place prefixes, normalised */
  body: string;
  /** the name as the parser gives it (simplified) */
  name: string;
  /** other spellings seen in this report (traditional script as printed, short forms) */
  variants: string[];
  synthetic: boolean;
}

const PROVINCE_SUFFIX = /(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/;
const CITY_SUFFIX = /(市|地区|盟)$/;
const COUNTY_SUFFIX = /(林区|特区|市|县|区|旗)$/;

/**
 * A place name and its short form (广州市 → 广州), longest first; a short form needs 2+ characters.
 * Autonomous prefectures and counties go by their first two characters (延边朝鲜族自治州 → 延边).
 */
function placeForms(name: string | null, suffix: RegExp): string[] {
  if (!name) return [];
  const short = /自治(州|县|旗)$/.test(name) ? name.slice(0, 2) : name.replace(suffix, "");
  return short !== name && short.length >= 2 ? [name, short] : [name];
}

/**
 * The name without the province, city and county it starts with (each optional). The longest place form
 * that fits goes first: a county may start with its city's short form (许昌经济技术开发区 in 许昌市,
 * 本溪满族自治县 in 本溪市), and stripping 许昌 first would leave half a county behind.
 */
export function stripPlaces(name: string, meta: Pick<ReportMeta, "province" | "city" | "county">): string {
  const levels = [
    placeForms(meta.province, PROVINCE_SUFFIX),
    placeForms(meta.city, CITY_SUFFIX),
    placeForms(meta.county, COUNTY_SUFFIX),
  ];
  let s = name;
  for (;;) {
    let best: { level: number; form: string } | null = null;
    levels.forEach((forms, level) => {
      for (const form of forms)
        if (s.startsWith(form) && s.length > form.length && form.length > (best?.form.length ?? 0))
          best = { level, form };
    });
    if (!best) return s;
    const { level, form } = best as { level: number; form: string };
    s = s.slice(form.length);
    levels[level] = [];
  }
}

/**
 * Customary short forms of departments (上海市科委 for 上海市科学技术委员会), as whole bodies after the
 * folding below. Only forms that name one body everywhere: 交通局 is not folded into 交通运输局 (some
 * places kept both through reorganisations), nor 农委 (农业委 / 农村工作委).
 */
const SHORT_FORMS: Readonly<Record<string, string>> = {
  发改委: "发展和改革委",
  发展改革委: "发展和改革委",
  发改局: "发展和改革局",
  发展改革局: "发展和改革局",
  科委: "科学技术委",
  科技局: "科学技术局",
  科技厅: "科学技术厅",
  卫健委: "卫生健康委",
  卫健局: "卫生健康局",
  卫计委: "卫生和计划生育委",
  卫生计生委: "卫生和计划生育委",
  住建委: "住房和城乡建设委",
  住建局: "住房和城乡建设局",
  住建厅: "住房和城乡建设厅",
  人社局: "人力资源和社会保障局",
  人社厅: "人力资源和社会保障厅",
  市场监管局: "市场监督管理局",
  市监局: "市场监督管理局",
  环保局: "环境保护局",
  教委: "教育委",
  经信委: "经济和信息化委",
  经信局: "经济和信息化局",
  经信厅: "经济和信息化厅",
  国资委: "国有资产监督管理委",
  民宗委: "民族宗教事务委",
  文旅局: "文化和旅游局",
  文旅厅: "文化和旅游厅",
  医保局: "医疗保障局",
  应急局: "应急管理局",
  退役军人局: "退役军人事务局",
  城管局: "城市管理局",
  侨办: "侨务办",
  外办: "外事办",
  台办: "台湾事务办",
  政数局: "政务服务数据管理局",
};

/** Spellings that name the same thing, folded to one; punctuation and white space dropped. */
export function normaliseBody(s: string): string {
  const body = s
    .replace(/[\s·・•()（）【】[\]"“”'‘’、,，.。:：|]/g, "")
    .replace(/^中华人民共和国/, "")
    .replace(/人民政府/g, "政府")
    .replace(/管理委员会|管委会/g, "管委")
    .replace(/委员会/g, "委")
    .replace(/办公室|办公厅/g, "办");
  return SHORT_FORMS[body] ?? body;
}

/** The identity of the agency a parsed report names, or null when the parser found no agency. */
export function agencyIdentity(meta: ReportMeta, synthetic = false): AgencyIdentity | null {
  const name = meta.agency?.trim();
  if (!name) return null;
  const place = meta.divisionCode ?? meta.province ?? "";
  const body = normaliseBody(stripPlaces(name, meta)) || normaliseBody(name);
  const variants = [meta.agencyRaw].filter((v): v is string => !!v && v !== name);
  return { key: `${synthetic ? "synthetic|" : ""}${place}|${body}`, place, body, name, variants, synthetic };
}

/** The body part of a stored key. */
export function bodyOfKey(key: string): string {
  return key.slice(key.lastIndexOf("|") + 1);
}

/**
 * Two bodies of the same place where one has a character the other lacks (政务服务数据管理局 /
 * 政务服务和数据管理局), long enough for that to be a variant rather than another body. A changed
 * character is NOT a variant: 民政局 / 财政局, 服务中心 / 事务中心 are different bodies.
 */
export function isSmallVariant(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.min(a.length, b.length) < 6 || Math.abs(a.length - b.length) !== 1) return false;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}

/**
 * Which spelling is canonical: the fuller one (it usually carries the place prefix the other omits);
 * on a tie the one already held stays.
 */
export function preferredName(held: string, incoming: string): string {
  return incoming.length > held.length ? incoming : held;
}
