import { test } from "node:test";
import assert from "node:assert/strict";
import { indexTokens, keywords, normalizeText, queryTokens } from "../../src/search/segment.js";

test("documents and queries share one normalisation: traditional, full-width and case fold", () => {
  assert.equal(normalizeText("依申請公開　ＡＢＣ２０２３年"), "依申请公开 abc2023年");
});

test("index tokens hold sub-words so a sub-word query finds its text", () => {
  const toks = indexTokens("本机关收到行政复议申请，依申请公开办理");
  for (const w of ["行政复议", "复议", "依申请公开", "申请"]) assert.ok(toks.includes(w), `${w} in ${toks.join("/")}`);
  assert.deepEqual(queryTokens("行政复议"), ["行政复议"]);
  assert.ok(indexTokens("2023年").includes("2023"), "numbers kept whole");
});

test("keywords come from the domain vocabulary", () => {
  const k = keywords("过程性信息不予公开。过程性信息属于不予公开范围。政府信息公开工作有序开展。", 5);
  assert.ok(k.includes("过程性信息"), k.join(","));
});
