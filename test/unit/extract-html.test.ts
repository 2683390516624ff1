import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { extractHtml } from "../../src/parser/extract/html.js";
import { isChromeLine } from "../../src/parser/extract/chrome.js";
import type { Row } from "../../src/parser/types.js";

// An invented page (agency, figures and wording are made up) in the layout of a county portal:
// chrome around an article whose table 3 uses rowspan/colspan, &nbsp; cells, <p><span> nesting
// and header cells split by <br/>.
const PAGE = `<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>示范县水利局2023年政府信息公开工作年度报告_示范县人民政府</title>
<script>var s = "打印本页"; document.write("当前位置");</script>
<style>.crumb { color: red }</style>
</head><body>
<header><div class="logo">示范县人民政府</div><div>无障碍 | 长者模式</div></header>
<nav><a href="/">首页</a><a href="/zwgk">政务公开</a></nav>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; <a>年度报告</a></div>
<div class="article">
  <h1>示范县水利局2023年政府信息公开工作年度报告</h1>
  <div class="info">发布时间：2024-01-22 09:15&nbsp;&nbsp;来源：示范县水利局&nbsp;&nbsp;浏览次数：<span id="hits"></span></div>
  <div class="tools">【字体：<a>大</a> <a>中</a> <a>小</a>】 <a>听全文</a> 分享到：<a>微信</a> <a>微博</a></div>
  <div class="content">
    <p>　　一、总体情况</p>
    <p>　　2023年，本局<span style="font-family:仿宋">主动公开</span>政府信息<b>143</b>条，
    打印并发放公开指南60份。</p>
    <p>三、收到和处理政府信息公开申请情况</p>
    <table border="1"><tbody>
      <tr><td colspan="3" rowspan="3"><p>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</p></td><td colspan="7"><p>申请人情况</p></td></tr>
      <tr><td rowspan="2"><p>自然人</p></td><td colspan="5"><p>法人或其他组织</p></td><td rowspan="2"><p>总计</p></td></tr>
      <tr><td><p>商业<br/>企业</p></td><td><p>科研<br>机构</p></td><td><p>社会公益<br />组织</p></td><td><p>法律服务<br/>机构</p></td><td>其他</td></tr>
      <tr><td colspan="3"><p><span>一、本年新收政府</span><span>信息公开申请数量</span></p></td>
          <td><p><span>17</span></p></td><td><p>2</p></td><td><p>&nbsp;</p></td><td>&nbsp;</td><td><p>1</p></td><td><p>&nbsp;</p></td><td><p>20</p></td></tr>
      <tr><td colspan="3"><p>二、上年结转政府信息公开申请数量</p></td>
          <td>3</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>3</td></tr>
      <tr><td rowspan="2"><p>三、本年度<br/>办理结果</p></td><td colspan="2"><p>（一）予以公开</p></td>
          <td>11</td><td>1</td><td>&nbsp;</td><td>&nbsp;</td><td>1</td><td>&nbsp;</td><td>&nbsp;</td></tr>
      <tr><td colspan="2"><p>（二）部分公开</p></td>
          <td>4</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>4</td></tr>
    </tbody></table>
    <p><br />四、政府信息公开行政复议、行政诉讼情况</p>
    <p style="display:none">澳门赌场 在线娱乐</p>
    <p>六、其他需要报告的事项</p>
    <p>本年度未收取信息处理费。</p>
  </div>
  <div class="share">扫一扫在手机打开当前页</div>
  <div class="attach">相关附件</div>
  <div class="btns"><a>【打印本页】</a> <a>【关闭窗口】</a></div>
</div>
<div class="related">相关链接：<a>示范县人民政府</a></div>
<footer><p>版权所有：示范县人民政府办公室 地址：示范县建设路1号</p><p>网站标识码：0000000000 示ICP备00000000号</p></footer>
<div class="bottom">主办单位：示范县人民政府办公室 技术支持：示范网络公司</div>
</body></html>`;

const text = (rows: Row[]) => rows.map((r) => r.cells.join(" | ")).join("\n");
const find = (rows: Row[], start: string) => rows.find((r) => r.cells[0]?.startsWith(start));

test("html: metadata — publication date from the info line, title without the site name", () => {
  const x = extractHtml(PAGE);
  assert.equal(x.kind, "html");
  assert.equal(x.published, "2024-01-22");
  assert.equal(x.title, "示范县水利局2023年政府信息公开工作年度报告");
  assert.deepEqual(x.issues, []);
});

test("html: page chrome is gone, report lines stay", () => {
  const all = text(extractHtml(PAGE).rows);
  for (const chrome of [
    "当前位置",
    "document.write",
    "color: red",
    "发布时间",
    "浏览次数",
    "听全文",
    "分享到",
    "字体",
    "扫一扫",
    "相关附件",
    "相关链接",
    "打印本页",
    "关闭窗口",
    "版权所有",
    "网站标识码",
    "ICP备",
    "主办单位",
    "无障碍",
    "澳门",
  ]) {
    assert.ok(!all.includes(chrome), `chrome left: ${chrome}`);
  }
  // a report sentence that mentions 打印 is content, not a print button
  assert.ok(all.includes("2023年，本局主动公开政府信息143条，打印并发放公开指南60份。"), all);
  assert.ok(all.includes("本年度未收取信息处理费。"));
});

