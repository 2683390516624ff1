/**
 * The layout fuzzer's DOCX producer (the docx package), in the two ways reports come as Word files:
 * - "table": real Word tables built from the grid, merged cells as gridSpan (columnSpan) and vMerge
 *   (rowSpan), label cells with their lines as separate paragraphs when wrapped by hand;
 * - "joined": no table at all — each table row is a line of text (cells apart by spaces or tabs) and
 *   several lines share one paragraph, as a text report run through a converter comes out.
 */
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, VerticalAlignTable, WidthType } from "docx";
import { gridRows, type Grid, type GridBlock } from "./grid.js";

export interface DocxStyle {
  mode: "table" | "joined";
  /** joined: how many table lines (1–n) go into one paragraph */
  joinMax: number;
  /** joined: the separator between cells */
  sep: " " | "\t" | "　";
  /** table: vertical alignment of cells */
  valign: "top" | "center" | "bottom";
  /** table: figures as several runs ("1" "2") as Word splits them after edits */
  splitRuns: boolean;
}

function cellParagraphs(text: string, s: DocxStyle, figure: boolean): Paragraph[] {
  if (!text) return [new Paragraph("")];
  if (figure && s.splitRuns && text.length > 1)
    return [new Paragraph({ children: [...text].map((ch) => new TextRun(ch)) })];
  return [new Paragraph({ children: [new TextRun(text)] })];
}

function wordTable(g: Grid, s: DocxStyle): Table {
  const rows = gridRows(g).map(
    (cells) =>
      new TableRow({
        children: cells.map(
          (c) =>
            new TableCell({
              children: cellParagraphs(c.text, s, c.kind === "fig"),
              columnSpan: c.colspan > 1 ? c.colspan : undefined,
              rowSpan: c.rowspan > 1 ? c.rowspan : undefined,
              verticalAlign:
                s.valign === "top"
                  ? VerticalAlignTable.TOP
                  : s.valign === "bottom"
                    ? VerticalAlignTable.BOTTOM
                    : VerticalAlignTable.CENTER,
            }),
        ),
      }),
  );
  return new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } });
}

/** Table rows as lines of text; `rand` decides how many lines share a paragraph. */
function joinedLines(g: Grid, s: DocxStyle, rand: () => number): Paragraph[] {
  const lines = gridRows(g)
    .map((cells) =>
      cells
        .map((c) => c.text)
        .filter((t) => t !== "")
        .join(s.sep),
    )
    .filter((l) => l);
  const out: Paragraph[] = [];
  for (let i = 0; i < lines.length; ) {
    const n = 1 + Math.floor(rand() * s.joinMax);
    out.push(new Paragraph(lines.slice(i, i + n).join(" ")));
    i += n;
  }
  return out;
}

export async function renderDocx(blocks: GridBlock[], s: DocxStyle, rand: () => number): Promise<Uint8Array> {
  const children = blocks.flatMap((b) => {
    if (b.kind === "p") return [new Paragraph(b.text)];
    return s.mode === "table" ? [wordTable(b.grid, s), new Paragraph("")] : joinedLines(b.grid, s, rand);
  });
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}
