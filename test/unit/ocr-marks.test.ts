// Small marks and punctuation on invented page images and recognised lines: the lone-figure second look,
// the speck test's ink, and half- or full-width punctuation told by the width a mark takes.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { OcrChar, OcrLine } from "../../src/parser/ocr/engine.js";
import type { Gray } from "../../src/parser/ocr/image.js";
import { glyphInk, readLoneFigures } from "../../src/parser/ocr/lone-digits.js";
import { markWidths, printMarks } from "../../src/parser/ocr/punct-width.js";
import { solve, zeroEmpty } from "../../src/parser/ocr/unsure.js";
import { rulesFor } from "../../src/codebook/rules.js";

const white = (w: number, h: number): Gray => ({ width: w, height: h, data: new Uint8Array(w * h).fill(255) });

/**
 * A thin "7" as a 150 dpi browser print draws it at 8 pt (grey levels; one-pixel strokes): 11 px wide,
 * 12 px tall.
 */
const SEVEN = [
  [255, 168, 15, 28, 18, 31, 6, 40, 169, 250, 252],
  [247, 155, 111, 173, 164, 172, 172, 28, 244, 246, 255],
  [248, 208, 206, 251, 255, 247, 150, 126, 255, 255, 255],
  [247, 243, 255, 255, 255, 255, 59, 222, 255, 250, 242],
  [255, 255, 255, 250, 250, 148, 100, 255, 255, 255, 254],
  [255, 255, 246, 255, 255, 35, 247, 247, 246, 255, 255],
  [255, 245, 242, 255, 157, 95, 255, 239, 255, 251, 252],
  [253, 255, 255, 248, 58, 223, 235, 255, 255, 255, 248],
  [255, 255, 244, 173, 78, 242, 255, 255, 238, 255, 255],
  [250, 255, 244, 56, 218, 243, 255, 255, 251, 254, 255],
  [252, 234, 186, 63, 240, 254, 255, 255, 253, 255, 255],
];

const stamp = (img: Gray, glyph: number[][], x0: number, y0: number) =>
  glyph.forEach((row, y) => row.forEach((v, x) => (img.data[(y0 + y) * img.width + x0 + x] = v)));

test("a thin lone 7 the detector misses at 150 dpi is read on the second look, and no mark of ink is left unread", {
  timeout: 120_000,
}, async () => {
  const img = white(400, 200);
  stamp(img, SEVEN, 200, 90);
  const stats = { unread: -1 };
  const got = await readLoneFigures(img, [], 16.6, stats);
  assert.equal(stats.unread, 0);
  assert.deepEqual(
    got.map((l) => l.chars.map((c) => c.ch).join("")),
    ["7"],
  );
  // where it is on the page
  assert.ok(got[0]!.x0 >= 190 && got[0]!.x1 <= 215, JSON.stringify(got[0]));
});

test("a speck or a lone figure: the ink of a box followed out of it (a thin 1 whose box the detector cut short)", () => {
  const em = 16.6;
  const img = white(200, 100);
  // a thin "1": a one-pixel stem 11 px tall with a flag and a foot (150 dpi, 8 pt)
  for (let y = 40; y <= 50; y++) img.data[y * 200 + 60] = 20;
  img.data[41 * 200 + 59] = 60;
  for (let x = 58; x <= 62; x++) img.data[50 * 200 + x] = 30;
  // the detector's box holds the lower part only: inside it, the ink is a speck's size
  assert.equal(glyphInk(img, { x0: 57, y0: 42.5, x1: 64, y1: 51 }, em), true);
  // a flat mark (what is left of a rule where two cross) stays a speck, however it is boxed
  for (let x = 120; x <= 127; x++) img.data[45 * 200 + x] = img.data[46 * 200 + x] = 20;
  assert.equal(glyphInk(img, { x0: 118, y0: 43, x1: 130, y1: 48 }, em), false);
  // a thin stroke taller than a digit (a pipe or a cell wall's remnant) is no 1
  for (let y = 20; y <= 45; y++) img.data[y * 200 + 160] = 20;
  assert.equal(glyphInk(img, { x0: 157, y0: 30, x1: 164, y1: 40 }, em), false);
});

