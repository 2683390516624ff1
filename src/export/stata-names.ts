/**
 * Stata names for the export's columns. Stata variable names have at most 32 characters; the codebook's
 * names are the public contract and stay unchanged everywhere else (CSV, Parquet, R, datapackage.json).
 * Only in labels.do does a longer name get a short one, by a fixed rule that depends on the name alone,
 * so the same variable has the same Stata name in every export:
 *
 *   1. A valid name of at most 32 characters is kept.
 *   2. Otherwise words (the parts between underscores) are replaced by their abbreviation from
 *      STATA_ABBREVIATIONS, longest word first (ties: the rightmost), until the name fits.
 *   3. Still too long: the longest word (ties: the rightmost) loses its last letter, again and again,
 *      never below 3 letters.
 *   4. Still too long, or the result is another column's name: the first 27 characters, "_" and 4
 *      base-36 characters of the name's SHA-256.
 *
 * The mapping is listed in codebook.csv (`stata_name`), the data card, datapackage.json's field
 * descriptions and the do-file itself, which keeps the full name as a characteristic and a note.
 */
import { createHash } from "node:crypto";

export const STATA_NAME_MAX = 32;

/** Word abbreviations of rule 2 (documented in the README and the data card). */
export const STATA_ABBREVIATIONS: Readonly<Record<string, string>> = Object.freeze({
  prohibited: "prohib",
  publication: "publ",
  enforcement: "enforce",
  correction: "corr",
  duplicate: "dup",
  research: "rsch",
  services: "svc",
  secret: "secr",
  petition: "petit",
  change: "chg",
});

const RESERVED = new Set([
  "_all",
  "_b",
  "byte",
  "_coef",
  "_cons",
  "double",
  "float",
  "if",
  "in",
  "int",
  "long",
  "_n",
  "_N",
  "_pi",
  "_pred",
  "_rc",
  "_se",
  "_skip",
  "strL",
  "using",
  "with",
]);

/** Why a name cannot be a Stata variable name (null when it can). */
export function stataNameProblem(name: string): string | null {
  if (name.length > STATA_NAME_MAX) return `"${name}" has ${name.length} characters (Stata allows ${STATA_NAME_MAX})`;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return `"${name}" is not a Stata variable name`;
  if (RESERVED.has(name) || /^str\d+$/.test(name)) return `"${name}" is reserved in Stata`;
  return null;
}

/** Index of the longest word that `ok` accepts; ties go to the rightmost. -1 if none. */
function longestWord(words: readonly string[], ok: (w: string, i: number) => boolean): number {
  let best = -1;
  for (let i = 0; i < words.length; i++)
    if (ok(words[i], i) && (best < 0 || words[i].length >= words[best].length)) best = i;
  return best;
}

function hashed(name: string): string {
  const digest = BigInt("0x" + createHash("sha256").update(name).digest("hex").slice(0, 12))
    .toString(36)
    .padStart(4, "0");
  return `${name.slice(0, STATA_NAME_MAX - 5).replace(/_+$/, "")}_${digest.slice(-4)}`;
}

/** Rules 1–3: the short name of one column, from its name alone. */
export function stataShortName(name: string): string {
  if (name.length <= STATA_NAME_MAX) return name;
  const words = name.split("_");
  const length = () => words.join("_").length;
  const abbreviated = new Set<number>();
  while (length() > STATA_NAME_MAX) {
    const i = longestWord(words, (w, j) => !abbreviated.has(j) && w in STATA_ABBREVIATIONS);
    if (i < 0) break;
    words[i] = STATA_ABBREVIATIONS[words[i]];
    abbreviated.add(i);
  }
  while (length() > STATA_NAME_MAX) {
    const i = longestWord(words, (w) => w.length > 3);
    if (i < 0) break;
    words[i] = words[i].slice(0, -1);
  }
  return length() > STATA_NAME_MAX ? hashed(name) : words.join("_");
}

/** Column names Stata cannot take even shortened (invalid or reserved names, collisions). */
export class StataNameError extends Error {
  override name = "StataNameError";
}

/** Rules 1–4 for every column, in column order, without judging the result (see stataNames). */
export function stataNameMap(names: readonly string[]): Map<string, string> {
  const taken = new Set(names.filter((n) => n.length <= STATA_NAME_MAX));
  const out = new Map<string, string>();
  for (const name of names) {
    let short = stataShortName(name);
    if (short !== name && taken.has(short)) short = hashed(name);
    out.set(name, short);
  }
  return out;
}

/**
 * The Stata name of every column (rules 1–4), in column order. Throws StataNameError, naming the
 * columns, when a name is invalid in Stata for another reason than its length, or names collide.
 */
export function stataNames(names: readonly string[]): Map<string, string> {
  const out = stataNameMap(names);
  const problems = [...out].flatMap(([name, short]) => {
    const p = stataNameProblem(short);
    return p ? [short === name ? p : `${p}, shortened from "${name}"`] : [];
  });
  const seen = new Map<string, string>();
  for (const [name, short] of out) {
    const other = seen.get(short);
    if (other !== undefined) problems.push(`"${other}" and "${name}" both become "${short}" in Stata`);
    seen.set(short, name);
  }
  if (problems.length)
    throw new StataNameError(
      `labels.do cannot be written — column names Stata cannot use:\n  ${problems.join("\n  ")}`,
    );
  return out;
}

/** Only the renamed columns: codebook name → Stata name. */
export function stataRenames(names: readonly string[]): [string, string][] {
  return [...stataNameMap(names)].filter(([name, short]) => name !== short);
}
