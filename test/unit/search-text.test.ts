import { test } from "node:test";
import assert from "node:assert/strict";
import {
  alignedText,
  hanWord,
  matchingForm,
  normalizeText,
  queryTerms,
  searchableText,
} from "../../src/text/segment.js";
import { buildSnippet, findMatches, PASSAGE_GAP } from "../../src/search/snippet.js";
import { displayText } from "../../src/search/display.js";
import { settingsDifferences, INDEX_SETTINGS } from "../../src/search/settings.js";
import { sectionTerms } from "../../src/search/documents.js";
import { syntheticNarrative } from "../../src/synthetic/narrative.js";

test("the aligned form keeps the length, so offsets point into the original", () => {
  const original = "2019年，我局認真貫徹落實《條例》，ＩＰｖ６改造";
  const aligned = alignedText(original);
  assert.equal(aligned.length, original.length);
  assert.equal(aligned, "2019年,我局认真贯彻落实《条例》,ipv6改造");
});

test("the searchable form: one word per Han character, numbers and Latin words whole, punctuation a sentence break", () => {
  const han = (s: string) => s.replace(/\p{Script=Han}/gu, hanWord);
  assert.equal(
    searchableText("2019年，我局認真落實《條例》，IPv6改造；下一步"),
    han("2019 年 。 我 局 认 真 落 实 。 条 例 。 ipv6 改 造 。 下 一 步"),
  );
  assert.equal(searchableText("改造\n下一步 2024 年"), han("改 造 下 一 步 2024 年"), "the white-space rule");
  assert.equal(searchableText("“好差评”"), han("好 差 评"));
  assert.equal(hanWord("行"), "qookc");
  assert.equal(hanWord("𠀀"), "qigggg"); // U+20000, outside the basic plane
  // Latin words of the text never read as a Han word
  assert.equal(searchableText("qookc quota 行"), "qqookc 。 qquota 。 qookc");
  assert.match(searchableText("乾坤"), /^q[a-p]{4} q[a-p]{4}$/);
});

test("query terms are split at white space and punctuation", () => {
  assert.deepEqual(queryTerms("行政復議、行政诉讼 “2023年”"), ["行政复议", "行政诉讼", "2023年"]);
  assert.deepEqual(queryTerms("行政复议 ipv6"), ["行政复议", "ipv6"], "a space next to a Latin word separates");
  assert.deepEqual(queryTerms(" ，。 "), []);
});

test("snippets show the original script with the matched terms marked", () => {
  const text = "我局的依申請公開主要集中在熱線工單。" + "其他內容。".repeat(40) + "下一步將加強政策解讀。";
  const s = buildSnippet(text, ["依申请公开"], { length: 40 });
  assert.equal(s.start, 0);
  assert.deepEqual(s.highlights, [{ start: 3, end: 8 }]);
  assert.equal(s.text.slice(3, 8), "依申請公開", "traditional stays traditional");

  const far = buildSnippet(text, ["政策解读"], { length: 40 });
  const h = far.highlights[0];
  assert.equal(far.text.slice(h.start, h.end), "政策解讀");
  assert.equal(text.slice(far.start, far.end), far.text);
  assert.ok(far.text.startsWith("下一步"), `the excerpt starts at a sentence: ${far.text}`);
});

test("a snippet prefers the place where more terms occur together", () => {
  const text = "行政复议一件。" + "填充文字。".repeat(30) + "行政复议和行政诉讼各一件。";
  const s = buildSnippet(text, ["行政复议", "行政诉讼"], { length: 30 });
  assert.deepEqual(
    s.highlights.map((h) => s.text.slice(h.start, h.end)),
    ["行政复议", "行政诉讼"],
  );
  assert.deepEqual(findMatches("复议复议", ["复议"]), [{ start: 0, end: 4 }], "adjacent matches merge");
  assert.deepEqual(buildSnippet("短文本", ["无"]).highlights, []);
});

test("settings comparison: lists of names ignore order, priority lists and objects do not", () => {
  assert.deepEqual(settingsDifferences(structuredClone(INDEX_SETTINGS) as never), []);
  const reordered = {
    ...structuredClone(INDEX_SETTINGS),
    filterableAttributes: [...INDEX_SETTINGS.filterableAttributes].reverse(),
  };
  assert.deepEqual(settingsDifferences(reordered as never), []);
  const ranking = { ...structuredClone(INDEX_SETTINGS), rankingRules: [...INDEX_SETTINGS.rankingRules].reverse() };
  assert.deepEqual(
    settingsDifferences(ranking as never).map((d) => d.key),
    ["rankingRules"],
  );
  const typo = {
    ...structuredClone(INDEX_SETTINGS),
    typoTolerance: { ...INDEX_SETTINGS.typoTolerance, enabled: true },
  };
  assert.deepEqual(
    settingsDifferences(typo as never).map((d) => d.key),
    ["typoTolerance"],
  );
});

