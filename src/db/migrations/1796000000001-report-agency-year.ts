import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * `report (agency_id, year)` for every revision, current or not. Ingest looks up an agency's revisions
 * of a year before each write, and only `report_current_agency_year` (current reports only) or
 * `report_year` could serve it: Postgres read the whole year and filtered it by agency — 1,445 rows,
 * 292 pages, 0.9 ms at 10,000 reports, and ten times that at 100,000 (pg_stat_statements: the lookup
 * went from 0.34 ms a report at 3,000 reports to 1.8 ms at 10,000). One small entry per report.
 */
export class ReportAgencyYear1796000000001 implements MigrationInterface {
  name = "ReportAgencyYear1796000000001";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX report_agency_year ON report (agency_id, year)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX report_agency_year`);
  }
}
