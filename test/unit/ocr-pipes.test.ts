// Pipe tables printed as text and figures in running text, on invented layouts: pages drawn here
// (strokes of known geometry) with what a recogniser would have read on them, so the rebuilding of the
// lines is tested without running OCR. (test/unit/ocr.test.ts scans whole invented reports.)
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Gray } from "../../src/parser/ocr/image.js";
import type { OcrChar, OcrLine } from "../../src/parser/ocr/engine.js";
import { findPipes, restorePipes, sameGlyph, spaced } from "../../src/parser/ocr/pipes.js";
import { matchTextFigures } from "../../src/parser/ocr/text-figures.js";
import { isFigure } from "../../src/parser/extract/pdf-lines.js";

const EM = 30;

function page(w = 1400, h = 200): Gray {
  return { width: w, height: h, data: new Uint8Array(w * h).fill(255) };
}

function ink(g: Gray, x0: number, y0: number, x1: number, y1: number): void {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) g.data[y * g.width + x] = 0;
}

/** a printed pipe: 2 px wide, from above the digits to below the baseline */
const pipe = (g: Gray, x: number, top = 60, bottom = 92) => ink(g, x, top, x + 2, bottom);
/** a digit's ink: an oval-ish block, shorter than a pipe */
const digit = (g: Gray, cx: number) => {
  ink(g, cx - 7, 64, cx - 4, 86);
  ink(g, cx + 4, 64, cx + 7, 86);
  ink(g, cx - 7, 64, cx + 7, 67);
  ink(g, cx - 7, 83, cx + 7, 86);
};

const ch = (c: string, cx: number, p = 1): OcrChar => ({ ch: c, x0: cx - 4, x1: cx + 4, p, alts: [] });

test("a stroke that ends where the line's pipes do not is no pipe (a dropped character's stem)", () => {
  const s = (x0: number, y0: number, y1: number) => ({ x0, x1: x0 + 2, y0, y1 });
  const pipes = [s(100, 60, 92), s(160, 60, 92), s(220, 61, 92), s(280, 60, 93), s(340, 60, 92), s(400, 60, 92)];
  // the 十 of 计: starts 2 px higher and stops 4 px short of the pipes' bottom
  const stem = s(250, 58, 88);
  assert.deepEqual(sameGlyph([...pipes, stem], EM), pipes);
  // too few strokes to know where a pipe ends: all are kept
  assert.equal(sameGlyph([pipes[0]!, pipes[1]!, stem], EM).length, 3);
});

test("a word space between Chinese and a figure is kept in a pipe piece", () => {
  // 申请 1 (a label's stray item number): the 1 stands a space apart; 1.属于 has none
  assert.equal(spaced([ch("申", 100), ch("请", 130), ch("1", 168)], EM), "申请 1");
  assert.equal(spaced([ch("1", 100), ch(".", 117), ch("属", 138), ch("于", 168)], EM), "1.属于");
});

test("a wrapped pipe line: the figures before the first pipe and after the last are cells", async () => {
  // printed "0 | 0 | 0 | 4 | |---|" wrapped from the line above: "0 | 0 | 0 | 4 |"
  const g = page();
  const xs = [130, 190, 250, 310];
  for (const x of xs) pipe(g, x);
  for (const cx of [100, 160, 220, 280]) digit(g, cx);
  const chars = [ch("0", 100), ch("1", 131, 0.4), ch("0", 160), ch("0", 220), ch("|", 251, 0.5), ch("4", 280)];
  const line: OcrLine = { x0: 88, y0: 58, x1: 320, y1: 94, chars };
  const [out] = await restorePipes(g, [line], EM);
  assert.equal(out?.whole, "0 | 0 | 0 | 4 |");
  assert.deepEqual(
    out?.figures?.map((f) => f.text),
    ["0", "0", "0", "4"],
  );
});

test("a stem inside a Chinese word the recogniser dropped does not cut a pipe cell", async () => {
  // "| （七）总计 | 33 | 2 | 0 | 0 |": 总计 not read at all; the 十 of 计 stands like a pipe, but shorter
  const g = page();
  const px = [100, 330, 420, 480, 540, 600];
  for (const x of px) pipe(g, x);
  ink(g, 300, 58, 302, 88); // the stem
  digit(g, 365);
  digit(g, 385);
  for (const cx of [450, 510, 570]) digit(g, cx);
  const chars = [
    ch("|", 101, 0.5),
    ch("（", 140),
    ch("七", 170),
    ch("）", 200),
    ch("|", 331, 0.5),
    ch("3", 365),
    ch("3", 385),
    ch("|", 421, 0.5),
    ch("2", 450),
    ch("|", 481, 0.5),
    ch("0", 510),
    ch("|", 541, 0.5),
    ch("0", 570),
    ch("|", 601, 0.5),
  ];
  const [out] = await restorePipes(g, [{ x0: 90, y0: 56, x1: 610, y1: 94, chars }], EM);
  assert.equal(out?.whole, "| （七） | 33 | 2 | 0 | 0 |");
});

