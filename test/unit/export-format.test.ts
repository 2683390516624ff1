// The export's pure pieces: exact numbers, CSV quoting, filters and their errors, Stata and R text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VARIABLES } from "../../src/codebook/index.js";
import { parseCsv } from "../../src/codebook/csv.js";
import { csvField, csvLine } from "../../src/export/csv.js";
import { FilterError, filterArgs, parseFilters, parseYears } from "../../src/export/filters.js";
import { exportWhere, filterSql } from "../../src/export/snapshot.js";
import { InlineParams } from "../../src/services/sql.js";
import { reportCondition } from "../../src/services/where.js";
import { rString } from "../../src/export/r.js";
import {
  STATA_LABEL_MAX,
  doFileColumnNames,
  numlist,
  stataDoFile,
  stataLabel,
  stataString,
  StataNameError,
  assertStataNames,
} from "../../src/export/stata.js";
import {
  STATA_ABBREVIATIONS,
  stataNameProblem,
  stataNames,
  stataRenames,
  stataShortName,
} from "../../src/export/stata-names.js";
import { REPORT_FIELDS, table, variableField } from "../../src/export/tables.js";

test("CSV fields are quoted only when needed; null and empty string differ; the reader gets them back", () => {
  assert.equal(csvField(null), "");
  assert.equal(csvField(""), '""');
  assert.equal(csvField("plain 文本"), "plain 文本");
  assert.equal(csvField('say "hi", then\nleave'), '"say ""hi"", then\nleave"');
  const values = ["1", 'a "b", c', "line1\r\nline2", "末尾"];
  assert.deepEqual(parseCsv(csvLine(values) + "\n"), [values]);
});

test("years: single years, ranges and lists; clear errors for the rest", () => {
  assert.deepEqual(parseYears(["2021"]), [2021]);
  assert.deepEqual(parseYears(["2019-2021,2023", "2020"]), [2019, 2020, 2021, 2023]);
  assert.equal(parseYears(undefined), undefined);
  assert.throws(() => parseYears(["21"]), /--years: "21" is not a year or a range/);
  assert.throws(() => parseYears(["2023-2019"]), /runs backwards/);
  assert.throws(() => parseYears(["1850"]), /outside/);
});

test("filters: vocabularies and place names are checked, with suggestions", () => {
  const f = parseFilters({
    province: ["广东省"],
    city: ["广州市,深圳市"],
    level: ["City"],
    kind: ["department"],
    "format-version": ["2021"],
    "without-errors": true,
  });
  assert.deepEqual(f, {
    provinces: ["广东省"],
    cities: ["广州市", "深圳市"],
    levels: ["city"],
    kinds: ["department"],
    formatVersions: ["2021"],
    allRevisions: false,
    includeSynthetic: false,
    withoutErrors: true,
  });
  assert.throws(
    () => parseFilters({ level: ["town"] }),
    (e: Error) =>
      e instanceof FilterError &&
      /--level: "town" is not one of central, province, city, county, township/.test(e.message),
  );
  assert.throws(() => parseFilters({ kind: ["bureau"] }), /--kind: "bureau"/);
  assert.throws(
    () => parseFilters({ "format-version": ["2020"] }),
    /--format-version: "2020" is not one of 2019, 2021/,
  );
  assert.throws(
    () => parseFilters({ province: ["广东"] }),
    /--province: "广东" is not a province name .* did you mean 广东省\?/,
  );
  assert.throws(() => parseFilters({ county: ["不存在县"] }), /--county: "不存在县"/);
});