test("html: narrative rows in document order, interleaved with the table", () => {
  const rows = extractHtml(PAGE).rows;
  const at = (s: string) => rows.findIndex((r) => r.cells[0]?.startsWith(s));
  const order = [
    "示范县水利局2023年",
    "一、总体情况",
    "2023年，本局",
    "三、收到和处理",
    "（本列数据",
    "一、本年新收",
    "三、本年度办理结果",
    "（二）部分公开",
    "四、政府信息公开行政复议",
    "六、其他需要报告的事项",
  ];
  const idx = order.map(at);
  assert.ok(
    idx.every((i) => i >= 0),
    JSON.stringify(idx),
  );
  assert.deepEqual(
    [...idx].sort((a, b) => a - b),
    idx,
  );
  assert.equal(rows[at("一、总体情况")].table, undefined);
  assert.equal(rows[at("一、本年新收")].table, true);
});

test("html: each physical cell once, blanks kept, split header text joined", () => {
  const rows = extractHtml(PAGE).rows;
  assert.deepEqual(find(rows, "（本列数据")!.cells, [
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "申请人情况",
  ]);
  assert.deepEqual(find(rows, "自然人")!.cells, ["自然人", "法人或其他组织", "总计"]);
  assert.deepEqual(find(rows, "商业")!.cells, ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]);
  assert.deepEqual(find(rows, "一、本年新收")!.cells, [
    "一、本年新收政府信息公开申请数量",
    "17",
    "2",
    "",
    "",
    "1",
    "",
    "20",
  ]);
  assert.deepEqual(find(rows, "二、上年结转")!.cells, [
    "二、上年结转政府信息公开申请数量",
    "3",
    "",
    "",
    "",
    "",
    "",
    "3",
  ]);
  // the rowspan label comes once, on its first row; the blank 总计 stays ""
  assert.deepEqual(find(rows, "三、本年度")!.cells, [
    "三、本年度办理结果",
    "（一）予以公开",
    "11",
    "1",
    "",
    "",
    "1",
    "",
    "",
  ]);
  assert.deepEqual(find(rows, "（二）部分公开")!.cells, ["（二）部分公开", "4", "", "", "", "", "", "4"]);
});

test("html: cell lines join without spaces in Chinese but keep figures apart", () => {
  const x = extractHtml(
    `<table><tr><td>社会公益\n  组织</td><td>12<br>34</td><td><p>251000</p><p>元</p></td><td>&nbsp;&nbsp;</td><td>—</td></tr></table>`,
  );
  assert.deepEqual(x.rows, [{ cells: ["社会公益组织", "12 34", "251000元", "", "—"], table: true }]);
});

test("html: a table-layout page reads as blocks, its nested data table as rows", () => {
  const x = extractHtml(`<table width="100%"><tr><td class="side">&nbsp;</td><td>
      <p>示范镇2021年政府信息公开工作年度报告</p>
      <p>一、总体情况：本镇全年主动公开政府信息二十余条，内容涵盖财政预决算、惠民补贴与重大项目进展情况。同时持续做好依申请公开工作，全年未发生行政复议和行政诉讼，各项工作平稳有序推进。</p>
      <table border="1"><tr><td>行政复议</td><td colspan="4">行政诉讼</td></tr><tr><td>0</td><td>1</td><td></td><td>0</td><td>1</td></tr></table>
      <p>五、存在的主要问题及改进情况</p>
    </td></tr></table>`);
  assert.deepEqual(
    x.rows.map((r) => [r.table ?? false, r.cells]),
    [
      [false, ["示范镇2021年政府信息公开工作年度报告"]],
      [false, [x.rows[1].cells[0]]],
      [true, ["行政复议", "行政诉讼"]],
      [true, ["0", "1", "", "0", "1"]],
      [false, ["五、存在的主要问题及改进情况"]],
    ],
  );
});

test("html: <br>-separated lines, list items and headings are rows; whitespace collapsed", () => {
  const x = extractHtml(
    `<div>一、总体情况<br>（一）主动公开<br/>本局公开文件<span> 9 </span>件。</div><ul><li>措施一</li><li>措施二</li></ul><h2>六、其他</h2>`,
  );
  assert.deepEqual(
    x.rows.map((r) => r.cells[0]),
    ["一、总体情况", "（一）主动公开", "本局公开文件 9 件。", "措施一", "措施二", "六、其他"],
  );
});

