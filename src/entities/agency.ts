import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  OneToMany,
  PrimaryGeneratedColumn,
  Unique,
  type Relation,
} from "typeorm";
import type { Kind, Level } from "../parser/types.js";
import { Report } from "./report.js";

/**
 * A government body that publishes reports. Its identity is `nameKey` (src/parser/agency-identity.ts):
 * the name without its place prefix, normalised, within its division — so the same body printed in
 * traditional script, with or without its place, or with small variants, is one agency.
 */
@Entity("agency")
@Unique("agency_name_key_key", ["nameKey"])
@Index("agency_canonical_name", ["canonicalName"])
@Index("agency_division_code", ["divisionCode"])
@Index("agency_province", ["province"])
export class Agency {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: "agency_pkey" })
  id!: number;

  /** canonical simplified-Chinese name (the most complete spelling seen); not unique across places */
  @Column({ name: "canonical_name", type: "text" })
  canonicalName!: string;

  /** identity: division + normalised name without its place prefix ("synthetic|…" for invented agencies) */
  @Column({ name: "name_key", type: "text" })
  nameKey!: string;

  /** an invented agency (generated corpus, demo data): only synthetic reports belong to it */
  @Column({ type: "boolean", default: false })
  synthetic!: boolean;

  /** every other spelling seen in reports (traditional script, short forms) */
  @Column({ name: "name_variants", type: "text", array: true, default: () => "'{}'" })
  nameVariants!: string[];

  @Column({ type: "text", nullable: true })
  province!: string | null;

  @Column({ type: "text", nullable: true })
  city!: string | null;

  @Column({ type: "text", nullable: true })
  county!: string | null;

  /** division code of the most specific place (county, else city, else province) */
  @Column({ name: "division_code", type: "text", nullable: true })
  divisionCode!: string | null;

  @Column({ type: "text", nullable: true })
  level!: Level | null;

  @Column({ type: "text", nullable: true })
  kind!: Kind | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;

  @OneToMany(
    () => Report,
    (report) => report.agency,
  )
  reports?: Relation<Report>[];
}
