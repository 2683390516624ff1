import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from "typeorm";
import type { CellStatus } from "../parser/types.js";
import { Report } from "./report.js";
import { numberOrNull } from "./transformers.js";

/** One codebook variable of one report: the value, the text it was read from, and how it was read. */
@Entity("figure")
// "reports where variable X > N" filters (GraphQL `where.figure`) and per-variable aggregates:
// (variable, value) INCLUDE (report_id), which TypeORM cannot describe — created by the migrations
@Index("figure_variable_value", { synchronize: false })
export class Figure {
  // figure_pkey also INCLUDEs value (migration 1795800000000): one figure of a report is an index-only read
  @PrimaryColumn({ name: "report_id", type: "int", primaryKeyConstraintName: "figure_pkey" })
  reportId!: number;

  /** a codebook variable name (src/codebook/codebook.csv); compared bytewise (migration 1795700000001) */
  @PrimaryColumn({ type: "text", collation: "C", primaryKeyConstraintName: "figure_pkey" })
  variable!: string;

  /** null when blank, missing or undecidable */
  @Column({ type: "numeric", nullable: true, transformer: numberOrNull })
  value!: number | null;

  /** the cell as printed (for a split run: the whole run) */
  @Column({ type: "text", nullable: true })
  raw!: string | null;

  /** ok | blank | derived | undecidable | missing | unverified (docs/cell-statuses.md) */
  @Column({ type: "text" })
  status!: CellStatus;

  /** for an undecidable figure: the values of the readings its table's rules allow (null otherwise) */
  @Column({ type: "numeric", array: true, nullable: true })
  candidates!: string[] | null;

  // references report(id), checked per statement by triggers rather than per row by a declared foreign
  // key (migration 1795700000000): same guarantees, deletes cascade
  @ManyToOne(
    () => Report,
    (report) => report.figures,
    { createForeignKeyConstraints: false },
  )
  @JoinColumn({ name: "report_id" })
  report?: Relation<Report>;
}