test("filters: an option without a value, or places that cannot nest, are refused", () => {
  assert.throws(
    () => parseFilters({ province: [""] }),
    (e: Error) => e instanceof FilterError && e.message === "--province: no value given",
  );
  assert.throws(() => parseFilters({ years: [","] }), /--years: no value given/);
  assert.throws(() => parseFilters({ level: [" "] }), /--level: no value given/);
  assert.throws(
    () => parseFilters({ province: ["广东省"], city: ["杭州市"] }),
    (e: Error) =>
      e instanceof FilterError && /--city: 杭州市 is not in --province 广东省 \(杭州市 is in 浙江省\)/.test(e.message),
  );
  assert.throws(
    () => parseFilters({ city: ["广州市"], county: ["海淀区"] }),
    /--county: 海淀区 is not in --city 广州市 \(海淀区 is in 北京市\)/,
  );
  assert.throws(
    () => parseFilters({ province: ["广东省"], county: ["西湖区"] }),
    /--county: 西湖区 is not in --province 广东省 \(西湖区 is in .*浙江省/,
  );
  // nesting places pass; a name two places share passes if one of them fits
  assert.doesNotThrow(() =>
    parseFilters({ province: ["广东省", "浙江省"], city: ["广州市,杭州市"], county: ["天河区"] }),
  );
  assert.doesNotThrow(() => parseFilters({ province: ["吉林省"], county: ["朝阳区"] }));
  assert.doesNotThrow(() => parseFilters({ province: ["北京市"], county: ["朝阳区"] }));
});

test("filters print back as the options that select them", () => {
  const f = parseFilters({ years: ["2023,2019-2021"], province: ["广东省"], "all-revisions": true });
  assert.deepEqual(filterArgs(f), ["--years", "2019-2021,2023", "--province", "广东省", "--all-revisions"]);
  assert.deepEqual(filterArgs(parseFilters({})), []);
});

test("Stata names: valid names are checked", () => {
  assert.equal(stataNameProblem("ok_name"), null);
  assert.equal(stataNameProblem("x".repeat(32)), null);
  assert.match(stataNameProblem("y".repeat(33))!, /33 characters/);
  assert.match(stataNameProblem("1abc")!, /not a Stata variable name/);
  assert.match(stataNameProblem("long")!, /reserved/);
  assert.throws(
    () => stataNames(["ok", "1abc"]),
    (e: Error) => e instanceof StataNameError && /"1abc" is not a Stata variable name/.test(e.message),
  );
  assert.throws(() => assertStataNames(["report_id", "v3"]), /v<number>: v3/);
});

test("Stata names: a name longer than 32 characters gets a short one by the fixed rule, from the name alone", () => {
  // rule 2: the longest word with an abbreviation first
  assert.equal(stataShortName("t3_denied_law_prohibited_research"), "t3_denied_law_prohib_research");
  assert.equal(
    stataShortName("t3_rejected_publication_research_extra"),
    "t3_rejected_publ_research_extra",
    "only as many words as needed",
  );
  // both abbreviations still leave 33 characters: rule 3 then cuts the longest remaining word
  assert.equal(stataShortName("t3_rejected_publication_research_extra_words"), "t3_rejecte_publ_rsch_extra_words");
  // rule 3: no abbreviation left — the longest word (rightmost on ties) loses letters, not below 3
  assert.equal(stataShortName("aaaaaaaaaa_bbbbbbbbbb_cccccccccc_dd"), "aaaaaaaaa_bbbbbbbbb_ccccccccc_dd");
  // rule 4: what cannot be cut enough ends in 4 characters of the name's hash
  const many = Array.from({ length: 12 }, (_, i) => `w${i}`).join("_");
  assert.match(stataShortName(many), /^w0_w1_w2_w3_w4_w5_w6_w7_w8_[0-9a-z]{4}$/);
  // a short name that is another column's name gets the hashed form instead
  const clash = stataNames(["t3_denied_law_prohib_research", "t3_denied_law_prohibited_research"]);
  assert.equal(clash.get("t3_denied_law_prohib_research"), "t3_denied_law_prohib_research");
  assert.match(clash.get("t3_denied_law_prohibited_research")!, /^t3_denied_law_prohibited_re_[0-9a-z]{4}$/);
  assert.equal(
    stataNames(["x", "t3_denied_law_prohibited_research"]).get("t3_denied_law_prohibited_research"),
    "t3_denied_law_prohib_research",
    "stable",
  );
  for (const [word, abbreviation] of Object.entries(STATA_ABBREVIATIONS))
    assert.ok(abbreviation.length < word.length, word);
});

test("Stata names of the real columns: all valid, at most 32 characters, unique; only the overlong ones change", () => {
  const columns = table("reports").fields;
  const names = stataNames(columns.map((f) => f.name));
  const shorts = [...names.values()];
  assert.equal(new Set(shorts).size, shorts.length, "unique");
  for (const s of shorts) assert.equal(stataNameProblem(s), null, s);
  for (const f of columns) {
    if (f.name.length <= 32) assert.equal(names.get(f.name), f.name);
    else assert.equal(f.stataName, names.get(f.name), "the field carries its Stata name");
  }
  assert.deepEqual(
    stataRenames(columns.map((f) => f.name)),
    columns.filter((f) => f.name.length > 32).map((f) => [f.name, names.get(f.name)]),
  );
  assert.deepEqual(stataRenames(columns.map((f) => f.name)), [
    ["t3_denied_law_prohibited_research", "t3_denied_law_prohib_research"],
  ]);
});

test("Stata: labels fit 80 characters, keeping the applicant column of table 3 readable", () => {
  for (const v of VARIABLES) {
    for (const label of [v.labelEn, v.labelZh]) {
      const s = stataLabel(label);
      assert.ok([...s].length <= STATA_LABEL_MAX, s);
      if (label.length <= STATA_LABEL_MAX) assert.equal(s, label);
      if (label !== s && label.includes(" / ")) assert.ok(s.endsWith(label.slice(label.lastIndexOf(" / "))), s);
    }
  }
  const long =
    "not processed: asks to confirm or reissue information already obtained / other legal persons or organisations";
  assert.equal(stataLabel(long), "not processed: asks to confirm or reissu… / other legal persons or organisations");
  assert.equal([...stataLabel(long)].length, STATA_LABEL_MAX);
});

test("Stata: strings escape macro characters; numlists compress ranges", () => {
  assert.equal(stataString('a "b" $x `y\''), '`"a "b" \\$x \\`y\'"\'');
  assert.throws(() => stataString("two\nlines"));
  assert.equal(numlist([1, 2, 3, 5, 7, 8]), "1/3 5 7/8");
});

test("Stata do-file: imports, names every column by position (≤ 32 characters), labels it in en and zh", () => {
  const reports = table("reports");
  const doFile = stataDoFile(reports);
  const lines = doFile.split("\n");
  assert.match(doFile, /import delimited using "reports.csv", encoding\("utf-8"\) varnames\(1\) /);
  assert.match(doFile, /bindquotes\(strict\)/);
  assert.ok(lines.includes(`assert c(k) == ${reports.fields.length}`));
  // the renames: every column by position, to names Stata accepts, each once
  const stataNamesUsed = doFileColumnNames(doFile);
  assert.equal(stataNamesUsed.length, reports.fields.length);
  const loop = lines.indexOf("foreach gk_new in ///");
  for (let i = loop; lines[i] !== "    {"; i++) assert.ok(lines[i].endsWith(" ///"), `continued: ${lines[i]}`);
  assert.deepEqual(lines.slice(lines.indexOf("    {", loop) + 1, lines.indexOf("    {", loop) + 5), [
    "    local ++gk_i",
    "    local gk_old : word `gk_i' of `gk_vars'",
    "    if \"`gk_old'\" != \"`gk_new'\" rename `gk_old' `gk_new'",
    "}",
  ]);
  assert.equal(new Set(stataNamesUsed).size, stataNamesUsed.length, "unique");
  for (const n of stataNamesUsed) assert.equal(stataNameProblem(n), null, n);
  const expected = stataNames(reports.fields.map((f) => f.name));
  assert.deepEqual(stataNamesUsed, [...expected.values()]);
  // every command names variables by their Stata names only
  const commandNames = lines.flatMap((l) => {
    const m =
      /^(?:label variable|char|notes|generate long _gk_date = date\(|order _gk_date, after\(|drop|rename _gk_date) ?([A-Za-z_][A-Za-z0-9_]*)/.exec(
        l,
      );
    return m ? [m[1]] : [];
  });
  for (const n of commandNames) assert.ok(n.length <= 32 && stataNamesUsed.includes(n), `${n} in the do-file`);
  for (const f of reports.fields) {
    const n = expected.get(f.name)!;
    assert.ok(lines.includes(`label variable ${n} ${stataString(stataLabel(f.labelEn))}`), f.name);
    assert.ok(lines.includes(`label variable ${n} ${stataString(stataLabel(f.labelZh))}`), f.name);
    assert.ok(doFile.includes(`char ${n}[label_zh]`), f.name);
    if (f.variable) assert.ok(lines.includes(`char ${n}[codebook_name] ${stataString(f.name)}`), f.name);
  }
  // the overlong name: mapping listed in the header, kept as a note
  assert.ok(lines.includes("*   t3_denied_law_prohib_research  <-  t3_denied_law_prohibited_research"));
  assert.ok(
    lines.some((l) =>
      l.startsWith("notes t3_denied_law_prohib_research: codebook name t3_denied_law_prohibited_research "),
    ),
  );
  const strings = reports.fields.flatMap((f, i) => (f.type === "string" || f.type === "date" ? [i + 1] : []));
  assert.ok(doFile.includes(`stringcols(${numlist(strings)})`));
  const numbers = reports.fields.flatMap((f, i) => (f.type !== "string" && f.type !== "date" ? [i + 1] : []));
  assert.ok(doFile.includes(`numericcols(${numlist(numbers)})`));
  assert.match(doFile, /label language zh, new/);
  assert.match(doFile, /date\(published, "YMD"\)/);
  // Stata syntax the file relies on: continuation lines end in ///, every compound string is closed
  for (const [i, l] of lines.entries()) {
    if (l.endsWith("///")) assert.ok(lines[i + 1].startsWith("    "), `continued line ${i + 1}`);
    if (l.startsWith("*")) continue;
    assert.equal(
      (l.match(/`"/g) ?? []).length,
      (l.match(/"'/g) ?? []).length,
      `compound quotes on line ${i + 1}: ${l}`,
    );
    assert.ok(!/[\r]/.test(l));
  }
});

test("R strings are ASCII with \\u escapes", () => {
  assert.equal(rString('件 "x"\\'), '"\\u4ef6 \\"x\\"\\\\"');
  assert.equal(rString("𠀀"), '"\\U{20000}"');
});

test("report columns: leading fields are not codebook names; variable types follow the unit", () => {
  const names = new Set(VARIABLES.map((v) => v.name));
  for (const f of REPORT_FIELDS) assert.ok(!names.has(f.name), f.name);
  assert.equal(variableField(VARIABLES.find((v) => v.name === "t2_fees_amount")!).type, "decimal");
  assert.equal(variableField(VARIABLES.find((v) => v.name === "t3_new_np")!).type, "integer");
});

test("export filters compile through the API's where: the same conditions, values as escaped literals", () => {
  const sql = filterSql({ years: [2021, 2022], provinces: ["广东省", "浙江省"], withoutErrors: true });
  assert.equal(
    sql,
    reportCondition(
      exportWhere({ years: [2021, 2022], provinces: ["广东省", "浙江省"], withoutErrors: true }),
      new InlineParams(),
    ),
  );
  assert.doesNotMatch(sql, /\$\d/, "no placeholders: one text for every chunk");
  assert.match(sql, /a\.province = ANY\(ARRAY\['广东省', '浙江省'\]\)/);
  assert.equal(
    reportCondition({ agency: { _eq: "x' OR 1=1 --" } }, new InlineParams()),
    "(r.is_current AND a.canonical_name = 'x'' OR 1=1 --')",
    "quotes escaped",
  );
  assert.match(sql, /^\(r\.is_current AND /, "current revisions unless --all-revisions");
  assert.match(filterSql({ allRevisions: true, includeSynthetic: true }), /^r\.is_current IS NOT NULL$/);
});
