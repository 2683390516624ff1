/**
 * Report, agency and what hangs off a report. Relations (agency, tables, sections, …) are field
 * resolvers in resolvers/report.resolver.ts, batched through DataLoaders, so these classes only carry
 * columns — and no two of them import each other.
 */
import { DateTimeISOResolver, LocalDateResolver } from "graphql-scalars";
import { Field, Float, Int, ObjectType } from "type-graphql";
import { FigureStatus, FormatVersion, Kind, Level, ReportStatus, Script, SectionKey, Severity } from "./enums.js";

@ObjectType({
  description:
    "one parsed report file of an agency for a year (a later file for the same agency and year is a new revision)",
})
export class Report {
  @Field(() => Int) id!: number;
  @Field(() => Int) agencyId!: number;
  @Field(() => Int, { description: "the year reported on (not the publication year)" }) year!: number;
  @Field(() => FormatVersion, { nullable: true, description: "table layout version; null when it could not be read" })
  format!: string | null;
  @Field(() => LocalDateResolver, { nullable: true }) published!: string | null;
  @Field(() => Script) script!: string;
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => Int) revision!: number;
  @Field(() => Boolean) isCurrent!: boolean;
  @Field(() => ReportStatus) status!: string;
  @Field(() => Boolean, { description: "an invented report (demo data), never a real publication" })
  synthetic!: boolean;
  @Field(() => String) parserVersion!: string;
  @Field(() => String, {
    nullable: true,
    description:
      "what the text was read from: text | markdown | html | pdf | docx | pdf-ocr | image-ocr (pdf-ocr, image-ocr: a scan read by OCR); null for reports ingested before it was kept",
  })
  inputKind!: string | null;
  @Field(() => DateTimeISOResolver) ingestedAt!: Date;
  sourceFileSha256!: string;
}

@ObjectType({ description: "a government body that publishes reports" })
export class Agency {
  @Field(() => Int) id!: number;
  @Field(() => String, { description: "canonical simplified name" }) name!: string;
  @Field(() => [String], { description: "other spellings seen (traditional script, short forms)" })
  nameVariants!: string[];
  @Field(() => String, { nullable: true }) province!: string | null;
  @Field(() => String, { nullable: true }) city!: string | null;
  @Field(() => String, { nullable: true }) county!: string | null;
  @Field(() => String, { nullable: true }) divisionCode!: string | null;
  @Field(() => Level, { nullable: true }) level!: string | null;
  @Field(() => Kind, { nullable: true }) kind!: string | null;
}

@ObjectType({ description: "one codebook variable of one report" })
export class Figure {
  @Field(() => String) variable!: string;
  @Field(() => Float, { nullable: true, description: "null when missing or undecidable (money in 万元)" }) value!:
    | number
    | null;
  @Field(() => String, { nullable: true, description: "the cell as printed (for run-together figures: the whole run)" })
  raw!: string | null;
  @Field(() => FigureStatus) status!: string;
  @Field(() => [Float], {
    nullable: true,
    description:
      "for an undecidable figure: the values it takes in each reading of its run-together digits that the table's rules allow (null for every other status, and for an undecidable figure stored before candidates were kept: `npm run reparse -- --all` fills them)",
  })
  candidates!: number[] | null;
  // label and unit: field resolvers (resolvers/report.resolver.ts, from the codebook)
}

@ObjectType()
export class Section {
  @Field(() => SectionKey) key!: string;
  @Field(() => String, { description: "as printed (traditional script stays traditional), line breaks and all" })
  text!: string;
  // displayText: a field resolver (resolvers/report.resolver.ts)
}

@ObjectType({ description: "a problem found by the parser or the consistency rules" })
export class Diagnostic {
  @Field(() => String) code!: string;
  @Field(() => Severity) severity!: string;
  @Field(() => Int, { nullable: true }) tableNo!: number | null;
  @Field(() => String, { nullable: true }) rowKey!: string | null;
  @Field(() => String, { nullable: true }) columnKey!: string | null;
  @Field(() => String, { nullable: true }) block!: string | null;
  @Field(() => String, { nullable: true }) variable!: string | null;
  @Field(() => String) message!: string;
}

@ObjectType({ description: "the file a report was parsed from" })
export class SourceFile {
  @Field(() => String) sha256!: string;
  @Field(() => String) originalName!: string;
  @Field(() => String) mediaType!: string;
  @Field(() => Int, { description: "bytes" }) size!: number;
  @Field(() => DateTimeISOResolver) firstSeenAt!: Date;
}

@ObjectType({ description: "an entry of the codebook (codebook.csv)" })
export class CodebookVariable {
  @Field(() => String) name!: string;
  @Field(() => Int) table!: number;
  @Field(() => [FormatVersion]) formats!: string[];
  @Field(() => String) labelZh!: string;
  @Field(() => String) labelEn!: string;
  @Field(() => String) unit!: string;
  @Field(() => String) note!: string;
}
