/**
 * The page image of a scanned PDF page: a scanner or an image-to-PDF tool puts each page in as one
 * image drawn over the whole page. pdfjs decodes it (JPEG, Flate, JBIG2, CCITT …) into pixels; the
 * largest image drawn on the page is taken. No renderer is needed for that case.
 */
import type { PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { fromBits, toGray, type Gray } from "./image.js";

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");

interface PdfImage {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray;
}

/** pdfjs image kinds (ImageKind): 1 = 1 bit grey, 2 = RGB, 3 = RGBA. */
function grayOf(img: PdfImage): Gray | null {
  if (!img?.data || !(img.width > 0 && img.height > 0)) return null;
  if (img.kind === 1) return fromBits(img.width, img.height, img.data as Uint8Array);
  if (img.kind === 2) return toGray(img.width, img.height, img.data, 3);
  if (img.kind === 3) return toGray(img.width, img.height, img.data, 4);
  return null;
}

/** The largest image on the page as grey pixels, with page units per pixel; null when the page has none. */
export async function pageImage(pdfjs: PdfJs, page: PDFPageProxy): Promise<{ image: Gray; unit: number } | null> {
  const ops = await page.getOperatorList();
  let best: PdfImage | null = null;
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    let img: PdfImage | null = null;
    if (fn === pdfjs.OPS.paintImageXObject) {
      const id = (ops.argsArray[i] as [string])[0];
      img = await new Promise<PdfImage>((resolve) => {
        const objs = id.startsWith("g_") ? page.commonObjs : page.objs;
        objs.get(id, resolve as (v: unknown) => void);
      });
    } else if (fn === pdfjs.OPS.paintInlineImageXObject) {
      img = (ops.argsArray[i] as [PdfImage])[0];
    }
    if (img && img.width * img.height > (best ? best.width * best.height : 0)) best = img;
  }
  const image = best ? grayOf(best) : null;
  if (!image) return null;
  const vp = page.getViewport({ scale: 1 });
  // a page that is one image: the image spans the page width
  return { image, unit: vp.width / image.width };
}
