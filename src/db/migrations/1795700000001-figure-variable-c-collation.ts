import type { MigrationInterface, QueryRunner } from "typeorm";
import { createReportWideView } from "../report-wide.js";

/**
 * `figure.variable` compares bytewise (COLLATE "C"): both figure indexes lead or end with it, and every
 * one of a report's 200-odd index insertions compares it several times. Under the cluster's libc
 * C.UTF-8 collation each comparison went through strcoll (≈ 5 % of Postgres's CPU in an ingest, perf);
 * under "C" it is a memcmp. The order is the same for codebook names (ASCII), and equality is
 * unchanged. The report_wide view reads the column, so it is dropped and made again around the change.
 */
export class FigureVariableCCollation1795700000001 implements MigrationInterface {
  name = "FigureVariableCCollation1795700000001";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW IF EXISTS report_wide`);
    await q.query(`ALTER TABLE figure ALTER COLUMN variable TYPE text COLLATE "C"`);
    await createReportWideView(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW IF EXISTS report_wide`);
    await q.query(`ALTER TABLE figure ALTER COLUMN variable TYPE text COLLATE "default"`);
    await createReportWideView(q);
  }
}