test("figures in running text are matched to the text cells by their digit sequences", () => {
  const w = (d: string, p = 0.99) => ({ text: d, digits: [...d].map((x) => [{ digit: x, p }]) });
  const found = [w("2023"), w("97"), w("0", 0.7), w("0"), w("3"), w("12")];
  const rows = [
    { cells: ["本年2023年工作"] },
    { cells: ["行政许可97第二十条第（六）项行政处罚0行政强制0"] },
    // a label whose digit was not read as text (a figure run): no match, nothing given
    { cells: ["第5项"], table: true },
    { cells: ["3", "其他12件"], table: true },
  ];
  const m = matchTextFigures(rows, found, isFigure);
  const t1 = rows[1]!.cells[0]!;
  assert.deepEqual(m["0:0@2"], found[0]!.digits);
  assert.deepEqual(m[`1:0@${t1.indexOf("97")}`], found[1]!.digits);
  assert.equal(m[`1:0@${t1.indexOf("0")}`]?.[0]?.[0]?.p, 0.7);
  assert.deepEqual(m[`1:0@${t1.lastIndexOf("0")}`], found[3]!.digits);
  assert.equal(m["2:0@1"], undefined);
  // figure cells are matched elsewhere (their own runs); a text cell after them still finds its digits
  assert.equal(m["3:0@0"], undefined);
  assert.deepEqual(m["3:1@2"], found[5]!.digits);
});

test("a pipe read as another bracket (】, a bar its runner-up) and a speck read as a dot are not cell text", async () => {
  const g = page();
  const xs = [100, 160, 220, 280, 340, 400];
  for (const x of xs) pipe(g, x);
  for (const cx of [130, 190, 250, 310, 370]) digit(g, cx);
  const bar = (cx: number) => ch("|", cx, 0.5);
  const chars = [bar(101), ch("0", 130), bar(161), ch(".", 178, 0.6), ch("0", 190), bar(221), ch("0", 250)];
  chars.push(bar(281), ch("7", 310), bar(341), ch("8", 370), { ...ch("】", 401, 0.34), alts: [{ ch: "|", p: 0.28 }] });
  const [out] = await restorePipes(g, [{ x0: 90, y0: 56, x1: 410, y1: 94, chars }], EM);
  assert.equal(out?.whole, "| 0 | 0 | 0 | 7 | 8 |");
});

test("a pipe with a lighter pixel inside (JPEG, paper) is still one stroke, three pixels wide", () => {
  const g = page();
  for (const x of [100, 160, 220, 280]) {
    ink(g, x, 60, x + 3, 92);
    // two of its three columns cut by a lighter pixel at mid height
    g.data[76 * g.width + x + 1] = 140;
    g.data[77 * g.width + x + 2] = 140;
  }
  const found = findPipes(g, EM);
  assert.equal(found.length, 4);
  assert.deepEqual(
    found.map((p) => p.x1 - p.x0),
    [3, 3, 3, 3],
  );
});

test("a printed 1 read with confidence half an em from a pipe the recogniser dropped stays a digit", async () => {
  // "| 0 | 0 | 0 | 0 | 0 | 12 | 0 |": the bar before 12 not read at all; 1 sits 0.45 em from it
  const g = page();
  const xs = [100, 160, 220, 280, 340, 400, 460, 520];
  for (const x of xs) pipe(g, x);
  for (const cx of [130, 190, 250, 310, 370, 490]) digit(g, cx);
  const bar = (cx: number) => ch("|", cx, 0.5);
  const chars = [bar(101), ch("0", 130), bar(161), ch("0", 190), bar(221), ch("0", 250), bar(281), ch("0", 310)];
  chars.push(bar(341), ch("0", 370), ch("1", 414), ch("2", 426), bar(461), ch("0", 490), bar(521));
  const [out] = await restorePipes(g, [{ x0: 90, y0: 56, x1: 530, y1: 94, chars }], EM);
  assert.equal(out?.whole, "| 0 | 0 | 0 | 0 | 0 | 12 | 0 |");
});

test("a pipe cell's figure is written as its digits when the reader says it is one (a dotted zero read as Q)", async () => {
  const g = page();
  const xs = [100, 160, 220, 280];
  for (const x of xs) pipe(g, x);
  for (const cx of [130, 190, 250]) digit(g, cx);
  const bar = (cx: number) => ch("|", cx, 0.5);
  const chars = [bar(101), ch("Q", 130, 0.7), bar(161), ch("0", 190), bar(221), ch("7", 250), bar(281)];
  const zeroLike = (cs: OcrChar[]) =>
    cs.every((c) => /^[0-9Q]$/.test(c.ch)) ? cs.map((c) => c.ch.replace("Q", "0")).join("") : null;
  const [out] = await restorePipes(g, [{ x0: 90, y0: 56, x1: 290, y1: 94, chars }], EM, zeroLike);
  assert.equal(out?.whole, "| 0 | 0 | 7 |");
  assert.deepEqual(
    out?.figures?.map((f) => f.text),
    ["0", "0", "7"],
  );
});
