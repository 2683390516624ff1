import type { MigrationInterface, QueryRunner } from "typeorm";
import { JOINED_SPACE_PATTERN } from "../../text/segment.js";

/**
 * `section.text_simplified` under the white-space rule (search/segment.ts, docs/search.md): white space
 * between two Han characters, or between a digit and a Han character, is taken out — what ingest now
 * stores. The rule is one regular expression that Postgres reads as JavaScript does, so stored and new
 * rows agree. The search index is rebuilt on the next start (its documents carry an older
 * SEARCHABLE_FORM). `section.tokens` (jieba, not used by any search) is left as it was.
 * Irreversible in data: down() leaves the joined text (a search of the older rule finds a superset).
 */
export class SectionJoinedSpace1797200000000 implements MigrationInterface {
  name = "SectionJoinedSpace1797200000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE section SET text_simplified = regexp_replace(text_simplified, $1, '', 'g') WHERE text_simplified ~ $1`,
      [JOINED_SPACE_PATTERN],
    );
  }

  async down(): Promise<void> {
    // nothing to undo: the older form is not kept
  }
}
