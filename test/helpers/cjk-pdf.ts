/**
 * Test PDFs with Chinese text, written with pdf-lib and no font file: the text uses the standard
 * Adobe-GB1 CJK font STSong-Light, not embedded, with the predefined UniGB-UCS2-H encoding (each
 * character as its UCS-2 code). That is how many real Chinese reports are made (iText and similar);
 * pdfjs decodes it with the character maps it ships. Widths are fixed by /W: 1 em for CJK, ½ em for
 * ASCII, so tests know where each run ends.
 */
import { PDFDocument, PDFHexString, PDFName, PDFString, beginText, endText, setFontAndSize, setTextMatrix, showText, type PDFPage } from "pdf-lib";

export const width = (s: string, size: number) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x80 ? 0.5 : 1) * size, 0);

export interface TextOptions {
  /** 90: rotated anticlockwise (reads upward) */
  rotate?: 90;
}

export class CjkPage {
  constructor(readonly page: PDFPage, private readonly font: PDFName) {}

  /** one text run with its baseline starting at (x, y), PDF coordinates (y up) */
  text(s: string, x: number, y: number, size: number, opts: TextOptions = {}): this {
    const hex = [...s].map((ch) => ch.charCodeAt(0).toString(16).padStart(4, "0")).join("");
    const m = opts.rotate === 90 ? [0, 1, -1, 0] : [1, 0, 0, 1];
    this.page.pushOperators(beginText(), setFontAndSize(this.font, size), setTextMatrix(m[0]!, m[1]!, m[2]!, m[3]!, x, y), showText(PDFHexString.of(hex)), endText());
    return this;
  }

  /** each character as its own run, as many PDF producers write CJK text */
  chars(s: string, x: number, y: number, size: number): this {
    let at = x;
    for (const ch of s) {
      this.text(ch, at, y, size);
      at += width(ch, size);
    }
    return this;
  }

  /** a figure centred on cx */
  figure(s: string, cx: number, y: number, size: number): this {
    return this.text(s, cx - width(s, size) / 2, y, size);
  }
}

export class CjkPdf {
  private constructor(readonly doc: PDFDocument, private readonly fontRef: ReturnType<PDFDocument["context"]["register"]>) {}

  static async create(): Promise<CjkPdf> {
    const doc = await PDFDocument.create();
    const ctx = doc.context;
    const descriptor = ctx.register(ctx.obj({
      Type: "FontDescriptor", FontName: "STSong-Light", Flags: 6, FontBBox: [-25, -254, 1000, 880],
      ItalicAngle: 0, Ascent: 880, Descent: -120, CapHeight: 880, StemV: 93,
    }));
    const cidFont = ctx.register(ctx.obj({
      Type: "Font", Subtype: "CIDFontType0", BaseFont: "STSong-Light",
      CIDSystemInfo: { Registry: PDFString.of("Adobe"), Ordering: PDFString.of("GB1"), Supplement: 2 },
      FontDescriptor: descriptor, DW: 1000, W: [1, 95, 500],
    }));
    const font = ctx.register(ctx.obj({ Type: "Font", Subtype: "Type0", BaseFont: "STSong-Light", Encoding: "UniGB-UCS2-H", DescendantFonts: [cidFont] }));
    return new CjkPdf(doc, font);
  }

  page(w = 595, h = 842): CjkPage {
    const page = this.doc.addPage([w, h]);
    return new CjkPage(page, page.node.newFontDictionary("F", this.fontRef));
  }

  async bytes(): Promise<Uint8Array> {
    return this.doc.save({ useObjectStreams: false });
  }
}
