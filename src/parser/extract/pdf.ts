// placeholder until the PDF extractor lands
import { diag } from "../diagnostics.js";
import type { Extraction } from "../types.js";
export async function extractPdf(_bytes: Uint8Array): Promise<Extraction> {
  return { kind: "pdf", rows: [], issues: [diag("PDF_DAMAGED", "error", "PDF reading is not available yet")] };
}
