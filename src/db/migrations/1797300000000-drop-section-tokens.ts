import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Drops `section.tokens` (jieba cutForSearch of the simplified text) and its GIN index
 * `section_tokens_fts`: written on every ingest, read by nothing. The exact path matches substrings of
 * `text_simplified` (trigram index); the jieba tsvector was measured as its prefilter and lost true
 * sections where jieba cut the text differently around the term (2,131 of 2,141 on the query set) while
 * being slower (docs/design.md, "Exact search"). What it cost, measured on 3,000 sections: the column
 * 1.5× the bytes of text_simplified, the index as large as the table's heap, re-inserting the sections
 * 504 ms with the index against 246 ms without, and each parse worker ≈ 0.3 ms of jieba per report plus
 * 2–4 s loading jieba's dictionaries at start.
 *
 * down() puts the column back empty (jieba does not run in SQL): re-parse to fill it.
 */
export class DropSectionTokens1797300000000 implements MigrationInterface {
  name = "DropSectionTokens1797300000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS section_tokens_fts`);
    await q.query(`ALTER TABLE section DROP COLUMN tokens`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE section ADD COLUMN tokens text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE section ALTER COLUMN tokens DROP DEFAULT`);
    await q.query(`CREATE INDEX section_tokens_fts ON section USING gin (to_tsvector('simple', tokens))`);
  }
}
