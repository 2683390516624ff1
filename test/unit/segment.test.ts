import { test } from "node:test";
import assert from "node:assert/strict";
import { keywords, normalizeText } from "../../src/text/segment.js";

test("documents and queries share one normalisation: traditional, full-width and case fold", () => {
  assert.equal(normalizeText("依申請公開　ＡＢＣ２０２３年"), "依申请公开 abc2023年");
});

test("keywords come from the domain vocabulary", () => {
  const k = keywords("过程性信息不予公开。过程性信息属于不予公开范围。政府信息公开工作有序开展。", 5);
  assert.ok(k.includes("过程性信息"), k.join(","));
});
