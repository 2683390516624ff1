/**
 * What a report write needs to know, in one round trip (after the agency lock): is a report of these
 * bytes already held, the agency of the identity's key, the agency's revisions for the year, and its
 * current reports of the years before and after (with the figures the cross-year checks read and how
 * many cross-year diagnostics they carry).
 */
import { CROSS_YEAR_VARIABLES } from "../validate/cross-year.js";
import type { FormatVersion } from "../codebook/index.js";
import { AGENCY_COLUMNS, type AgencyRow } from "./agency-store.js";
import type { Sql } from "./sql.js";

export interface Revision {
  id: number;
  revision: number;
  is_current: boolean;
  published: string | null;
  sha256: string;
}
export interface Neighbour {
  id: number;
  year: number;
  format: FormatVersion | null;
  values: Record<string, number | null>;
  xy: number;
}
export interface AgencyYear {
  revisions: Revision[];
  neighbours: Neighbour[];
}
export interface Lookup extends AgencyYear {
  held: { id: number; agency_id: number; revision: number } | null;
  agency: AgencyRow | null;
}

/** The agency-year part, for the agency in CTE `a` and the year $2. */
const AGENCY_YEAR = `
  (SELECT coalesce(json_agg(json_build_object('id', r.id, 'revision', r.revision, 'is_current', r.is_current,
       'published', to_char(r.published, 'YYYY-MM-DD'), 'sha256', r.source_file_sha256)), '[]')
     FROM report r WHERE r.agency_id = (SELECT id FROM a) AND r.year = $2) AS revisions,
  (SELECT coalesce(json_agg(json_build_object('id', r.id, 'year', r.year, 'format', r.format,
       'values', (SELECT coalesce(json_object_agg(f.variable, f.value), '{}') FROM figure f
                  WHERE f.report_id = r.id AND f.variable = ANY($3::text[])),
       'xy', (SELECT count(*) FROM diagnostic d WHERE d.report_id = r.id AND d.code LIKE 'XY\\_%'))), '[]')
     FROM report r WHERE r.agency_id = (SELECT id FROM a) AND r.is_current AND r.year IN ($2::int - 1, $2::int + 1)) AS neighbours`;

export async function lookup(sql: Sql, sha: string, year: number, key: string): Promise<Lookup> {
  const [row] = await sql<Lookup>(
    "report-lookup",
    `
    WITH a AS (SELECT ${AGENCY_COLUMNS} FROM agency WHERE name_key = $4)
    SELECT
      (SELECT row_to_json(h) FROM (SELECT id, agency_id, revision FROM report WHERE source_file_sha256 = $1 ORDER BY id LIMIT 1) h) AS held,
      (SELECT row_to_json(a) FROM a) AS agency,
      ${AGENCY_YEAR}`,
    [sha, year, CROSS_YEAR_VARIABLES, key],
  );
  return row;
}

/** The agency-year part for an agency found otherwise (a variant) or just created. */
export async function agencyYear(sql: Sql, agencyId: number, year: number): Promise<AgencyYear> {
  const [row] = await sql<AgencyYear>("agency-year", `WITH a AS (SELECT $1::int AS id) SELECT ${AGENCY_YEAR}`, [
    agencyId,
    year,
    CROSS_YEAR_VARIABLES,
  ]);
  return row;
}
