import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * `report (year, agency_id) INCLUDE (id) WHERE is_current`: a year + province list (the commonest filter
 * of the API) then joins the year's current reports, read from this index alone, with the province's
 * agencies by hash, instead of probing `(agency_id, year)` once per agency — 1,213 probes for 河南省.
 * Measured at 100k reports, alternating with and without it (three rounds): the filtered list of the API
 * benchmark 28–31 → 21–27 ms p50, 37–59 → 31–38 ms p95. One index entry per report on ingest.
 */
export class ReportCurrentYear1795900000000 implements MigrationInterface {
  name = "ReportCurrentYear1795900000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX report_current_year_agency ON report (year, agency_id) INCLUDE (id) WHERE is_current`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX report_current_year_agency`);
  }
}