test("html: publication date from <meta name=PubDate>, not from a 统计时间 in the report", () => {
  const x = extractHtml(
    `<html><head><meta name="PubDate" content="2022-03-15 10:00"></head><body><p>本报告统计时间：2021年1月1日至2021年12月31日。</p></body></html>`,
  );
  assert.equal(x.published, "2022-03-15");
  const y = extractHtml(`<p>本报告统计时间：2021年1月1日至2021年12月31日。</p>`);
  assert.equal(y.published, null);
  const z = extractHtml(
    `<table><tr><td>索引号</td><td>000-2022-001</td><td>发布日期</td><td>2022年3月9日</td></tr></table><p>正文</p>`,
  );
  assert.equal(z.published, "2022-03-09");
  assert.equal(extractHtml(`<p>发布日期：[2023.02.01]</p>`).published, "2023-02-01");
  const w = extractHtml(`<div>来源：示范局 时间：2022/02/28</div><h1>某年度报告</h1>`);
  assert.equal(w.published, "2022-02-28");
  assert.equal(w.title, "某年度报告");
  assert.deepEqual(w.rows, [{ cells: ["某年度报告"] }]);
});

test("chrome lines: conservative", () => {
  for (const s of [
    "【打印】【关闭】",
    "分享到：",
    "字号：大 中 小",
    "当前位置：首页 > 政务公开",
    "来源：本站 发布时间：2021-01-01 浏览次数：12",
    "相关附件：",
    "Copyright © 2024 示范县",
    "【我要打印】【关闭窗口】",
    "字体：【大 中 小】",
    "【大】【中】【小】",
    "相关链接：示范县人民政府",
  ]) {
    assert.ok(isChromeLine(s), s);
  }
  for (const s of [
    "—",
    "/",
    "0",
    "无。",
    "本局打印宣传册500份。",
    "一是加强分享交流。",
    "附件：2023年年报.pdf",
    "（六）其他处理",
    "统计时间：2022年1月1日至12月31日",
    "大中小学校信息公开",
  ]) {
    assert.ok(!isChromeLine(s), s);
  }
});

test("html: boxes classed as nav/breadcrumb/share/footer are chrome, other classes are not", () => {
  const x = extractHtml(`<div class="nav"><a>机构概况</a><a>政务公开</a></div><div id="breadcrumb">首页 &gt; 年报</div>
    <div class="nav-content article"><p>一、总体情况</p></div><div class="bdsharebuttonbox"><a>腾讯</a></div>
    <div class="footer">示范县人民政府主办</div>`);
  assert.deepEqual(x.rows, [{ cells: ["一、总体情况"] }]);
});

// (parse5 is quadratic in nesting depth: 20,000 unclosed <div> take seconds, so the depth here is modest)
test("html: bad input never throws", () => {
  for (const s of [
    "",
    "<<<>>>",
    "<table><tr><td>1",
    "</p></table></td>",
    "<div>".repeat(3000) + "深层" + "</div>".repeat(5),
  ]) {
    const x = extractHtml(s);
    assert.ok(Array.isArray(x.rows));
  }
});

// ---- the real Shanghai page (read-only corpus, not copied into the project) ----------------------

const root = fileURLToPath(new URL("../../", import.meta.url));
const corpus = process.env.GONGKAI_CORPUS_DIR ?? resolve(root, "../shared/corpus");
const shanghai = resolve(corpus, "real/shanghai-gov-office-2019.html");

test("html: real Shanghai 2019 page — table 3 rows, chrome, date", (t) => {
  if (!existsSync(shanghai)) {
    t.skip(`corpus not found at ${shanghai} (set GONGKAI_CORPUS_DIR)`);
    return;
  }
  const gold = JSON.parse(readFileSync(shanghai.replace(/\.html$/, ".gold.json"), "utf8"));
  const x = extractHtml(readFileSync(shanghai, "utf8"));
  assert.equal(x.published, "2020-01-31");
  assert.ok(!x.rows.some((r) => r.cells.some((c) => /发布日期/.test(c))), "the 发布日期 line is metadata, not a row");

  const row = (s: string) => x.rows.filter((r) => r.table && r.cells[0]?.startsWith(s));
  const fresh = row("一、本年新收");
  assert.equal(fresh.length, 1);
  assert.equal(fresh[0].cells.length, 8, JSON.stringify(fresh[0].cells));
  const cols = ["np", "corp", "research", "ngo", "legal", "other", "total"];
  assert.deepEqual(
    fresh[0].cells.slice(1).map((c) => (c === "" ? 0 : Number(c))),
    cols.map((c) => gold.values[`t3_new_${c}`]),
  );

  // the rowspan=20 label once, on the (一)予以公开 row, whose 总计 is printed blank
  const outcome = row("三、本年度办理结果");
  assert.equal(outcome.length, 1);
  assert.equal(outcome[0].cells[1], "（一）予以公开");
  assert.equal(outcome[0].cells.length, 9);
  assert.equal(outcome[0].cells[8], "");
  assert.equal(row("（七）总计")[0]?.cells.length, 8);
  // table 4: 15 figures on one row, blanks included
  assert.ok(x.rows.some((r) => r.table && r.cells.length === 15 && /^\d+$/.test(r.cells[0])));
});
