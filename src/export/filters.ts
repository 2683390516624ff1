/**
 * Export filters from command-line values, checked before the database is touched: a bad value gets
 * one clear message naming the option, the value and what is accepted. Place names are checked against
 * the national division names (the names agencies are stored under), with a suggestion for short forms.
 * `filterArgs` turns filters back into canonical options (data card, reproducibility).
 */
import type { FormatVersion } from "../codebook/index.js";
import { places, unknownPlace, type Place } from "../text/place-names.js";
import type { Kind, Level } from "../parser/types.js";
import { LIST_FILTERS, type ExportFilters } from "./snapshot.js";

export class FilterError extends Error {
  override name = "FilterError";
}

export interface FilterValues {
  years?: string[];
  province?: string[];
  city?: string[];
  county?: string[];
  level?: string[];
  kind?: string[];
  "format-version"?: string[];
  "all-revisions"?: boolean;
  "include-synthetic"?: boolean;
  "without-errors"?: boolean;
}

const LEVELS: readonly Level[] = ["central", "province", "city", "county", "township"];
const KINDS: readonly Kind[] = ["government", "department"];
const FORMAT_VERSIONS: readonly FormatVersion[] = ["2019", "2021"];
/** the regulation took effect in 2008; anything outside this is a typo */
const YEAR_MIN = 2000;
const YEAR_MAX = 2100;

/** "a,b" "c" → [a, b, c]; empty items dropped. */
const items = (values: string[] | undefined) =>
  (values ?? [])
    .flatMap((v) => v.split(/[,，]/))
    .map((s) => s.trim())
    .filter(Boolean);

const unique = <T>(xs: T[]) => [...new Set(xs)];

export function parseYears(values: string[] | undefined): number[] | undefined {
  const years: number[] = [];
  for (const item of given("years", values)) {
    const m = /^(\d{4})(?:\s*[-–~]\s*(\d{4}))?$/.exec(item);
    if (!m) throw new FilterError(`--years: "${item}" is not a year or a range (examples: 2021, 2019-2023, 2019,2021)`);
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    for (const y of [from, to]) {
      if (y < YEAR_MIN || y > YEAR_MAX) throw new FilterError(`--years: ${y} is outside ${YEAR_MIN}–${YEAR_MAX}`);
    }
    if (to < from) throw new FilterError(`--years: the range "${item}" runs backwards (write ${to}-${from})`);
    for (let y = from; y <= to; y++) years.push(y);
  }
  return years.length ? unique(years).sort((a, b) => a - b) : undefined;
}

function oneOf<T extends string>(option: string, values: string[] | undefined, allowed: readonly T[]): T[] | undefined {
  const out: T[] = [];
  for (const item of given(option, values)) {
    const v = item.toLowerCase();
    if (!(allowed as readonly string[]).includes(v)) {
      throw new FilterError(`--${option}: "${item}" is not one of ${allowed.join(", ")}`);
    }
    out.push(v as T);
  }
  return out.length ? unique(out).sort() : undefined;
}

/** An option given with nothing in it (`--province ""`, `--years ,`) would silently select everything. */
function given(option: string, values: string[] | undefined): string[] {
  const out = items(values);
  if (values?.length && !out.length) throw new FilterError(`--${option}: no value given`);
  return out;
}

function placeFilter(level: "province" | "city" | "county", values: string[] | undefined): string[] | undefined {
  const names = given(level, values);
  if (!names.length) return undefined;
  for (const name of names) {
    const problem = unknownPlace(level, name);
    if (problem) throw new FilterError(`--${level}: ${problem}`);
  }
  return unique(names).sort();
}

export function parseFilters(values: FilterValues): ExportFilters {
  const filters: ExportFilters = {
    years: parseYears(values.years),
    provinces: placeFilter("province", values.province),
    cities: placeFilter("city", values.city),
    counties: placeFilter("county", values.county),
    levels: oneOf("level", values.level, LEVELS),
    kinds: oneOf("kind", values.kind, KINDS),
    formatVersions: oneOf("format-version", values["format-version"], FORMAT_VERSIONS),
    allRevisions: !!values["all-revisions"],
    includeSynthetic: !!values["include-synthetic"],
    withoutErrors: !!values["without-errors"],
  };
  for (const k of Object.keys(filters) as (keyof ExportFilters)[]) if (filters[k] === undefined) delete filters[k];
  checkPlacesNest(filters);
  return filters;
}

/**
 * Place filters combine with AND: a city outside every given province (a county outside every given
 * city or province) can match no report — almost certainly a mistake, so it is refused with the place's
 * real province or city. Names shared by several places (朝阳区) pass if any of them fits.
 */
function checkPlacesNest(f: ExportFilters): void {
  const { province, city, county } = places();
  const codes = (list: Place[], names: string[] | undefined) =>
    names && new Set(list.filter((p) => names.includes(p.name)).map((p) => p.code));
  const provinceCodes = codes(province, f.provinces);
  const cityCodes = codes(city, f.cities);
  const nameOf = (list: Place[], code: string | undefined) => list.find((p) => p.code === code)?.name ?? "?";
  const check = (
    option: string,
    names: string[] | undefined,
    list: Place[],
    within: string,
    fits: (p: Place) => boolean,
    where: (p: Place) => string,
  ) => {
    for (const name of names ?? []) {
      const matches = list.filter((p) => p.name === name);
      if (!matches.some(fits)) {
        throw new FilterError(
          `--${option}: ${name} is not in ${within} (${name} is in ${unique(matches.map(where)).join(", ")}); ` +
            "place filters must all match, so this selects none of its reports",
        );
      }
    }
  };
  if (provinceCodes) {
    const within = `--province ${f.provinces!.join(",")}`;
    check(
      "city",
      f.cities,
      city,
      within,
      (p) => provinceCodes.has(p.provinceCode!),
      (p) => nameOf(province, p.provinceCode),
    );
    check(
      "county",
      f.counties,
      county,
      within,
      (p) => provinceCodes.has(p.provinceCode!),
      (p) => nameOf(province, p.provinceCode),
    );
  }
  if (cityCodes) {
    check(
      "county",
      f.counties,
      county,
      `--city ${f.cities!.join(",")}`,
      (p) => cityCodes.has(p.cityCode!),
      (p) => (nameOf(city, p.cityCode) === "?" ? nameOf(province, p.provinceCode) : nameOf(city, p.cityCode)),
    );
  }
}

/** The filters as canonical command-line options (years as ranges), empty for the defaults. */
export function filterArgs(f: ExportFilters): string[] {
  const args: string[] = [];
  const list = (option: string, xs: readonly (string | number)[] | undefined) => {
    if (xs?.length) args.push(`--${option}`, xs.join(","));
  };
  for (const { field, option } of LIST_FILTERS)
    list(option, field === "years" ? f.years && yearRanges(f.years) : f[field]);
  if (f.allRevisions) args.push("--all-revisions");
  if (f.includeSynthetic) args.push("--include-synthetic");
  if (f.withoutErrors) args.push("--without-errors");
  return args;
}

/** [2019, 2020, 2021, 2023] → ["2019-2021", "2023"] */
export function yearRanges(years: readonly number[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < years.length; ) {
    let j = i;
    while (j + 1 < years.length && years[j + 1] === years[j] + 1) j++;
    out.push(j > i ? `${years[i]}-${years[j]}` : String(years[i]));
    i = j + 1;
  }
  return out;
}
