/**
 * PDFs with Chinese text (tests and the layout fuzzer), written with pdf-lib, in the two ways real reports come:
 * - "standard": no font file at all. The text uses the standard Adobe-GB1 font STSong-Light, not
 *   embedded, with the predefined UniGB-UCS2-H encoding (each character as its UCS-2 code), as iText
 *   and similar tools write it; pdfjs decodes it with the character maps it ships. Widths are fixed by
 *   /W: 1 em for CJK, ½ em for ASCII.
 * - "embedded": subset fonts embedded with fontkit (Type0, Identity-H, ToUnicode), as Word and WPS
 *   write them. The glyphs come from the dev dependency @fontsource/zcool-xiaowei (SIL OFL), a web font
 *   cut into unicode-range slices: each character is drawn with the slice that has it, so a line is a
 *   mix of fonts and runs, like the real thing. `embeddedFontMissing()` tells whether it is installed.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import fontkit from "@pdf-lib/fontkit";
import {
  PDFDocument,
  PDFHexString,
  type PDFName,
  PDFString,
  beginText,
  degrees,
  endText,
  setFontAndSize,
  setTextMatrix,
  showText,
  type PDFFont,
  type PDFPage,
  type PDFRef,
} from "pdf-lib";

export type FontMode = "standard" | "embedded";

const FONT_PACKAGE = "@fontsource/zcool-xiaowei";

function fontDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve(`${FONT_PACKAGE}/package.json`));
  } catch {
    return null;
  }
}

/** null when the embedded mode can run, else the reason to skip */
export function embeddedFontMissing(): string | null {
  return fontDir() ? null : `needs the dev dependency ${FONT_PACKAGE} (a CJK font to embed)`;
}

/** character → the slice file of the web font that has it */
function sliceTable(dir: string): (ch: string) => string | undefined {
  const uni = JSON.parse(readFileSync(join(dir, "unicode.json"), "utf8")) as Record<string, string>;
  const slices = Object.entries(uni).map(([key, list]) => ({
    file: join(dir, "files", `zcool-xiaowei-${key.replace(/[[\]]/g, "")}-400-normal.woff`),
    ranges: list.split(",").map((r) =>
      r
        .trim()
        .replace(/^U\+/i, "")
        .split("-")
        .map((h) => parseInt(h, 16)),
    ),
  }));
  return (ch) => {
    const c = ch.codePointAt(0)!;
    return slices.find((s) => s.ranges.some(([a, b]) => c >= a! && c <= (b ?? a)!))?.file;
  };
}

export interface TextOptions {
  /** 90: rotated anticlockwise (reads upward) */
  rotate?: 90;
}

export class CjkPage {
  constructor(
    readonly page: PDFPage,
    private readonly pdf: CjkPdf,
    private readonly stdFont: PDFName,
  ) {}

  /** one text run (embedded mode: one run per font slice) with its baseline starting at (x, y), PDF coordinates (y up) */
  text(s: string, x: number, y: number, size: number, opts: TextOptions = {}): this {
    if (this.pdf.mode === "embedded") {
      let at = 0;
      for (const { font, text } of this.pdf.pieces(s)) {
        const [px, py] = opts.rotate === 90 ? [x, y + at] : [x + at, y];
        this.page.drawText(text, { x: px, y: py, size, font, rotate: degrees(opts.rotate ?? 0) });
        at += font.widthOfTextAtSize(text, size);
      }
      return this;
    }
    const hex = [...s].map((ch) => ch.charCodeAt(0).toString(16).padStart(4, "0")).join("");
    const m = opts.rotate === 90 ? [0, 1, -1, 0] : [1, 0, 0, 1];
    this.page.pushOperators(
      beginText(),
      setFontAndSize(this.stdFont, size),
      setTextMatrix(m[0]!, m[1]!, m[2]!, m[3]!, x, y),
      showText(PDFHexString.of(hex)),
      endText(),
    );
    return this;
  }

