import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * `agency (province)`: a province filter (the commonest in the API and the search facets) picked its
 * agencies by reading the whole agency table — 20,000 rows, 4–9 ms of a year + province list that now
 * takes ~10–40 ms at 100k reports — instead of the 600–1,200 it needs.
 */
export class AgencyProvince1795800000001 implements MigrationInterface {
  name = "AgencyProvince1795800000001";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX agency_province ON agency (province)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX agency_province`);
  }
}
