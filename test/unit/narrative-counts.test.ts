// Narrative counts on invented sentences.
import { test } from "node:test";
import assert from "node:assert/strict";
import { extractNarrativeCounts, type NarrativeCount } from "../../src/parser/narrative-counts.js";

/** "var=value" (sums as "a+b=value") for compact comparisons */
const brief = (cs: NarrativeCount[]) => cs.map((c) => `${c.vars.join("+")}=${c.value}`);
const DENIED =
  "t3_denied_state_secret_total+t3_denied_law_prohibited_total+t3_denied_security_total+t3_denied_third_party_total+t3_denied_internal_total+t3_denied_process_total+t3_denied_enforcement_total+t3_denied_query_total";

test("new applications and their applicant types, with the matched text", () => {
  const cs = extractNarrativeCounts(
    "2022年，本局共收到政府信息公开申请63件，其中自然人58件、商业企业4件、法律服务机构1件。",
  );
  assert.deepEqual(brief(cs), ["t3_new_total=63", "t3_new_np=58", "t3_new_corp=4", "t3_new_legal=1"]);
  assert.equal(cs[0].text, "收到政府信息公开申请63件");
  assert.equal(cs[0].index, "2022年，本局共".length);
});

test("other wordings of new applications", () => {
  assert.deepEqual(brief(extractNarrativeCounts("全年共受理依申请公开12宗。")), ["t3_new_total=12"]);
  assert.deepEqual(brief(extractNarrativeCounts("本年度全镇共收到27件申请，均已按时答复。")), ["t3_new_total=27"]);
  assert.deepEqual(brief(extractNarrativeCounts("本年新收政府信息公开申请１０５件。")), ["t3_new_total=105"]); // full-width digits
  assert.deepEqual(brief(extractNarrativeCounts("通过信函、网络等渠道接收的各类政府信息公开申请共计1,204件")), [
    "t3_new_total=1204",
  ]);
  // 法人或其他组织 is the sum of the five organisation columns
  assert.deepEqual(brief(extractNarrativeCounts("共收到申请30件，涉及自然人26件、法人或其他组织4件。")), [
    "t3_new_total=30",
    "t3_new_np=26",
    "t3_new_corp+t3_new_research+t3_new_ngo+t3_new_legal+t3_new_other=4",
  ]);
});

test("conservative: wordings that may mix quantities or name a subset give nothing", () => {
  for (const s of [
    "全年办理依申请公开216件。", // may include carried-in ones
    "共收到政府信息公开申请81件（含上年度结转申请）。", // mixes quantities
    "其中通过网络收到申请40件。",
    "较上年收到申请增加10件。",
    "与去年相比，受理申请数量减少5件。",
    "共收到群众来信咨询35件。",
    "主动公开政府信息2599条。",
    "因本机关不掌握等原因无法提供7件。", // may be one row of the group only
    "属于国家秘密不予公开2件。",
    "行政复议纠正1件。",
    "清理现行有效规范性文件393件。",
  ])
    assert.deepEqual(brief(extractNarrativeCounts(s)), [], s);
  // the total mixes quantities; the carried-in count inside the brackets is still a count of its own
  assert.deepEqual(brief(extractNarrativeCounts("共收到政府信息公开申请81件（含上年结转3件）。")), [
    "t3_carried_in_total=3",
  ]);
  // the applicant types are taken only when said of the new applications
  assert.deepEqual(brief(extractNarrativeCounts("本年度受理的投诉中，自然人12件。")), []);
});

test("outcome counts: groups are sums of their rows, 予以公开及部分公开 is a sum of two", () => {
  const cs = extractNarrativeCounts(
    "办结依申请公开40件，其中：予以公开及部分公开21件，占52.5%；不予公开3件；无法提供12件；不予处理2件；其他处理2件。上年结转4件，结转下年度继续办理6件。",
  );
  assert.deepEqual(brief(cs), [
    "t3_result_total_total=40",
    "t3_granted_total+t3_partial_total=21",
    `${DENIED}=3`,
    "t3_unable_not_held_total+t3_unable_need_create_total+t3_unable_unclear_total=12",
    "t3_rejected_petition_total+t3_rejected_duplicate_total+t3_rejected_publication_total+t3_rejected_massive_total+t3_rejected_confirm_total=2",
    "t3_other_total=2",
    "t3_carried_in_total=4",
    "t3_carried_out_total=6",
  ]);
  assert.deepEqual(brief(extractNarrativeCounts("予以公开15件，部分公开的3件。")), [
    "t3_granted_total=15",
    "t3_partial_total=3",
  ]);
  assert.deepEqual(brief(extractNarrativeCounts("另有2件结转下年度办理。")), ["t3_carried_out_total=2"]);
  // "新收和上年结转" is a sum with the new ones, not the carried-in count
  assert.deepEqual(brief(extractNarrativeCounts("新收和上年结转申请共计50件。")), []);
});

test("结转至<year+1>年 only when the report year is known", () => {
  const s = "共办结71件，结转至2024年4件。";
  assert.deepEqual(brief(extractNarrativeCounts(s, { year: 2023 })), [
    "t3_result_total_total=71",
    "t3_carried_out_total=4",
  ]);
  assert.deepEqual(brief(extractNarrativeCounts(s)), ["t3_result_total_total=71"]);
  assert.deepEqual(brief(extractNarrativeCounts(s, { year: 2024 })), ["t3_result_total_total=71"]);
});

test("table 4 and table 2 counts", () => {
  assert.deepEqual(brief(extractNarrativeCounts("因政府信息公开申请引发行政复议3起、行政诉讼5起。")), [
    "t4_review_total=3",
    "t4_suit_direct_total+t4_suit_after_review_total=5",
  ]);
  assert.deepEqual(brief(extractNarrativeCounts("本年度制发的行政规范性文件18件。")), ["t2_normative_issued=18"]);
  assert.deepEqual(brief(extractNarrativeCounts("本年新制作规范性文件9件。")), ["t2_normative_made=9"]);
  assert.deepEqual(brief(extractNarrativeCounts("制发规章2件。")), ["t2_rules_issued=2"]);
});

test("a quantity stated twice: kept once if the values agree, dropped if they do not", () => {
  assert.deepEqual(brief(extractNarrativeCounts("共收到申请20件。……全年共受理政府信息公开申请20件。")), [
    "t3_new_total=20",
  ]);
  assert.deepEqual(brief(extractNarrativeCounts("共收到申请20件。……全年共受理政府信息公开申请25件。")), []);
});
