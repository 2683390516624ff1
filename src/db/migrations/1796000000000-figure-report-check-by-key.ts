import type { MigrationInterface, QueryRunner } from "typeorm";
import { FIGURE_REPORT_CHECK_BY_ARRAY } from "./1795700000000-figure-report-statement-check.js";

/**
 * The statement-level check of `figure.report_id` (migration 1795700000000) probes the report key once
 * per distinct report id, by equality. It asked `id = ANY (ids)` for the whole array, a statement that
 * plpgsql plans once per connection: planned while `report` was small, the cached plan scanned the
 * table, and the check grew with it — 0.58 ms a report at 3,000 reports (pg_stat_statements), a tenth
 * of Postgres's time in an ingest. An equality on the primary key is an index probe in every plan.
 * Same guarantees: the report is locked FOR KEY SHARE, a missing one raises foreign_key_violation.
 */
export class FigureReportCheckByKey1796000000000 implements MigrationInterface {
  name = "FigureReportCheckByKey1796000000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION figure_report_check() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        rid int;
      BEGIN
        FOR rid IN SELECT DISTINCT report_id FROM new_figures LOOP
          PERFORM FROM report WHERE id = rid FOR KEY SHARE;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'insert or update on table "figure" violates foreign key constraint "figure_report_fkey"'
              USING ERRCODE = 'foreign_key_violation', DETAIL = format('report %s does not exist', rid);
          END IF;
        END LOOP;
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE OR REPLACE FUNCTION figure_report_check() RETURNS trigger LANGUAGE plpgsql AS $$${FIGURE_REPORT_CHECK_BY_ARRAY}$$`,
    );
  }
}
