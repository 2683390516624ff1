/**
 * Figures printed run together (`801000081` for 80,1,0,0,0,0,81). Until the split solver is wired in,
 * such cells are reported undecidable: never guessed.
 */
import type { FormatVersion } from "../../codebook/index.js";
import { diag } from "../diagnostics.js";
import type { Token } from "../tokens.js";
import type { Sheet } from "./sheet.js";
import type { RunRow } from "./table3.js";
import type { T2RunRow } from "./table2.js";
import { T3_COLUMNS, t3Var } from "./layout.js";
import { T4_VARS } from "./table4.js";

export interface RunInput {
  format: FormatVersion;
  sheet: Sheet;
  t2: T2RunRow[];
  t3: RunRow[];
  t4: Token[] | null;
  narrative: string;
}

export function solveRunRows(input: RunInput): void {
  const { sheet } = input;
  const undecided = (vars: string[], tokens: Token[], where: Record<string, unknown>) => {
    const raw = tokens.map((t) => sheet.raw(t)).join(" ");
    for (const v of vars) sheet.set(v, null, { raw, status: "undecidable" });
    sheet.issues.push(diag("SPLIT_UNDECIDABLE", "warning", `run-together figures "${raw}" were not split`, where));
  };
  for (const r of input.t2) undecided(r.vars, r.tokens, { table: 2, variable: r.vars[0] });
  for (const r of input.t3) undecided(T3_COLUMNS.map((c) => t3Var(r.key, c)), r.tokens, { table: 3, row: r.key });
  if (input.t4) undecided(T4_VARS, input.t4, { table: 4 });
}
