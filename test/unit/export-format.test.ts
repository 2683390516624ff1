// The export's pure pieces: exact numbers, CSV quoting, filters and their errors, Stata and R text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VARIABLES } from "../../src/codebook/index.js";
import { parseCsv } from "../../src/codebook/csv.js";
import { csvField, csvLine } from "../../src/export/csv.js";
import { FilterError, filterArgs, parseFilters, parseYears } from "../../src/export/filters.js";
import { rString } from "../../src/export/r.js";
import { STATA_LABEL_MAX, numlist, stataDoFile, stataLabel, stataNameProblems, stataString, StataNameError, assertStataNames } from "../../src/export/stata.js";
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
  const f = parseFilters({ province: ["广东省"], city: ["广州市,深圳市"], level: ["City"], kind: ["department"], "format-version": ["2021"], "without-errors": true });
  assert.deepEqual(f, { provinces: ["广东省"], cities: ["广州市", "深圳市"], levels: ["city"], kinds: ["department"], formatVersions: ["2021"], allRevisions: false, includeSynthetic: false, withoutErrors: true });
  assert.throws(() => parseFilters({ level: ["town"] }), (e: Error) => e instanceof FilterError && /--level: "town" is not one of central, province, city, county, township/.test(e.message));
  assert.throws(() => parseFilters({ kind: ["bureau"] }), /--kind: "bureau"/);
  assert.throws(() => parseFilters({ "format-version": ["2020"] }), /--format-version: "2020" is not one of 2019, 2021/);
  assert.throws(() => parseFilters({ province: ["广东"] }), /--province: "广东" is not a province name .* did you mean 广东省\?/);
  assert.throws(() => parseFilters({ county: ["不存在县"] }), /--county: "不存在县"/);
});

test("filters print back as the options that select them", () => {
  const f = parseFilters({ years: ["2023,2019-2021"], province: ["广东省"], "all-revisions": true });
  assert.deepEqual(filterArgs(f), ["--years", "2019-2021,2023", "--province", "广东省", "--all-revisions"]);
  assert.deepEqual(filterArgs(parseFilters({})), []);
});

test("Stata: names of at most 32 characters are checked, and the codebook is held to it", () => {
  assert.deepEqual(stataNameProblems(["ok_name", "x".repeat(32)]), []);
  assert.match(stataNameProblems(["y".repeat(33)])[0], /33 characters/);
  assert.match(stataNameProblems(["1abc"])[0], /not a Stata variable name/);
  assert.match(stataNameProblems(["long"])[0], /reserved/);
  const tooLong = table("reports").fields.filter((f) => f.name.length > 32).map((f) => f.name);
  if (tooLong.length) {
    // the codebook (public contract) currently has such names: the do-file must refuse, naming them
    assert.throws(() => stataDoFile(table("reports")), (e: Error) => e instanceof StataNameError && tooLong.every((n) => e.message.includes(n)));
  } else {
    assert.doesNotThrow(() => assertStataNames(table("reports").fields.map((f) => f.name)));
  }
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
  const long = "not processed: asks to confirm or reissue information already obtained / other legal persons or organisations";
  assert.equal(stataLabel(long), "not processed: asks to confirm or reissu… / other legal persons or organisations");
  assert.equal([...stataLabel(long)].length, STATA_LABEL_MAX);
});

test("Stata: strings escape macro characters; numlists compress ranges", () => {
  assert.equal(stataString('a "b" $x `y\''), "`\"a \"b\" \\$x \\`y'\"'");
  assert.throws(() => stataString("two\nlines"));
  assert.equal(numlist([1, 2, 3, 5, 7, 8]), "1/3 5 7/8");
});

test("Stata do-file: imports with fixed column types and labels every column in en and zh", () => {
  // the real codebook may hold names Stata refuses (see above): check the generator on the fitting ones
  const reports = table("reports");
  const fields = reports.fields.filter((f) => f.name.length <= 32);
  const doFile = stataDoFile({ ...reports, fields });
  assert.match(doFile, /import delimited using "reports.csv", encoding\("utf-8"\)/);
  assert.match(doFile, /bindquotes\(strict\)/);
  for (const f of fields) {
    assert.ok(doFile.includes(`label variable ${f.name} \`"`), f.name);
    assert.ok(doFile.includes(`char ${f.name}[label_zh]`), f.name);
  }
  const strings = fields.flatMap((f, i) => (f.type === "string" || f.type === "date" ? [i + 1] : []));
  assert.ok(doFile.includes(`stringcols(${numlist(strings)})`));
  assert.match(doFile, /label language zh, new/);
  assert.match(doFile, /date\(published, "YMD"\)/);
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

