/**
 * The Excel-friendly twin of a finished CSV file (`--excel`): a UTF-8 byte order mark (Excel otherwise
 * reads UTF-8 as the local code page) and CRLF record ends. Line breaks inside quoted fields are data
 * and stay as they are, so the conversion follows the quoting: an LF outside quotes ends a record.
 * Streams block by block (native indexOf over bytes), so any size converts in constant memory.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { once } from "node:events";

export const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const QUOTE = 0x22;
const LF = 0x0a;
const CRLF = Buffer.from("\r\n");

export async function writeExcelVariant(source: string, target: string): Promise<void> {
  const out = createWriteStream(target);
  let failure: Error | null = null;
  out.on("error", (e) => { failure ??= e; });
  const write = async (b: Buffer) => {
    if (failure) throw failure;
    if (b.length && !out.write(b)) await once(out, "drain");
  };
  await write(BOM);
  let quoted = false; // inside a quoted field; a doubled quote toggles twice, which is right
  for await (const block of createReadStream(source, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const parts: Buffer[] = [];
    let start = 0;
    let at = 0;
    // positions of the next quote and the next LF at or after `at` (each found once: no rescans)
    let q = block.indexOf(QUOTE);
    let n = block.indexOf(LF);
    while (at < block.length) {
      if (q >= 0 && q < at) q = block.indexOf(QUOTE, at);
      if (quoted) {
        if (q < 0) break;
        quoted = false; // the closing quote (or the first of a doubled one: the next quote reopens)
        at = q + 1;
        continue;
      }
      if (n >= 0 && n < at) n = block.indexOf(LF, at);
      if (n >= 0 && (q < 0 || n < q)) {
        parts.push(block.subarray(start, n), CRLF);
        start = at = n + 1;
      } else if (q >= 0) {
        quoted = true;
        at = q + 1;
      } else break;
    }
    parts.push(block.subarray(start));
    await write(Buffer.concat(parts));
  }
  await new Promise<void>((resolve, reject) => {
    out.once("error", reject);
    out.once("close", () => resolve());
    out.end();
  });
  if (failure) throw failure;
}
