import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * `report.input_kind`: what the parser read the text from (text, markdown, html, pdf, docx, or pdf-ocr /
 * image-ocr for scans read by OCR), so a user can tell figures recognised from images from figures read
 * from a text layer. Null for reports ingested before the column existed (a reparse fills it in).
 */
export class ReportInputKind1797400000000 implements MigrationInterface {
  name = "ReportInputKind1797400000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report ADD COLUMN input_kind text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report DROP COLUMN input_kind`);
  }
}
