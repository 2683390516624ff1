/**
 * DOCX → HTML (mammoth) → rows (extractHtml). mammoth keeps merged cells as one cell with
 * colspan/rowspan, which is exactly the "each physical cell once" rule of the HTML reader.
 */
import mammoth from "mammoth";
import { diag } from "../diagnostics.js";
import type { Extraction } from "../types.js";
import { extractHtml } from "./html.js";

// images would be inlined as base64 data URIs: megabytes of work for nothing the parser reads
const noImages = mammoth.images.imgElement(async () => ({ src: "" }));

export async function extractDocx(bytes: Uint8Array): Promise<Extraction> {
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      { convertImage: noImages, externalFileAccess: false },
    );
    html = result.value;
  } catch (e) {
    const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
    return {
      kind: "docx",
      rows: [],
      published: null,
      title: null,
      issues: [diag("DOCX_DAMAGED", "error", `the DOCX could not be read: ${why}`)],
    };
  }
  return { ...extractHtml(html), kind: "docx" };
}
