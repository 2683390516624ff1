/** Labels from the codebook for figures and printed tables, and a section's display form. */
import { Arg, FieldResolver, Resolver, Root } from "type-graphql";
import { variable as codebookVariable } from "../codebook/index.js";
import { displayText } from "../search/display.js";
import { Language } from "../schema/enums.js";
import { Figure, Section } from "../schema/report.js";
import { TableGridColumn, TableGridRow, type Labels } from "../schema/tables.js";
import type { FigureRow, SectionRow } from "../services/reports.service.js";

type Lang = keyof typeof Language;
const LANGUAGE = {
  type: () => Language,
  defaultValue: Language.zh,
  description: "zh: as the table prints it; en: in English",
} as const;
const pick = (l: Labels, language: Lang) => (language === "en" ? l.labelEn : l.labelZh);

@Resolver(() => Figure)
export class FigureResolver {
  @FieldResolver(() => String, { description: 'the codebook\'s label of the variable (表三: "<row> / <column>")' })
  label(
    @Root() f: FigureRow,
    @Arg("language", LANGUAGE.type, { defaultValue: LANGUAGE.defaultValue, description: LANGUAGE.description })
    language: Lang,
  ): string {
    const v = codebookVariable(f.variable);
    return v ? pick(v, language) : f.variable;
  }

  @FieldResolver(() => String, { description: "the unit of the value (件, 条, 万元 …; empty for none)" })
  unit(@Root() f: FigureRow): string {
    return codebookVariable(f.variable)?.unit ?? "";
  }
}

@Resolver(() => TableGridRow)
export class TableGridRowResolver {
  @FieldResolver(() => String, { description: "the row's label as printed, or in English" })
  label(
    @Root() r: TableGridRow,
    @Arg("language", LANGUAGE.type, { defaultValue: LANGUAGE.defaultValue, description: LANGUAGE.description })
    language: Lang,
  ): string {
    return pick(r, language);
  }
}

@Resolver(() => TableGridColumn)
export class TableGridColumnResolver {
  @FieldResolver(() => String, { description: "the column's label as printed, or in English" })
  label(
    @Root() c: TableGridColumn,
    @Arg("language", LANGUAGE.type, { defaultValue: LANGUAGE.defaultValue, description: LANGUAGE.description })
    language: Lang,
  ): string {
    return pick(c, language);
  }
}

@Resolver(() => Section)
export class SectionResolver {
  @FieldResolver(() => String, {
    description:
      "the text to show: as printed, with the line wraps of a page layout (a PDF, an OCR'd page) joined — a line break inside a sentence is not a paragraph (docs/search.md); the text itself where it has none",
  })
  displayText(@Root() s: SectionRow): string {
    return displayText(s.text);
  }
}