test("section keywords leave out numbers and words every report uses", () => {
  const n = syntheticNarrative(3, { year: 2023, agency: "某市测试局" });
  const terms = sectionTerms(n.summary);
  assert.ok(terms.length > 0 && terms.length <= 12);
  for (const t of terms) {
    assert.match(t, /\p{Script=Han}/u);
    assert.ok(!["工作", "信息", "公开", "2023"].includes(t), t);
  }
});

test("invented narratives are deterministic and vary between reports", () => {
  const a = syntheticNarrative(1, { year: 2022, agency: "甲局" });
  assert.deepEqual(a, syntheticNarrative(1, { year: 2022, agency: "甲局" }));
  assert.notEqual(a.summary, syntheticNarrative(2, { year: 2022, agency: "甲局" }).summary);
  assert.match(syntheticNarrative(1, { year: 2022, agency: "甲局", traditional: true }).summary, /政務公開/);
});

test("the white-space rule: a space or line break between Han characters, or a digit and a Han character, does not separate", () => {
  assert.equal(
    normalizeText("2024 年，部\n分公開 共 5 件；ipv6 改造 2023 2024"),
    "2024年,部分公开共5件;ipv6改造2023 2024",
  );
  assert.deepEqual(queryTerms("部 分公开、2024 年"), ["部分公开", "2024年"]);
  // white space between two words separates them; a lone character or a digit next to Han joins
  assert.deepEqual(queryTerms("政务新媒体 管理"), ["政务新媒体", "管理"]);
  assert.deepEqual(queryTerms("政務新媒體　管理"), ["政务新媒体", "管理"], "ideographic space, traditional");
  assert.deepEqual(queryTerms("部分 公 开"), ["部分公开"]);
  assert.deepEqual(queryTerms("2023 2024"), ["2023", "2024"]);
  const f = matchingForm("部\n分公開");
  assert.equal(f.text, "部分公开");
  assert.deepEqual([0, 1, 2, 3].map(f.at), [0, 2, 3, 4]);
  const g = matchingForm("第 3 条, 部 \n 分 公开 ab cd");
  assert.equal(g.text, "第3条, 部分公开 ab cd");
  assert.deepEqual([...g.text].map((_, i) => "第 3 条, 部 \n 分 公开 ab cd"[g.at(i)]).join(""), g.text);
  const s = buildSnippet("依申請部\n分公開三件。", ["部分公开"]);
  assert.equal(s.text.slice(s.highlights[0].start, s.highlights[0].end), "部\n分公開", "the whole match, as printed");
});

test("a snippet shows the passage where the query is densest, not its first mention in passing", () => {
  const text =
    "本报告经保密审查后发布。" +
    "填充文字。".repeat(30) +
    "严格落实保密审查制度，保密审查坚持先审后发，全年保密审查信息三百条。" +
    "填充文字。".repeat(30);
  const s = buildSnippet(text, ["保密审查"], { length: 40 });
  assert.ok(s.text.startsWith("严格落实保密审查制度"), s.text);
  const marked = s.highlights.map((h) => s.text.slice(h.start, h.end));
  assert.deepEqual(marked, ["保密审查", "保密审查", "保密审查"], "every occurrence in the passage, whole");
  assert.equal(text.slice(s.start, s.end), s.text);
});

test("a snippet shows every term of the query: one found elsewhere gets a passage of its own", () => {
  const text = "行政复议一件。" + "填充文字。".repeat(60) + "行政诉讼两件。";
  const s = buildSnippet(text, ["行政复议", "行政诉讼"], { length: 30 });
  assert.deepEqual(
    s.highlights.map((h) => s.text.slice(h.start, h.end)),
    ["行政复议", "行政诉讼"],
  );
  assert.ok(s.text.includes(PASSAGE_GAP));
});

test("the display form joins the wraps of a page layout and keeps paragraphs, headings and items", () => {
  const printed =
    "一、总体情况\n2023年，本机关认真贯彻落实政府信息公开条例，全面推进政务公开工作，部\n分公开申请办理规范，主动公开政府信息一千余条，依申请公开工作有序开\n展。\n（一）主动公开情况\n本年度主动公开信息。";
  assert.equal(
    displayText(printed),
    "一、总体情况\n2023年，本机关认真贯彻落实政府信息公开条例，全面推进政务公开工作，部分公开申请办理规范，主动公开政府信息一千余条，依申请公开工作有序开展。\n（一）主动公开情况\n本年度主动公开信息。",
  );
  const paragraphs = "第一段很长的文字，说明本机关的工作情况和各项措施的落实\n第二段。";
  assert.equal(displayText(paragraphs), paragraphs, "one full line is no page layout");
  const latin =
    "The agency published 1,136 items on its portal and answered every request within the\nstatutory time limit, without exception or delay in any case this year, as it\nwas in all.";
  assert.match(displayText(latin), /within the statutory/);
});