/** A recognised line: characters at the given centres (pitch of the Chinese text: 30 px). */
function line(text: string, centres: number[]): OcrLine {
  const chars: OcrChar[] = [...text].map((ch, i) => ({
    ch,
    x0: centres[i]! - 3,
    x1: centres[i]! + 3,
    p: 0.95,
    alts: [],
  }));
  return { x0: centres[0]! - 15, y0: 0, x1: centres[centres.length - 1]! + 15, y1: 30, chars };
}

/** Centres of the characters of `text`: Chinese 1 em apart, a mark taking `mark` em, digits half an em. */
function set(text: string, mark: number, em = 30): number[] {
  const out: number[] = [];
  let x = 100;
  let prev = 0;
  for (const ch of text) {
    const w = /[，：；（）,:;()]/.test(ch) ? mark : /[0-9]/.test(ch) ? 0.5 : 1;
    x += ((prev + w) / 2) * em;
    out.push(x);
    prev = w;
  }
  return out;
}

/** The lines' texts printed with the page's mark widths. */
const fitMarkWidths = (ls: OcrLine[]) => {
  const widths = markWidths(ls);
  return ls.map((l) => printMarks(l.chars.map((c) => c.ch).join(""), widths));
};

test("punctuation read full-width is printed half-width where the marks take half an em (and left where they take a full em)", () => {
  const read = ["（一）主动公开方面，本年度公开文件，办理申请，答复及时", "联系地址：某某路，联系方式：12345678。"];
  // a page typed with half-width marks: each takes under half an em
  const half = fitMarkWidths(read.map((t) => line(t, set(t, 0.35))));
  assert.deepEqual(half, ["(一)主动公开方面,本年度公开文件,办理申请,答复及时", "联系地址:某某路,联系方式:12345678。"]);
  // a page printed full-width: as read
  const full = fitMarkWidths(read.map((t) => line(t, set(t, 1))));
  assert.deepEqual(full, read);
  // on a full-width page a half-width colon read inside Chinese text is widened; one between digits stays
  const mixed = ["工作时间:周一至周五，上午8:30开始，下午结束，全年无休"];
  assert.deepEqual(fitMarkWidths(mixed.map((t) => line(t, set(t, 1)))), [
    "工作时间：周一至周五，上午8:30开始，下午结束，全年无休",
  ]);
  // too few marks measured between Chinese characters: the page is left as read
  const few = ["主动公开工作（2023年）"];
  assert.deepEqual(fitMarkWidths(few.map((t) => line(t, set(t, 0.35)))), few);
});

test("a block of table 4 printed all empty: zeros when every mark of ink on the page was read, else undecidable", () => {
  const rules = rulesFor("2021").filter((r) => r.table === 4);
  const block = ["upheld", "corrected", "other", "pending", "total"].map((c) => `t4_suit_after_review_${c}`);
  const values = Object.fromEntries(block.map((v) => [v, 0]));
  const cells = (empty: boolean, vars = block) =>
    vars.map((variable) => ({ variable, raw: "", candidates: undefined, top: 0, empty }));
  // empty cells that may hide a digit the detector missed: any figures that add up fit as well as zeros
  const open = zeroEmpty(rules, values, cells(false), solve(rules, values, cells(false)));
  for (const v of block) assert.notDeepEqual(open.get(v), [0], v);
  // the page shows no unread ink: each empty cell is 0, and the block's rule holds
  const seen = zeroEmpty(rules, values, cells(true), solve(rules, values, cells(true)));
  for (const v of block) assert.deepEqual(seen.get(v), [0], v);
  // two empty cells where the rule needs 2 between them: nothing settles them
  const two = { ...values, t4_suit_after_review_total: 2 };
  const broken = zeroEmpty(
    rules,
    two,
    cells(true, block.slice(0, 2)),
    solve(rules, two, cells(true, block.slice(0, 2))),
  );
  assert.deepEqual(broken.get(block[0]!), []);
  // one empty cell the rule fixes to 2 (its digit went into another box): derived as before, not zeroed
  const one = zeroEmpty(rules, two, cells(true, block.slice(0, 1)), solve(rules, two, cells(true, block.slice(0, 1))));
  assert.deepEqual(one.get(block[0]!), [2]);
});
