/**
 * The Excel-friendly twin of a finished CSV file (`--excel`): a UTF-8 byte order mark (Excel otherwise
 * reads UTF-8 as the local code page) and CRLF record ends. Line breaks inside quoted fields are data
 * and stay as they are, so the conversion follows the quoting: an LF outside quotes ends a record.
 * Streams block by block (native indexOf over bytes), so any size converts in constant memory.
 */
import { open } from "node:fs/promises";

export const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const QUOTE = 0x22;
const LF = 0x0a;
const CRLF = Buffer.from("\r\n");
const BLOCK = 1 << 20;

export async function writeExcelVariant(source: string, target: string): Promise<void> {
  // two buffers, reused block after block: an export converts gigabytes, and fresh buffers per block
  // pile up as garbage outside the JS heap faster than the collector returns it
  const input = Buffer.allocUnsafe(BLOCK);
  const output = Buffer.allocUnsafe(2 * BLOCK); // CRLF for LF: at most twice the input
  const from = await open(source, "r");
  const to = await open(target, "w");
  try {
    await to.write(BOM);
    let quoted = false; // inside a quoted field; a doubled quote toggles twice, which is right
    for (;;) {
      const { bytesRead } = await from.read(input, 0, BLOCK, null);
      if (!bytesRead) break;
      const block = input.subarray(0, bytesRead);
      let used = 0;
      const copy = (start: number, end: number) => {
        used += block.copy(output, used, start, end);
      };
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
          copy(start, n);
          used += CRLF.copy(output, used);
          start = at = n + 1;
        } else if (q >= 0) {
          quoted = true;
          at = q + 1;
        } else break;
      }
      copy(start, block.length);
      await to.write(output, 0, used);
    }
  } finally {
    await from.close();
    await to.close();
  }
}
