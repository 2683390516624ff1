// OCR of scans made here: an invented report rendered, degraded (rotation, speckles, JPEG) and read back.
// No real report is copied in. Kept short: OCR takes seconds a page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fatalOf, parseReport } from "../../src/parser/index.js";
import { variablesFor } from "../../src/codebook/index.js";
import { syntheticValues } from "../../src/synthetic/values.js";
import { reportBlocks } from "../../src/synthetic/render.js";
import { solve, readings } from "../../src/parser/ocr/unsure.js";
import { hiddenDigit } from "../../src/parser/ocr/digit-glyphs.js";
import { cellsOfLine } from "../../src/parser/extract/ocr.js";
import { estimateSkew, rotate, type Gray } from "../../src/parser/ocr/image.js";
import { rulesFor } from "../../src/codebook/rules.js";
import { reportPdf } from "../helpers/report-files.js";
import { embeddedFontMissing } from "../helpers/cjk-pdf.js";
import { cellsRight, imagePdf, jpegOf, pngOf, scanPages, screenPhoto } from "../helpers/scan.js";

const AGENCY = "广州市测试数据管理局";

test("unsure digits: the table rules settle one reading, or leave the cell undecidable", () => {
  const rules = rulesFor("2021").filter((r) => r.table === 4);
  const base: Record<string, number | null> = {
    t4_review_upheld: 3,
    t4_review_corrected: 1,
    t4_review_other: 0,
    t4_review_pending: 0,
    t4_review_total: 4,
  };
  // 3 or 8 in 维持; the total 4 is sure → only 3 fits
  let r = solve(rules, base, [{ variable: "t4_review_upheld", raw: "3", candidates: [3, 8], top: 3 }]);
  assert.deepEqual(r.get("t4_review_upheld"), [3]);
  // a misread 8 where the rules need 3: derived from the runner-up
  r = solve(rules, { ...base, t4_review_upheld: 8 }, [
    { variable: "t4_review_upheld", raw: "8", candidates: [8, 3], top: 8 },
  ]);
  assert.deepEqual(r.get("t4_review_upheld"), [3]);
  // both 维持 (3|8) and 总计 (4|9) unsure: two readings fit → not settled
  r = solve(rules, base, [
    { variable: "t4_review_upheld", raw: "3", candidates: [3, 8], top: 3 },
    { variable: "t4_review_total", raw: "4", candidates: [4, 9], top: 4 },
  ]);
  assert.notEqual(r.get("t4_review_upheld")?.length, 1);
  assert.notEqual(r.get("t4_review_total")?.length, 1);
  // an empty cell (a lone digit the detector may have missed) is fixed by its row
  r = solve(rules, { ...base, t4_review_corrected: 0 }, [
    { variable: "t4_review_corrected", raw: "", candidates: undefined, top: 0 },
  ]);
  assert.deepEqual(r.get("t4_review_corrected"), [1]);
  // a reading no rule checks (the cell is in no rule with known cells) is not vouched for
  r = solve(rules, { ...base, t4_review_total: null }, [
    { variable: "t4_review_upheld", raw: "3", candidates: [3], top: 3 },
  ]);
  assert.notEqual(
    r.get("t4_review_upheld")?.filter(Number.isFinite).length === 1 && r.get("t4_review_upheld")?.length === 1,
    true,
  );
  // a table inconsistent as printed: no reading of the two cells mends 10 + 1 = 0, so neither is
  // settled (the report reader then keeps sure figures as unverified, never ok)
  r = solve(rules, { ...base, t4_review_upheld: 10, t4_review_total: 0 }, [
    { variable: "t4_review_upheld", raw: "10", candidates: [10], top: 10, sure: true },
    { variable: "t4_review_total", raw: "0", candidates: [0], top: 0, sure: true },
  ]);
  assert.deepEqual(r.get("t4_review_upheld"), []);
  assert.deepEqual(r.get("t4_review_total"), []);
});

