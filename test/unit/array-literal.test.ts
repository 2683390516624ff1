/** The figure columns' array literals are what the pg driver itself would send for the same arrays. */
import { test } from "node:test";
import assert from "node:assert/strict";
// @ts-expect-error -- pg ships no types for its utils module; prepareValue(value) is what it sends for a parameter
import pgUtils from "pg/lib/utils.js";
import { arrayLiteral } from "../../src/ingest/array-literal.js";

test("array literals match pg's own conversion byte for byte: quotes, backslashes, braces, commas, NULL, numbers", () => {
  const cases: (string | number | null)[][] = [
    [],
    [null],
    [""],
    ["NULL"],
    ["null"],
    ["a b", " lead", "trail "],
    ["{x}", "a,b", 'q"uote', "back\\slash", '\\"', "中文，全角"],
    [0, -1, 12.5, 1e-7, 123456789012, 0.1 + 0.2],
    ["t3_new_total", null, "12", "—", "\n\t"],
  ];
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const alphabet = ["a", "\\", '"', ",", "{", "}", " ", "政", "\n", "N", "U", "L", "0", "."];
  for (let k = 0; k < 300; k++) {
    cases.push(
      Array.from({ length: Math.floor(rnd() * 6) }, () =>
        rnd() < 0.15
          ? null
          : rnd() < 0.3
            ? Math.round(rnd() * 1e6) / 100
            : Array.from({ length: Math.floor(rnd() * 8) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join(
                "",
              ),
      ),
    );
  }
  for (const c of cases) assert.equal(arrayLiteral(c), pgUtils.prepareValue(c), JSON.stringify(c));
});
