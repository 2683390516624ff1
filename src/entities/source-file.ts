import { Column, CreateDateColumn, Entity, PrimaryColumn } from "typeorm";
import { numberOrNull } from "./transformers.js";

/** The bytes a report was parsed from, stored once by content hash (the same file seen twice is one row). */
@Entity("source_file")
export class SourceFile {
  /** hex SHA-256 of the bytes */
  @PrimaryColumn({ type: "char", length: 64, primaryKeyConstraintName: "source_file_pkey" })
  sha256!: string;

  /** the file name it first arrived under */
  @Column({ name: "original_name", type: "text" })
  originalName!: string;

  @Column({ name: "media_type", type: "text" })
  mediaType!: string;

  /** bytes; bigint in SQL, read back as a number */
  @Column({ type: "bigint", transformer: numberOrNull })
  size!: number;

  /** where the bytes are kept, relative to GONGKAI_DATA_DIR */
  @Column({ name: "storage_path", type: "text" })
  storagePath!: string;

  @CreateDateColumn({ name: "first_seen_at", type: "timestamptz" })
  firstSeenAt!: Date;
}