test("digit readings: alternatives multiply, most likely first", () => {
  const rs = readings(
    [
      [
        { digit: "1", p: 0.6 },
        { digit: "7", p: 0.4 },
      ],
      null,
      [{ digit: "0", p: 0.99 }],
    ],
    0.01,
  );
  assert.deepEqual(
    rs.map((r) => r.text),
    ["1.0", "7.0"],
  );
});

test("a dotted zero read as a symbol is a digit position only through its digit alternatives", () => {
  const ch = (c: string, p: number, alts: [string, number][]) => ({
    ch: c,
    p,
    x0: 0,
    x1: 1,
    alts: alts.map(([a, q]) => ({ ch: a, p: q })),
  });
  assert.equal(
    hiddenDigit(
      ch("①", 0.46, [
        ["0", 0.2],
        ["④", 0.02],
      ]),
    ),
    "0",
  );
  assert.equal(hiddenDigit(ch("θ", 0.5, [["0", 0.1]])), "0");
  // too little weight on a digit: not a figure ...
  const weak = ch("@", 0.6, [
    ["e", 0.1],
    ["0", 0.015],
  ]);
  assert.equal(hiddenDigit(weak), null);
  // ... unless the mark was read alone (a lone glyph-sized mark: dropping it would shift its row)
  assert.equal(hiddenDigit({ ...weak, alone: true }), "0");
  assert.equal(hiddenDigit({ ...ch("@", 0.6, [["e", 0.1]]), alone: true }), null);
  // words and separators are never digit positions
  assert.equal(hiddenDigit(ch("中", 0.5, [["0", 0.3]])), null);
  assert.equal(hiddenDigit(ch("，", 0.5, [["0", 0.3]])), null);
});

test("a recognised line is cut into cells where characters stand apart, not where one was dropped", () => {
  // characters at given centres (em = 10): Chinese 10 apart, digits and "." 5 apart
  const line = (spec: [string, number][]) => spec.map(([ch, x]) => ({ ch, p: 0.9, x0: x - 1, x1: x + 1, alts: [] }));
  const texts = (chars: ReturnType<typeof line>) =>
    cellsOfLine(chars, 10, (c) => (c.x0 + c.x1) / 2)
      .filter((x) => x.length)
      .map((x) => x.map((c) => c.ch).join(""));
  // 信訪[舉]報: one character missing inside a word — one cell
  assert.deepEqual(
    texts(
      line([
        ["信", 0],
        ["訪", 10],
        ["報", 30],
        ["投", 40],
      ]),
    ),
    ["信訪報投"],
  );
  // two cells of Chinese two characters apart stay two cells
  assert.deepEqual(
    texts(
      line([
        ["商", 0],
        ["业", 10],
        ["科", 40],
        ["研", 50],
      ]),
    ),
    ["商业", "科研"],
  );
  // "1." and its label with a dropped character between: one label, not the figure 1
  assert.deepEqual(
    texts(
      line([
        ["1", 0],
        [".", 5],
        ["于", 25],
        ["國", 35],
      ]),
    ),
    ["1.于國"],
  );
  // a label and its figure far apart: two cells
  assert.deepEqual(
    texts(
      line([
        ["规", 0],
        ["章", 10],
        ["2", 60],
        ["5", 65],
      ]),
    ),
    ["规章", "25"],
  );
});

test("deskew: a page rotated by 0.6° is measured back", () => {
  const w = 600,
    h = 400;
  const g: Gray = { width: w, height: h, data: new Uint8Array(w * h).fill(255) };
  for (let y = 40; y < h - 40; y += 20) for (let x = 60; x < w - 60; x++) if ((x >> 3) % 3) g.data[y * w + x] = 0;
  const turned = rotate(g, 0.6);
  const skew = estimateSkew(turned);
  assert.ok(Math.abs(skew + 0.6) <= 0.1, `skew ${skew}`);
});

