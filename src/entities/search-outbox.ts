import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

export type SearchOutboxOp = "upsert" | "delete";

/**
 * Reports whose sections still have to reach Meilisearch, written in the report's own transaction and
 * drained by the indexer, so nothing is lost while Meilisearch is down. Deliberately NO foreign key to
 * report: a "delete" row must outlive the report it removes from the index.
 */
@Entity("search_outbox")
export class SearchOutbox {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: "search_outbox_pkey" })
  id!: number;

  @Column({ name: "report_id", type: "int" })
  reportId!: number;

  @Column({ type: "text" })
  op!: SearchOutboxOp;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;

  /** failed attempts so far */
  @Column({ type: "int", default: 0 })
  attempts!: number;

  @Column({ name: "last_error", type: "text", nullable: true })
  lastError!: string | null;
}
