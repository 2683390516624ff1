/**
 * An image file (PNG, JPEG, TIFF) of one report page → Extraction by OCR. Never throws: an image that
 * cannot be decoded or read becomes a fatal diagnostic naming the reason.
 */
import { diag } from "../diagnostics.js";
import { decodeImage, ImageError } from "../ocr/image.js";
import type { Extraction } from "../types.js";
import { extractScan, type OcrProgress } from "./ocr.js";

/** A page image gives no page size: taken as an A4 page width (595 pt), which is what the reader's units assume. */
const A4_WIDTH_PT = 595;

export async function extractImage(
  bytes: Uint8Array,
  type: "png" | "jpeg" | "tiff",
  onPage?: (p: OcrProgress) => void,
): Promise<Extraction> {
  const fail = (code: "IMAGE_DAMAGED" | "OCR_UNREADABLE", message: string): Extraction => ({
    kind: "image-ocr",
    rows: [],
    title: null,
    published: null,
    issues: [diag(code, "error", message)],
  });
  let image;
  try {
    image = decodeImage(bytes, type);
  } catch (e) {
    return fail(
      "IMAGE_DAMAGED",
      e instanceof ImageError ? e.message : `the image could not be decoded: ${(e as Error)?.message ?? e}`,
    );
  }
  if (image.width < 200 || image.height < 200) {
    return fail(
      "OCR_UNREADABLE",
      `the image is ${image.width}×${image.height} pixels: too small to hold a readable page`,
    );
  }
  try {
    return await extractScan([{ page: 1, image, unit: A4_WIDTH_PT / image.width }], "image-ocr", onPage);
  } catch (e) {
    return fail("OCR_UNREADABLE", `OCR failed on the image: ${(e as Error)?.message ?? e}`);
  }
}