const fontMissing = embeddedFontMissing();

test("a scanned report (image-only PDF, rotated, speckled, JPEG): figures right or flagged, none silently wrong", {
  skip: fontMissing ?? false,
  timeout: 240_000,
}, async () => {
  const v = syntheticValues(53, "2021");
  const blocks = reportBlocks(v, { format: "2021", year: 2023, agency: AGENCY, zeroAs: "" });
  const pages = await scanPages(await reportPdf(blocks, "embedded"), { dpi: 200, angle: 0.6, noise: 0.002, seed: 7 });
  const r = await parseReport(await imagePdf(pages, 65), { filename: "scan.pdf" });
  assert.equal(fatalOf(r), undefined, JSON.stringify(r.issues.slice(0, 3)));
  assert.equal(r.meta.inputKind, "pdf-ocr");
  assert.equal(r.meta.year, 2023);
  assert.equal(r.meta.agency, AGENCY);
  const vars = variablesFor("2021");
  const right = cellsRight(
    r,
    v,
    vars.map((x) => x.name),
  );
  // what is not read is flagged (undecidable), never guessed; most is read (docs/ocr.md: where it stands)
  assert.ok(right >= 0.7 * vars.length, `${right} of ${vars.length} cells right`);
  assert.match(r.sections.summary ?? "", /政务公开/);
});

test("a page image file (PNG) is read by OCR; an unreadable image is a clear error", {
  skip: fontMissing ?? false,
  timeout: 120_000,
}, async () => {
  const v = syntheticValues(61, "2021");
  const blocks = reportBlocks(v, { format: "2021", year: 2023, agency: AGENCY, zeroAs: "" });
  const [page] = await scanPages(await reportPdf(blocks, "embedded"), {
    dpi: 200,
    angle: -0.4,
    noise: 0.001,
    seed: 3,
    pages: [1],
  });
  const r = await parseReport(pngOf(page!), { filename: "page1.png" });
  assert.equal(fatalOf(r), undefined, JSON.stringify(r.issues.slice(0, 3)));
  assert.equal(r.meta.inputKind, "image-ocr");
  for (const x of variablesFor("2021", 2)) {
    const got = r.values[x.name];
    assert.ok(
      got === v[x.name] || (got === null && r.cells[x.name]?.status !== "ok"),
      `${x.name}: got ${got}, want ${v[x.name]}`,
    );
  }

  const blank: Gray = { width: 800, height: 1100, data: new Uint8Array(800 * 1100).fill(255) };
  const f1 = fatalOf(await parseReport(pngOf(blank), { filename: "blank.png" }));
  assert.equal(f1?.code, "OCR_UNREADABLE");
  assert.match(f1!.message, /blank/);
  const cut = jpegOf(page!).slice(0, 2000);
  const f2 = fatalOf(await parseReport(cut, { filename: "cut.jpg" }));
  assert.equal(f2?.code, "IMAGE_DAMAGED");
  assert.match(f2!.message, /JPEG/);
});

test("a photo of a screen (blurred, washed out, moiré) is a clear error, not a report of guesses", {
  skip: fontMissing ?? false,
  timeout: 120_000,
}, async () => {
  const v = syntheticValues(61, "2021");
  const blocks = reportBlocks(v, { format: "2021", year: 2023, agency: AGENCY, zeroAs: "" });
  const [page] = await scanPages(await reportPdf(blocks, "embedded"), { dpi: 100, pages: [1] });
  const r = await parseReport(pngOf(screenPhoto(page!)), { filename: "screen.png" });
  const fatal = fatalOf(r);
  assert.equal(fatal?.code, "OCR_UNREADABLE");
  assert.match(fatal!.message, /could not be read: .*(blurred|blank|dark)/);
  assert.equal(Object.values(r.cells).filter((c) => c.status === "ok").length, 0);
});
