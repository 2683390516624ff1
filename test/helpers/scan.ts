/**
 * Scans made in the test: a PDF (an invented report from report-files.ts) rendered by pdfjs (with the
 * @napi-rs/canvas it brings), turned grey, rotated, speckled and saved as JPEG pages, then wrapped into
 * an image-only PDF — what a scanner or an image-to-PDF tool makes. Deterministic (seeded).
 */
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { PDFDocument } from "pdf-lib";
import { rotate, toGray, type Gray } from "../../src/parser/ocr/image.js";

export interface ScanOptions {
  dpi?: number;
  /** degrees, alternating sign page by page */
  angle?: number;
  /** share of pixels speckled */
  noise?: number;
  seed?: number;
  /** JPEG quality */
  quality?: number;
  /** only these pages (1-based) */
  pages?: number[];
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** The pages of a PDF as degraded grey images. */
export async function scanPages(pdfBytes: Uint8Array, o: ScanOptions = {}): Promise<Gray[]> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(pdfBytes),
    verbosity: 0,
    disableFontFace: true,
    isEvalSupported: false,
  }).promise;
  const rand = rng(o.seed ?? 1);
  const out: Gray[] = [];
  try {
    const pages = o.pages ?? Array.from({ length: doc.numPages }, (_, i) => i + 1);
    for (const n of pages) {
      const page = await doc.getPage(n);
      const vp = page.getViewport({ scale: (o.dpi ?? 200) / 72 });
      const factory = (
        doc as unknown as {
          canvasFactory: {
            create(
              w: number,
              h: number,
            ): { canvas: { width: number; height: number }; context: CanvasRenderingContext2D };
          };
        }
      ).canvasFactory;
      const { canvas, context } = factory.create(Math.ceil(vp.width), Math.ceil(vp.height));
      context.fillStyle = "white";
      context.fillRect(0, 0, canvas.width, canvas.height);
      await page.render({ canvasContext: context, viewport: vp, canvas } as unknown as Parameters<
        typeof page.render
      >[0]).promise;
      const rgba = context.getImageData(0, 0, canvas.width, canvas.height);
      let g = toGray(rgba.width, rgba.height, rgba.data, 4);
      if (o.angle) g = rotate(g, out.length % 2 ? -0.7 * o.angle : o.angle);
      const speckles = Math.round(g.data.length * (o.noise ?? 0));
      for (let i = 0; i < speckles; i++)
        g.data[Math.floor(rand() * g.data.length)] = [0, 90, 160][Math.floor(rand() * 3)]!;
      out.push(g);
    }
  } finally {
    await doc.destroy();
  }
  return out;
}

export function jpegOf(g: Gray, quality = 70): Uint8Array {
  const data = Buffer.alloc(g.width * g.height * 4);
  for (let i = 0; i < g.data.length; i++) {
    data[4 * i] = data[4 * i + 1] = data[4 * i + 2] = g.data[i]!;
    data[4 * i + 3] = 255;
  }
  return new Uint8Array(jpeg.encode({ data, width: g.width, height: g.height }, quality).data);
}

export function pngOf(g: Gray): Uint8Array {
  const png = new PNG({ width: g.width, height: g.height, colorType: 0, inputColorType: 0, inputHasAlpha: false });
  png.data = Buffer.from(g.data);
  return new Uint8Array(PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false }));
}

/** Page images → an image-only PDF (each page one JPEG over the whole page, A4 width). */
export async function imagePdf(pages: Gray[], quality = 70): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  for (const g of pages) {
    const img = await pdf.embedJpg(jpegOf(g, quality));
    const w = 595,
      h = (595 * g.height) / g.width;
    pdf.addPage([w, h]).drawImage(img, { x: 0, y: 0, width: w, height: h });
  }
  return pdf.save();
}

/** A whole scanned report: PDF → degraded pages → image-only PDF. */
export async function scanPdf(pdfBytes: Uint8Array, o: ScanOptions = {}): Promise<Uint8Array> {
  return imagePdf(await scanPages(pdfBytes, o), o.quality ?? 70);
}

/**
 * A page as a phone photo of a screen shows it: blurred, washed out (grey on grey) and crossed by moiré
 * (the screen's pixel grid beating with the camera's). Deterministic.
 */
export function screenPhoto(g: Gray, blur = 3): Gray {
  const { width: w, height: h } = g;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0,
        n = 0;
      for (let dy = -blur; dy <= blur; dy++)
        for (let dx = -blur; dx <= blur; dx++) {
          const xx = Math.min(w - 1, Math.max(0, x + dx)),
            yy = Math.min(h - 1, Math.max(0, y + dy));
          s += g.data[yy * w + xx]!;
          n++;
        }
      const moire = 40 * Math.sin((x * 0.9 + y * 0.35) * 0.8) * Math.sin(y * 0.7);
      out[y * w + x] = Math.max(0, Math.min(255, Math.round(90 + (0.35 * s) / n + moire)));
    }
  return { width: w, height: h, data: out };
}

/**
 * A parsed scan against the invented values it was made from: how many figures are right. A wrong one
 * must be flagged — null, or a status that does not vouch for it (never ok, blank or derived: the
 * scorer's "silent wrong value").
 */
export function cellsRight(
  r: { values: Record<string, number | null>; cells: Record<string, { status?: string; raw?: string | null }> },
  v: Record<string, number | null>,
  names: string[],
): number {
  let right = 0;
  for (const name of names) {
    const got = r.values[name],
      cell = r.cells[name];
    if (got === v[name]) {
      right++;
      continue;
    }
    if (got !== null && got !== undefined && ["ok", "blank", "derived"].includes(cell?.status ?? ""))
      throw new Error(`${name}: got ${got} (${cell?.status}, raw ${cell?.raw}), want ${v[name]}: a silent wrong value`);
  }
  return right;
}
