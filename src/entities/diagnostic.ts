import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from "typeorm";
import type { DiagnosticCode, Severity } from "../parser/diagnostics.js";
import { Report } from "./report.js";

/** A problem found in a report by the parser, the consistency rules or the cross-year checks. */
@Entity("diagnostic")
export class Diagnostic {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: "diagnostic_pkey" })
  id!: number;

  @Index("diagnostic_report")
  @Column({ name: "report_id", type: "int" })
  reportId!: number;

  @ManyToOne(
    () => Report,
    (report) => report.diagnostics,
    { onDelete: "CASCADE" },
  )
  @JoinColumn({ name: "report_id", foreignKeyConstraintName: "diagnostic_report_fkey" })
  report?: Relation<Report>;

  @Column({ type: "text" })
  code!: DiagnosticCode;

  @Column({ type: "text" })
  severity!: Severity;

  @Column({ name: "table_no", type: "smallint", nullable: true })
  tableNo!: 2 | 3 | 4 | null;

  /** table 3 row key */
  @Column({ name: "row_key", type: "text", nullable: true })
  rowKey!: string | null;

  /** table 3 column key */
  @Column({ name: "column_key", type: "text", nullable: true })
  columnKey!: string | null;

  /** table 4 block */
  @Column({ type: "text", nullable: true })
  block!: string | null;

  @Column({ type: "text", nullable: true })
  variable!: string | null;

  @Column({ type: "text" })
  message!: string;
}
