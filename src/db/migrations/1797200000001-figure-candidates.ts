import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * `figure.candidates`: an undecidable figure's candidate values (the readings of its run-together digits
 * the table's rules allow), so that the API can show them (`Figure.candidates`). Null for every other
 * figure, and for undecidable figures stored before this column (`npm run reparse -- --all` fills them).
 * A nullable column without a default: added without rewriting the table.
 */
export class FigureCandidates1797200000001 implements MigrationInterface {
  name = "FigureCandidates1797200000001";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE figure ADD COLUMN candidates numeric[]`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE figure DROP COLUMN candidates`);
  }
}
