import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  type Relation,
} from "typeorm";
import type { FormatVersion } from "../codebook/index.js";
import type { ReportMeta } from "../parser/types.js";
import type { ReportStatus } from "./report-status.js";
import { Agency } from "./agency.js";
import { Diagnostic } from "./diagnostic.js";
import { Figure } from "./figure.js";
import { Section } from "./section.js";
import { SourceFile } from "./source-file.js";

/**
 * One parsed report file of an agency for a year. A later file for the same agency and year is a new
 * revision; exactly one revision per (agency, year) is current (partial unique index).
 */
@Entity("report")
@Index("report_current_agency_year", ["agencyId", "year"], { unique: true, where: "is_current" })
@Index("report_source_file", ["sourceFileSha256"])
@Index("report_year", ["year"])
// every revision of an agency and year: what ingest looks up before each write (migration 1796000000001)
@Index("report_agency_year", ["agencyId", "year"])
// (year, agency_id) INCLUDE (id) WHERE is_current, which TypeORM cannot describe — created by the migrations
@Index("report_current_year_agency", { synchronize: false })
export class Report {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: "report_pkey" })
  id!: number;

  @Column({ name: "agency_id", type: "int" })
  agencyId!: number;

  @ManyToOne(
    () => Agency,
    (agency) => agency.reports,
    { onDelete: "RESTRICT" },
  )
  @JoinColumn({ name: "agency_id", foreignKeyConstraintName: "report_agency_fkey" })
  agency?: Relation<Agency>;

  /** the year reported on (not the publication year) */
  @Column({ type: "smallint" })
  year!: number;

  /** table layout version; null when it could not be told */
  @Column({ type: "text", nullable: true })
  format!: FormatVersion | null;

  /** publication date, YYYY-MM-DD */
  @Column({ type: "date", nullable: true })
  published!: string | null;

  @Column({ type: "text" })
  script!: ReportMeta["script"];

  @Column({ type: "text", nullable: true })
  title!: string | null;

  @Column({ name: "source_file_sha256", type: "char", length: 64 })
  sourceFileSha256!: string;

  @ManyToOne(() => SourceFile, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "source_file_sha256", foreignKeyConstraintName: "report_source_file_fkey" })
  sourceFile?: Relation<SourceFile>;

  @Column({ name: "parser_version", type: "text" })
  parserVersion!: string;

  /** what the text was read from: text, markdown, html, pdf, docx, or pdf-ocr / image-ocr (scans read by OCR) */
  @Column({ name: "input_kind", type: "text", nullable: true })
  inputKind!: string | null;

  /** 1 for the first file of an agency+year, then 2, 3, … */
  @Column({ type: "int", default: 1 })
  revision!: number;

  @Column({ name: "is_current", type: "boolean", default: true })
  isCurrent!: boolean;

  /** how usable the figures are: ok | inconsistent | incomplete (report-status.ts) */
  @Column({ type: "text" })
  status!: ReportStatus;

  /** an invented report (demo data, generated corpus), never a real publication */
  @Column({ type: "boolean", default: false })
  synthetic!: boolean;

  @CreateDateColumn({ name: "ingested_at", type: "timestamptz" })
  ingestedAt!: Date;

  @OneToMany(
    () => Figure,
    (figure) => figure.report,
  )
  figures?: Relation<Figure>[];

  @OneToMany(
    () => Section,
    (section) => section.report,
  )
  sections?: Relation<Section>[];

  @OneToMany(
    () => Diagnostic,
    (diagnostic) => diagnostic.report,
  )
  diagnostics?: Relation<Diagnostic>[];
}