  /** each character as its own run, as many PDF producers write CJK text */
  chars(s: string, x: number, y: number, size: number): this {
    let at = x;
    for (const ch of s) {
      this.text(ch, at, y, size);
      at += this.pdf.width(ch, size);
    }
    return this;
  }

  /** a figure centred on cx */
  figure(s: string, cx: number, y: number, size: number): this {
    return this.text(s, cx - this.pdf.width(s, size) / 2, y, size);
  }
}

export class CjkPdf {
  private readonly loaded = new Map<string, PDFFont>();

  private constructor(
    readonly doc: PDFDocument,
    readonly mode: FontMode,
    private readonly stdFont: PDFRef,
    private readonly sliceOf: ((ch: string) => string | undefined) | null,
  ) {}

  static async create(mode: FontMode = "standard"): Promise<CjkPdf> {
    const doc = await PDFDocument.create();
    const ctx = doc.context;
    const descriptor = ctx.register(
      ctx.obj({
        Type: "FontDescriptor",
        FontName: "STSong-Light",
        Flags: 6,
        FontBBox: [-25, -254, 1000, 880],
        ItalicAngle: 0,
        Ascent: 880,
        Descent: -120,
        CapHeight: 880,
        StemV: 93,
      }),
    );
    const cidFont = ctx.register(
      ctx.obj({
        Type: "Font",
        Subtype: "CIDFontType0",
        BaseFont: "STSong-Light",
        CIDSystemInfo: { Registry: PDFString.of("Adobe"), Ordering: PDFString.of("GB1"), Supplement: 2 },
        FontDescriptor: descriptor,
        DW: 1000,
        W: [1, 95, 500],
      }),
    );
    const font = ctx.register(
      ctx.obj({
        Type: "Font",
        Subtype: "Type0",
        BaseFont: "STSong-Light",
        Encoding: "UniGB-UCS2-H",
        DescendantFonts: [cidFont],
      }),
    );
    let sliceOf = null;
    if (mode === "embedded") {
      const dir = fontDir();
      if (!dir) throw new Error(embeddedFontMissing()!);
      doc.registerFontkit(fontkit);
      sliceOf = sliceTable(dir);
    }
    return new CjkPdf(doc, mode, font, sliceOf);
  }

  /** Embed every slice the text needs (call before drawing it: drawing is synchronous). */
  async prepare(...texts: string[]): Promise<void> {
    if (!this.sliceOf) return;
    for (const ch of new Set(texts.join(""))) {
      const file = this.sliceOf(ch);
      if (!file) throw new Error(`the test font has no glyph for ${JSON.stringify(ch)}`);
      if (!this.loaded.has(file)) this.loaded.set(file, await this.doc.embedFont(readFileSync(file), { subset: true }));
    }
  }

  /** the text cut where the font slice changes */
  pieces(s: string): { font: PDFFont; text: string }[] {
    const out: { font: PDFFont; text: string }[] = [];
    for (const ch of s) {
      const font = this.loaded.get(this.sliceOf!(ch) ?? "");
      if (!font) throw new Error(`prepare() was not called for ${JSON.stringify(ch)}`);
      const last = out[out.length - 1];
      if (last?.font === font) last.text += ch;
      else out.push({ font, text: ch });
    }
    return out;
  }

  width(s: string, size: number): number {
    if (this.mode === "embedded") return this.pieces(s).reduce((w, p) => w + p.font.widthOfTextAtSize(p.text, size), 0);
    return [...s].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x80 ? 0.5 : 1) * size, 0);
  }

  page(w = 595, h = 842): CjkPage {
    const page = this.doc.addPage([w, h]);
    return new CjkPage(page, this, page.node.newFontDictionary("F", this.stdFont));
  }

  async bytes(): Promise<Uint8Array> {
    return this.doc.save({ useObjectStreams: false });
  }
}
