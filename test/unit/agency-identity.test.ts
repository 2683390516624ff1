// Agency identity: one key for the same body however a report prints its name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { agencyIdentity, isSmallVariant, normaliseBody, stripPlaces } from "../../src/parser/agency-identity.js";
import { parseText } from "../../src/parser/index.js";
import { renderReport } from "../../src/synthetic/render.js";
import { syntheticValues } from "../../src/synthetic/values.js";
import type { ReportMeta } from "../../src/parser/types.js";

const meta = (m: Partial<ReportMeta>): ReportMeta => ({
  agency: null,
  title: null,
  year: 2023,
  format: "2021",
  published: null,
  script: "simplified",
  province: null,
  city: null,
  county: null,
  level: null,
  kind: null,
  divisionCode: null,
  inputKind: "text",
  parserVersion: "t",
  ...m,
});
const huaian = { province: "江苏省", city: "淮安市", county: "洪泽区", divisionCode: "320813" };

test("the place prefix is not part of the identity: with or without province, city, short forms", () => {
  for (const name of [
    "江苏省淮安市洪泽区人民政府",
    "淮安市洪泽区人民政府",
    "洪泽区人民政府",
    "淮安洪泽区人民政府",
    "江苏淮安市洪泽区人民政府",
  ]) {
    assert.equal(stripPlaces(name, huaian), "人民政府", name);
    assert.equal(agencyIdentity(meta({ agency: name, ...huaian }))!.key, "320813|政府", name);
  }
  assert.equal(
    stripPlaces("延边朝鲜族自治州教育局", { province: "吉林省", city: "延边朝鲜族自治州", county: null }),
    "教育局",
  );
  assert.equal(
    stripPlaces("延边州教育局", { province: "吉林省", city: "延边朝鲜族自治州", county: null }),
    "州教育局",
    "only known forms are stripped",
  );
});

test("equivalent spellings fold: 人民政府/政府, 委员会/委, 办公室/办公厅/办, punctuation", () => {
  assert.equal(normaliseBody("卫生健康委员会"), normaliseBody("卫生健康委"));
  assert.equal(normaliseBody("人民政府办公室"), normaliseBody("政府办"));
  assert.equal(normaliseBody("经济技术开发区管理委员会"), normaliseBody("经济技术开发区管委会"));
  assert.equal(normaliseBody("发展和改革委员会（物价局）"), "发展和改革委物价局");
});

test("customary short forms of departments are the same body: 上海市科委 = 上海市科学技术委员会", () => {
  const shanghai = { province: "上海市", city: null, county: null, divisionCode: "31" };
  const key = (agency: string) => agencyIdentity(meta({ agency, ...shanghai }))!.key;
  assert.equal(key("上海市科委"), key("上海市科学技术委员会"));
  assert.equal(key("上海市发改委"), key("上海市发展和改革委员会"));
  assert.equal(key("上海市发展改革委"), key("上海市发展和改革委员会"));
  assert.equal(key("上海市人社局"), key("上海市人力资源和社会保障局"));
  assert.equal(key("上海市市场监管局"), key("上海市市场监督管理局"));
  assert.notEqual(key("上海市交通局"), key("上海市交通运输局"), "renamed bodies are not folded");
  assert.notEqual(key("上海市科委"), key("上海市教委"));
  assert.equal(normaliseBody("科委办公室"), "科委办", "only a whole body is a short form");
});

test("a traditional-script report resolves to the same key as the simplified one; the printed name is a variant", () => {
  const v = syntheticValues(3, "2021");
  const simplified = parseText(
    renderReport(v, { format: "2021", year: 2023, agency: "广州市数字治理事务局", layout: "lines" }),
  );
  const traditional = parseText(
    renderReport(v, { format: "2021", year: 2024, agency: "广州市数字治理事务局", layout: "lines", traditional: true }),
  );
  const a = agencyIdentity(simplified.meta)!,
    b = agencyIdentity(traditional.meta)!;
  assert.equal(a.key, b.key);
  assert.deepEqual(b.variants, ["廣州市數字治理事務局"]);
  assert.notEqual(
    agencyIdentity(simplified.meta, true)!.key,
    a.key,
    "an invented agency never shares a real one's identity",
  );
});

test("small variants: one character inserted or dropped in a long name; never a changed one, never in a short name", () => {
  assert.ok(isSmallVariant("政务服务数据管理局", "政务服务和数据管理局"));
  assert.ok(!isSmallVariant("来穗人员服务管理局", "来穗人员服务管理处"), "a changed character is another body");
  assert.ok(!isSmallVariant("数字治理服务中心", "数字治理事务中心"));
  assert.ok(!isSmallVariant("民政局", "财政局"));
  assert.ok(!isSmallVariant("自然资源局", "自然资源和规划局"), "two characters are a different name");
  assert.ok(!isSmallVariant("交通运输局", "交通运输委"));
});

test("no agency, no identity", () => {
  assert.equal(agencyIdentity(meta({ agency: null })), null);
  assert.equal(agencyIdentity(meta({ agency: "平潭综合实验区", province: "福建省" }))!.key, "福建省|平潭综合实验区");
});

test("a county that starts with its city's short form is stripped whole", () => {
  const place = { province: "河南省", city: "许昌市", county: "许昌经济技术开发区" };
  assert.equal(stripPlaces("许昌经济技术开发区政务服务委员会", place), "政务服务委员会");
  assert.equal(stripPlaces("许昌市许昌经济技术开发区政务服务委员会", place), "政务服务委员会");
  assert.equal(
    stripPlaces("本溪满族自治县河湖保护管理局", { province: "辽宁省", city: "本溪市", county: "本溪满族自治县" }),
    "河湖保护管理局",
  );
});
