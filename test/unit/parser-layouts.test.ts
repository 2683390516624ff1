// Every text layout of the seeds, both format versions, on invented figures rendered in those layouts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseText } from "../../src/parser/index.js";
import { variablesFor } from "../../src/codebook/index.js";
import { syntheticValues } from "../../src/synthetic/values.js";
import { renderReport, type RenderOptions } from "../../src/synthetic/render.js";

function check(opts: Partial<RenderOptions> & Pick<RenderOptions, "format" | "layout">, seed = 11) {
  const v = syntheticValues(seed, opts.format);
  const year = opts.format === "2019" ? 2020 : 2023;
  const text = renderReport(v, { year, agency: "广州市测试数据管理局", published: "2024-01-30", ...opts });
  const r = parseText(text);
  for (const x of variablesFor(opts.format)) assert.equal(r.values[x.name], v[x.name], `${x.name}`);
  assert.equal(r.meta.format, opts.format);
  assert.equal(r.meta.year, year);
  assert.deepEqual(
    r.issues.filter((i) => i.severity === "error"),
    [],
  );
  return r;
}

for (const format of ["2019", "2021"] as const) {
  for (const layout of ["lines", "pipe"] as const) {
    test(`${format} format, ${layout} layout: every figure, metadata and section`, () => {
      const r = check({ format, layout });
      assert.equal(r.meta.agency, "广州市测试数据管理局");
      assert.equal(r.meta.province, "广东省");
      assert.equal(r.meta.city, "广州市");
      assert.equal(r.meta.level, "city");
      assert.equal(r.meta.kind, "department");
      assert.equal(r.meta.published, "2024-01-30");
      assert.match(r.sections.summary!, /^\d{4}年,本机关认真落实/);
      assert.match(r.sections.problems_improvements!, /^政策解读的形式仍较单一.*提质增效。$/s);
      assert.equal(r.sections.other, "本年度未收取信息处理费。", "the closing signature is not narrative");
      assert.match(r.sections.problems!, /有待加强。$/);
      assert.match(r.sections.improvements!, /^下一步/);
    });
    test(`${format} format, ${layout} layout: wrapped header labels, missing 自然人 cell, / for zero, amounts in 元`, () => {
      const r = check({ format, layout, splitHeaders: true, sparseHeaders: true, zeroAs: "/", yuan: true }, 23);
      const blank = Object.values(r.cells).find((c) => c.status === "blank");
      assert.equal(blank?.raw, "/", "blank cells keep their printed mark");
    });
  }
}

test("table 2 2019: signed changes (+6) and 元 amounts converted to 万元, raw text kept", () => {
  const r = check({ format: "2019", layout: "lines", yuan: true }, 5);
  const v = syntheticValues(5, "2019");
  assert.equal(r.cells.t2_procurement_amount.raw, `${(v.t2_procurement_amount * 10000).toFixed(2)}元`);
  const signed = Object.entries(r.cells).find(([k, c]) => k.endsWith("_change") && c.raw?.startsWith("+"));
  assert.ok(signed, "a + sign is printed somewhere");
  assert.equal(r.values[signed![0]], Number(signed![1].raw!.slice(1)));
});

test("traditional script: figures and metadata normalised, sections keep the original script", () => {
  const r = check({ format: "2019", layout: "lines", traditional: true });
  assert.equal(r.meta.script, "traditional");
  assert.equal(r.meta.agency, "广州市测试数据管理局");
  assert.equal(r.meta.agencyRaw, "廣州市測試數據管理局");
  assert.match(r.sections.summary!, /認真落實/);
});

test("no title: the agency comes from the introduction and its place from the text", () => {
  const r = check({ format: "2021", layout: "pipe", noTitle: true, agency: "沾益区政务服务管理局" });
  assert.equal(r.meta.agency, "沾益区政务服务管理局");
  assert.deepEqual(
    [r.meta.province, r.meta.city, r.meta.county, r.meta.level],
    ["云南省", "曲靖市", "沾益区", "county"],
  );
  assert.equal(r.meta.published, "2024-01-30");
});

test("spam after the report is not part of any section", () => {
  const r = check({
    format: "2021",
    layout: "lines",
    trailer: "相关附件\n扫一扫在手机打开当前页\n某某精品在线观看| 免费高清在线|",
  });
  assert.equal(r.sections.other, "本年度未收取信息处理费。");
});

