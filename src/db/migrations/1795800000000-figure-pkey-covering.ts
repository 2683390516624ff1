import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * `figure_pkey (report_id, variable)` also carries `value` (INCLUDE): looking one figure up for a
 * report — a figure filter probed per report, ordering a list by a figure — becomes an index-only scan.
 * Without it each lookup fetched the figure's heap page, and a report's figures sit on pages of their
 * own: a year + province list ordered by t3_new_total read ~1,700 pages for 600 reports (most of its
 * 360 ms with a cold cache, at 100k reports). No extra index to maintain on ingest, only a wider key
 * entry. Rebuilding it at 100k reports (20 million figures) takes ~20–30 s.
 * ANALYZE: migration 1795700000001 changed `figure.variable`'s type (its collation), which drops the
 * column's statistics, and no autovacuum analyze follows (no row changed): without them every
 * `variable = …` was estimated blind. A sample, so about a second at 20 million figures.
 */
export class FigurePkeyCovering1795800000000 implements MigrationInterface {
  name = "FigurePkeyCovering1795800000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE figure DROP CONSTRAINT figure_pkey, ADD CONSTRAINT figure_pkey PRIMARY KEY (report_id, variable) INCLUDE (value)`,
    );
    await q.query(`ANALYZE figure`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE figure DROP CONSTRAINT figure_pkey, ADD CONSTRAINT figure_pkey PRIMARY KEY (report_id, variable)`,
    );
  }
}
