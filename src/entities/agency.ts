import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, Unique, type Relation } from "typeorm";
import type { Kind, Level } from "../parser/types.js";
import { Report } from "./report.js";

/** A government body that publishes reports, under its canonical simplified name. */
@Entity("agency")
@Unique("agency_canonical_name_key", ["canonicalName"])
export class Agency {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: "agency_pkey" })
  id!: number;

  /** canonical simplified-Chinese name; the identity used to match reports to agencies */
  @Column({ name: "canonical_name", type: "text" })
  canonicalName!: string;

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

  @OneToMany(() => Report, (report) => report.agency)
  reports?: Relation<Report>[];
}
