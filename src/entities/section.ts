import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from "typeorm";
import type { SectionKey } from "../parser/types.js";
import { Report } from "./report.js";

/**
 * A narrative section of a report. `textSimplified` has a trigram index: the exact-search path in
 * Postgres matches substrings of it (services/exact-search.service.ts). Ranked search is Meilisearch's job.
 */
@Entity("section")
// expression/operator-class indexes TypeORM cannot describe: created by the migration, left alone by sync
@Index("section_text_simplified_trgm", { synchronize: false })
export class Section {
  @PrimaryColumn({ name: "report_id", type: "int", primaryKeyConstraintName: "section_pkey" })
  reportId!: number;

  @PrimaryColumn({ type: "text", primaryKeyConstraintName: "section_pkey" })
  key!: SectionKey;

  /** as printed (traditional script stays traditional): what is displayed */
  @Column({ type: "text" })
  text!: string;

  /** opencc-simplified text: what is searched */
  @Column({ name: "text_simplified", type: "text" })
  textSimplified!: string;

  @ManyToOne(
    () => Report,
    (report) => report.sections,
    { onDelete: "CASCADE" },
  )
  @JoinColumn({ name: "report_id", foreignKeyConstraintName: "section_report_fkey" })
  report?: Relation<Report>;
}