test("a township government named by its bare place gets its full name", () => {
  const r = check({ format: "2019", layout: "lines", agency: "广州市花都区狮岭镇" });
  assert.equal(r.meta.agency, "广州市花都区狮岭镇人民政府");
  assert.deepEqual([r.meta.county, r.meta.level, r.meta.kind], ["花都区", "township", "government"]);
});

test("glued crawler text (cells run together): every figure right or undecidable, never wrong", () => {
  for (const format of ["2019", "2021"] as const) {
    for (const seed of [41, 42, 43]) {
      const v = syntheticValues(seed, format);
      const r = parseText(
        renderReport(v, { format, year: format === "2019" ? 2020 : 2023, agency: "广州市测试局", layout: "glued" }),
      );
      let decided = 0;
      for (const x of variablesFor(format)) {
        const got = r.values[x.name];
        if (got === null)
          assert.equal(r.cells[x.name].status, "undecidable", `${x.name} is null but ${r.cells[x.name].status}`);
        else {
          assert.equal(got, v[x.name], `${format}/${seed} ${x.name}`);
          decided++;
        }
      }
      assert.ok(decided > variablesFor(format, 3).length, "the consistency rules decide most of table 3");
      for (const t3 of variablesFor(format, 3))
        if (r.cells[t3.name].status === "undecidable") assert.ok(r.issues.some((i) => i.code === "SPLIT_UNDECIDABLE"));
    }
  }
});

test("glued text with zeros printed as blank marks (`/`, `—`): never a wrong figure, and / rows are read", () => {
  for (const zeroAs of ["/", "—"]) {
    for (const format of ["2019", "2021"] as const) {
      for (const seed of [51, 52, 53, 54]) {
        const v = syntheticValues(seed, format);
        const r = parseText(
          renderReport(v, {
            format,
            year: format === "2019" ? 2020 : 2023,
            agency: "广州市测试局",
            layout: "glued",
            zeroAs,
          }),
        );
        let t3decided = 0;
        for (const x of variablesFor(format)) {
          const got = r.values[x.name];
          if (got === null)
            assert.equal(
              r.cells[x.name].status,
              "undecidable",
              `${zeroAs} ${format}/${seed} ${x.name} is null but ${r.cells[x.name].status}`,
            );
          else assert.equal(got, v[x.name], `${zeroAs} ${format}/${seed} ${x.name}`);
          if (x.name.startsWith("t3_") && got !== null) t3decided++;
        }
        // with / the marks fix the cells around them: most of table 3 is decided
        if (zeroAs === "/")
          assert.ok(
            t3decided > variablesFor(format, 3).length / 2,
            `${format}/${seed}: ${t3decided} table-3 cells decided`,
          );
      }
    }
  }
});

test("headings with a lead-in, and narrative sub-headings that reuse table words, are told apart", () => {
  const v = syntheticValues(12, "2021");
  const text = renderReport(v, { format: "2021", year: 2023, agency: "广州市测试局", layout: "lines" })
    .replace("五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况")
    .replace("(二)平台建设。", "(二)主动公开政府信息情况。全年主动公开信息120条。\n\n(三)平台建设。");
  const r = parseText(text);
  assert.match(r.sections.summary!, /全年主动公开信息120条。.*平台建设/s, "the sub-heading stays in the summary");
  assert.match(r.sections.problems_improvements!, /^政策解读的形式仍较单一/);
  for (const x of variablesFor("2021")) assert.equal(r.values[x.name], v[x.name], x.name);
});

test("table 2, one cell per line: a row missing a figure stops at the next row's wrapped label (行政规范性 / 文件)", () => {
  const v = syntheticValues(11, "2021");
  const text = renderReport(v, { year: 2023, agency: "广州市测试数据管理局", format: "2021", layout: "lines" });
  // a figure of 规章 lost (as OCR can lose a lone mark) and the next label wrapped in its cell
  const cut = text
    .replace(/规章\n\n(\d+)\n\n(\d+)\n\n(\d+)\n/, "规章\n\n$1\n\n$2\n")
    .replace("行政规范性文件\n", "行政规范性\n\n文件\n");
  assert.notEqual(cut, text);
  const r = parseText(cut);
  // the next row's figures are not taken: 规章's two figures cannot be placed, so none is ok
  for (const k of ["t2_rules_issued", "t2_rules_repealed", "t2_rules_in_force"])
    assert.notEqual(r.cells[k]?.status, "ok", `${k}: ${JSON.stringify(r.cells[k])}`);
  for (const k of ["t2_normative_issued", "t2_normative_repealed", "t2_normative_in_force"])
    assert.equal(r.values[k], v[k], k);
});
