import type { MigrationInterface, QueryRunner } from "typeorm";
import { createReportWideView } from "../report-wide.js";

/**
 * The initial schema (ARCHITECTURE.md "Data model"), hand-written so that it says exactly what the
 * database holds. Constraint and index names are spelled out and repeated on the entities; the
 * integration test checks that TypeORM finds nothing to change after this migration.
 */
export class Initial1795426344583 implements MigrationInterface {
  name = "Initial1795426344583";

  async up(q: QueryRunner): Promise<void> {
    // trigram indexes for substring checks on section text (shipped with embedded Postgres)
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`
      CREATE TABLE agency (
        id serial NOT NULL,
        canonical_name text NOT NULL,
        name_variants text[] NOT NULL DEFAULT '{}',
        province text,
        city text,
        county text,
        division_code text,
        level text,
        kind text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agency_pkey PRIMARY KEY (id),
        CONSTRAINT agency_canonical_name_key UNIQUE (canonical_name)
      )`);

    await q.query(`
      CREATE TABLE source_file (
        sha256 char(64) NOT NULL,
        original_name text NOT NULL,
        media_type text NOT NULL,
        size bigint NOT NULL,
        storage_path text NOT NULL,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT source_file_pkey PRIMARY KEY (sha256)
      )`);

    await q.query(`
      CREATE TABLE report (
        id serial NOT NULL,
        agency_id integer NOT NULL,
        year smallint NOT NULL,
        format text,
        published date,
        script text NOT NULL,
        title text,
        source_file_sha256 char(64) NOT NULL,
        parser_version text NOT NULL,
        revision integer NOT NULL DEFAULT 1,
        is_current boolean NOT NULL DEFAULT true,
        status text NOT NULL,
        synthetic boolean NOT NULL DEFAULT false,
        ingested_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT report_pkey PRIMARY KEY (id),
        CONSTRAINT report_agency_fkey FOREIGN KEY (agency_id) REFERENCES agency (id) ON DELETE RESTRICT,
        CONSTRAINT report_source_file_fkey FOREIGN KEY (source_file_sha256)
          REFERENCES source_file (sha256) ON DELETE RESTRICT
      )`);
    // one current revision per agency and year; older revisions stay for history
    await q.query(`CREATE UNIQUE INDEX report_current_agency_year ON report (agency_id, year) WHERE is_current`);
    await q.query(`CREATE INDEX report_source_file ON report (source_file_sha256)`);
    await q.query(`CREATE INDEX report_year ON report (year)`);

    await q.query(`
      CREATE TABLE figure (
        report_id integer NOT NULL,
        variable text NOT NULL,
        value numeric,
        raw text,
        status text NOT NULL,
        CONSTRAINT figure_pkey PRIMARY KEY (report_id, variable),
        CONSTRAINT figure_report_fkey FOREIGN KEY (report_id) REFERENCES report (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX figure_variable_value ON figure (variable, value)`);

    await q.query(`
      CREATE TABLE section (
        report_id integer NOT NULL,
        key text NOT NULL,
        text text NOT NULL,
        text_simplified text NOT NULL,
        tokens text NOT NULL,
        CONSTRAINT section_pkey PRIMARY KEY (report_id, key),
        CONSTRAINT section_report_fkey FOREIGN KEY (report_id) REFERENCES report (id) ON DELETE CASCADE
      )`);
    // exact search over jieba tokens (no Chinese parser in Postgres: 'simple' splits on the spaces)
    await q.query(`CREATE INDEX section_tokens_fts ON section USING gin (to_tsvector('simple', tokens))`);
    await q.query(`CREATE INDEX section_text_simplified_trgm ON section USING gin (text_simplified gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE diagnostic (
        id serial NOT NULL,
        report_id integer NOT NULL,
        code text NOT NULL,
        severity text NOT NULL,
        table_no smallint,
        row_key text,
        column_key text,
        block text,
        variable text,
        message text NOT NULL,
        CONSTRAINT diagnostic_pkey PRIMARY KEY (id),
        CONSTRAINT diagnostic_report_fkey FOREIGN KEY (report_id) REFERENCES report (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX diagnostic_report ON diagnostic (report_id)`);

    // no foreign key to report: a 'delete' row must outlive its report
    await q.query(`
      CREATE TABLE search_outbox (
        id serial NOT NULL,
        report_id integer NOT NULL,
        op text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        CONSTRAINT search_outbox_pkey PRIMARY KEY (id)
      )`);

    await createReportWideView(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW IF EXISTS report_wide`);
    for (const table of ["search_outbox", "diagnostic", "section", "figure", "report", "source_file", "agency"]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    // pg_trgm stays: other databases objects may use it, and it is harmless
  }
}
