// Places and titles read from agency names and one-line crawler text. Agencies are invented; only the
// places are real division names.
import { test } from "node:test";
import assert from "node:assert/strict";
import { resolveDivision } from "../../src/parser/divisions.js";
import { placeOf } from "../../src/parser/meta.js";
import { parseText } from "../../src/parser/index.js";
import { syntheticValues } from "../../src/synthetic/values.js";
import { renderReport } from "../../src/synthetic/render.js";

const where = (agency: string) => {
  const p = placeOf(agency, "");
  return [p.province, p.city, p.county, p.level];
};

test("the longest place name wins: 马鞍山市 is not 鞍山市, 海南藏族自治州 is not 海南省", () => {
  assert.deepEqual(where("马鞍山市星河数据局"), ["安徽省", "马鞍山市", null, "city"]);
  assert.deepEqual(where("马鞍山市花山区星河数据局"), ["安徽省", "马鞍山市", "花山区", "county"]);
  assert.deepEqual(where("鞍山市星河数据局"), ["辽宁省", "鞍山市", null, "city"]);
  assert.deepEqual(where("海南藏族自治州湖光事务局"), ["青海省", "海南藏族自治州", null, "city"]);
  assert.deepEqual(where("海南藏族自治州共和县湖光事务局"), ["青海省", "海南藏族自治州", "共和县", "county"]);
  assert.deepEqual(where("海南省湖光事务局"), ["海南省", null, null, "province"]);
  assert.equal(resolveDivision("马鞍山市星河数据局").code, "3405");
});

test("a county's full name beats a city's short name: 兴安区 (鹤岗) is not 兴安盟", () => {
  assert.deepEqual(where("兴安区星河服务中心"), ["黑龙江省", "鹤岗市", "兴安区", "county"]);
  assert.deepEqual(where("兴安县星河服务中心"), ["广西壮族自治区", "桂林市", "兴安县", "county"]);
  assert.deepEqual(where("兴安盟星河服务中心"), ["内蒙古自治区", "兴安盟", null, "city"]);
  assert.deepEqual(where("广州天河区星河服务中心"), ["广东省", "广州市", "天河区", "county"]);
});

test("cities without districts are cities, not counties of themselves", () => {
  assert.deepEqual(where("东莞市星河数据局"), ["广东省", "东莞市", null, "city"]);
  assert.deepEqual(where("广东省中山市星河数据局"), ["广东省", "中山市", null, "city"]);
  assert.deepEqual(where("儋州市星河数据局"), ["海南省", "儋州市", null, "city"]);
  assert.deepEqual(where("嘉峪关市星河数据局"), ["甘肃省", "嘉峪关市", null, "city"]);
  assert.equal(resolveDivision("东莞市星河数据局").code, "4419");
  assert.deepEqual(where("东莞市星河镇人民政府"), ["广东省", "东莞市", null, "township"]);
});

test("one-line crawler text without a page date: title and agency from the head of the line", () => {
  for (const format of ["2019", "2021"] as const) {
    const year = format === "2019" ? 2020 : 2023;
    const text = renderReport(syntheticValues(5, format), {
      format,
      year,
      agency: "马鞍山市星河数据局",
      layout: "glued",
    });
    assert.equal(text.trim().split("\n").length, 1, "the whole report is one line");
    const r = parseText(text);
    assert.equal(r.meta.title, `马鞍山市星河数据局${year}年政府信息公开工作年度报告`);
    assert.equal(r.meta.agency, "马鞍山市星河数据局");
    assert.equal(r.meta.city, "马鞍山市");
    assert.equal(r.meta.year, year);
  }
});

test("a long first line that does not start with a title gives no title from it", () => {
  const r = parseText(
    `根据《中华人民共和国政府信息公开条例》要求,现将星河数据局2023年政府信息公开工作年度报告如下 ${"本机关持续完善主动公开目录。".repeat(8)}`,
  );
  assert.equal(r.meta.title, null);
});
