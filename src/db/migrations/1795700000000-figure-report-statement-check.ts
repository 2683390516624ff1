import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * `figure.report_id` → `report.id` checked once per statement instead of once per row. A report brings
 * 200-odd figures in one INSERT, and a declared foreign key runs its check (a locking lookup of the
 * report, with its own executor start-up) for every row: a quarter of Postgres's CPU in an ingest
 * (perf, 10k-report benchmark). The triggers keep what the foreign key gave:
 * - a figure names an existing report, which is locked FOR KEY SHARE (as the key check locks it) so
 *   that it cannot be deleted before the figure's transaction ends; else foreign_key_violation (23503);
 * - deleting reports deletes their figures (ON DELETE CASCADE); truncating report truncates figure.
 * Only `report.id` is referenced, and report ids are never updated.
 */
/** The check's body as this migration made it (migration 1796000000000 replaces it, and puts it back on down). */
export const FIGURE_REPORT_CHECK_BY_ARRAY = `
      DECLARE
        ids int[];
        held int;
      BEGIN
        SELECT array_agg(DISTINCT report_id) INTO ids FROM new_figures;
        SELECT count(*) INTO held FROM (SELECT 1 FROM report WHERE id = ANY (ids) FOR KEY SHARE) locked;
        IF held < coalesce(cardinality(ids), 0) THEN
          RAISE EXCEPTION 'insert or update on table "figure" violates foreign key constraint "figure_report_fkey"'
            USING ERRCODE = 'foreign_key_violation', DETAIL = 'a figure names a report that does not exist';
        END IF;
        RETURN NULL;
      END`;

export class FigureReportStatementCheck1795700000000 implements MigrationInterface {
  name = "FigureReportStatementCheck1795700000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE figure DROP CONSTRAINT figure_report_fkey`);
    await q.query(
      `CREATE FUNCTION figure_report_check() RETURNS trigger LANGUAGE plpgsql AS $$${FIGURE_REPORT_CHECK_BY_ARRAY}$$`,
    );
    for (const event of ["INSERT", "UPDATE"]) {
      await q.query(`CREATE TRIGGER figure_report_${event.toLowerCase()} AFTER ${event} ON figure
        REFERENCING NEW TABLE AS new_figures FOR EACH STATEMENT EXECUTE FUNCTION figure_report_check()`);
    }
    await q.query(`
      CREATE FUNCTION report_delete_figures() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM figure f USING old_reports o WHERE f.report_id = o.id;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER report_delete_figures AFTER DELETE ON report
      REFERENCING OLD TABLE AS old_reports FOR EACH STATEMENT EXECUTE FUNCTION report_delete_figures()`);
    await q.query(`
      CREATE FUNCTION report_truncate_figures() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- when figure was in the same TRUNCATE it is empty, and may not be truncated again inside it
        IF EXISTS (SELECT 1 FROM figure) THEN
          TRUNCATE figure;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER report_truncate_figures AFTER TRUNCATE ON report
      FOR EACH STATEMENT EXECUTE FUNCTION report_truncate_figures()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER report_truncate_figures ON report`);
    await q.query(`DROP FUNCTION report_truncate_figures()`);
    await q.query(`DROP TRIGGER report_delete_figures ON report`);
    await q.query(`DROP FUNCTION report_delete_figures()`);
    await q.query(`DROP TRIGGER figure_report_update ON figure`);
    await q.query(`DROP TRIGGER figure_report_insert ON figure`);
    await q.query(`DROP FUNCTION figure_report_check()`);
    await q.query(
      `ALTER TABLE figure ADD CONSTRAINT figure_report_fkey FOREIGN KEY (report_id) REFERENCES report (id) ON DELETE CASCADE`,
    );
  }
}
