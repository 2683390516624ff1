/**
 * Finds or creates the agency of a report, inside the report's transaction and under its agency lock
 * (store.ts), so two reports of one new agency can never create it twice. Lookup order: the exact key;
 * then, among the agencies of the same place, one that already knows this spelling, or the single one
 * whose name is a small variant of it — unless that one already has a report of this year: two reports
 * of one year under two spellings are more likely two bodies than one. New spellings are remembered.
 */
import type { ReportMeta } from "../parser/types.js";
import { bodyOfKey, isSmallVariant, preferredName, type AgencyIdentity } from "../parser/agency-identity.js";
import type { Sql } from "./sql.js";

export interface AgencyRow {
  id: number;
  canonical_name: string;
  name_variants: string[];
  name_key: string;
  kind: string | null;
  province: string | null;
  city: string | null;
  county: string | null;
}

export const AGENCY_COLUMNS = "id, canonical_name, name_variants, name_key, kind, province, city, county";
const COLUMNS = AGENCY_COLUMNS;

/** The advisory-lock name for writes that may touch an agency: its place (variants are matched per place). */
export function agencyLockKey({ place, synthetic, key }: Pick<AgencyIdentity, "place" | "synthetic" | "key">): string {
  return place ? `agency:${synthetic ? "synthetic|" : ""}${place}` : `agency:${key}`;
}

/** `exact`: the agency of the identity's key when the caller has looked it up already (null: none). */
export async function resolveAgency(
  sql: Sql,
  identity: AgencyIdentity,
  meta: ReportMeta,
  exact?: AgencyRow | null,
): Promise<{ id: number; created: boolean }> {
  if (exact === undefined)
    [exact] = await sql<AgencyRow>("agency-by-key", `SELECT ${COLUMNS} FROM agency WHERE name_key = $1`, [
      identity.key,
    ]);
  const found = exact ?? (identity.place ? await findVariant(sql, identity, meta) : undefined);
  if (found) {
    await remember(sql, found, identity, meta);
    return { id: found.id, created: false };
  }
  const [created] = await sql<{ id: number }>(
    "agency-insert",
    `INSERT INTO agency (canonical_name, name_key, name_variants, province, city, county, division_code, level, kind, synthetic)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      identity.name,
      identity.key,
      identity.variants,
      meta.province,
      meta.city,
      meta.county,
      meta.divisionCode,
      meta.level,
      meta.kind,
      identity.synthetic,
    ],
  );
  return { id: created.id, created: true };
}

async function findVariant(sql: Sql, identity: AgencyIdentity, meta: ReportMeta): Promise<AgencyRow | undefined> {
  const samePlace = meta.divisionCode
    ? await sql<AgencyRow>(
        "agency-by-division",
        `SELECT ${COLUMNS} FROM agency WHERE division_code = $1 AND synthetic = $2`,
        [meta.divisionCode, identity.synthetic],
      )
    : await sql<AgencyRow>(
        "agency-by-province",
        `SELECT ${COLUMNS} FROM agency WHERE division_code IS NULL AND province = $1 AND synthetic = $2`,
        [meta.province, identity.synthetic],
      );
  const known = samePlace.filter((a) => a.canonical_name === identity.name || a.name_variants.includes(identity.name));
  if (known.length === 1) return known[0];
  const close = samePlace.filter(
    (a) => (!a.kind || !meta.kind || a.kind === meta.kind) && isSmallVariant(bodyOfKey(a.name_key), identity.body),
  );
  if (close.length !== 1) return undefined;
  const sameYear = await sql(
    "agency-has-year",
    "SELECT 1 FROM report WHERE agency_id = $1 AND year = $2 AND is_current",
    [close[0].id, meta.year],
  );
  return sameYear.length ? undefined : close[0];
}

/** Keep every spelling; the fuller one becomes canonical; places the agency lacked are filled in. */
async function remember(sql: Sql, a: AgencyRow, identity: AgencyIdentity, meta: ReportMeta): Promise<void> {
  const canonical = preferredName(a.canonical_name, identity.name);
  const spellings = [a.canonical_name, ...a.name_variants, identity.name, ...identity.variants];
  const variants = [...new Set(spellings)].filter((s) => s !== canonical);
  const placesMissing = (!a.province && meta.province) || (!a.city && meta.city) || (!a.county && meta.county);
  if (canonical === a.canonical_name && variants.length === a.name_variants.length && !placesMissing) return;
  await sql(
    "agency-update",
    `UPDATE agency SET canonical_name = $2, name_variants = $3, province = COALESCE(province, $4),
       city = COALESCE(city, $5), county = COALESCE(county, $6) WHERE id = $1`,
    [a.id, canonical, variants, meta.province, meta.city, meta.county],
  );
}
