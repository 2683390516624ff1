import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Agency identity for ingest. The canonical name alone cannot be the identity: the same body is printed
 * with or without its place prefix and with small variants across years (so it needs a normalised
 * `name_key`), and two bodies in different places can share a printed name (鼓楼区人民政府 in 南京 and in
 * 福州), so the canonical name stops being unique. Invented agencies (`synthetic`) never share an
 * identity with real ones: synthetic reports must not become revisions of real reports.
 */
export class AgencyIdentity1795512744583 implements MigrationInterface {
  name = "AgencyIdentity1795512744583";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agency ADD COLUMN name_key text`);
    await q.query(`ALTER TABLE agency ADD COLUMN synthetic boolean NOT NULL DEFAULT false`);
    // rows from before this migration keep a key of their own; `npm run reparse -- --all` re-keys them
    await q.query(`UPDATE agency SET name_key = 'legacy:' || id`);
    await q.query(`ALTER TABLE agency ALTER COLUMN name_key SET NOT NULL`);
    await q.query(`ALTER TABLE agency ADD CONSTRAINT agency_name_key_key UNIQUE (name_key)`);
    await q.query(`ALTER TABLE agency DROP CONSTRAINT agency_canonical_name_key`);
    await q.query(`CREATE INDEX agency_canonical_name ON agency (canonical_name)`);
    // small-variant matching looks at the agencies of one division
    await q.query(`CREATE INDEX agency_division_code ON agency (division_code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX agency_division_code`);
    await q.query(`DROP INDEX agency_canonical_name`);
    await q.query(`ALTER TABLE agency ADD CONSTRAINT agency_canonical_name_key UNIQUE (canonical_name)`);
    await q.query(`ALTER TABLE agency DROP CONSTRAINT agency_name_key_key`);
    await q.query(`ALTER TABLE agency DROP COLUMN synthetic`);
    await q.query(`ALTER TABLE agency DROP COLUMN name_key`);
  }
}
