import { test } from "node:test";
import assert from "node:assert/strict";
import OpenCC from "opencc-js";
import { twToCn } from "../../src/text/simplify.js";
import { generateCorpus } from "../../src/synthetic/corpus.js";
import { toTraditional } from "../../src/synthetic/render.js";

const opencc = OpenCC.Converter({ from: "tw", to: "cn" });

test("twToCn: opencc's output for generated reports, simplified and traditional", () => {
  for (const f of generateCorpus({ count: 40, seed: 5 })) {
    const text = f.bytes.toString("utf8");
    for (const t of [text, toTraditional()(text)]) assert.equal(twToCn(t), opencc(t));
  }
});

test("twToCn: opencc's output on fragments of its own dictionaries, ideographic description sequences, astral and lone surrogates", () => {
  // every entry's source and neighbouring text: phrases that overlap, entries cut in half, IDS operators
  // (opencc steps over a whole description sequence), characters outside the BMP
  const cfg = OpenCC.Locale.configs.tw2s as unknown as Record<string, unknown>;
  const dict = [cfg.normalizationChain, cfg.segmentation, cfg.conversionChain].flat(3).join("").replace(/[ |]/g, "");
  const extra = ["\u2ff0", "\u2ff2", "\u2ffb", "𠀀", "𪚥", "\ud800", "\udc00", " ", "\n", "a", "1", ""];
  let seed = 11;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let k = 0; k < 4000; k++) {
    let s = "";
    for (let i = Math.floor(rnd() * 50); i > 0; i--) {
      if (rnd() < 0.15) s += extra[Math.floor(rnd() * extra.length)];
      else {
        const at = Math.floor(rnd() * (dict.length - 4));
        s += dict.slice(at, at + 1 + Math.floor(rnd() * 4));
      }
    }
    assert.equal(twToCn(s), opencc(s), JSON.stringify(s));
  }
});

test("twToCn: text without any dictionary entry comes back as it was", () => {
  for (const s of ["", "2023", "abc 123\n", "一二三"]) assert.equal(twToCn(s), opencc(s));
});
