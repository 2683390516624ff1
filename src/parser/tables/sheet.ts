/** Where the table readers put what they read: value + cell detail per variable, and diagnostics. */
import type { Cell } from "../types.js";
import type { Diagnostic } from "../diagnostics.js";
import type { Token } from "../tokens.js";

export class Sheet {
  values: Record<string, number | null> = {};
  cells: Record<string, Cell> = {};
  issues: Diagnostic[] = [];
  /** where in the document text each figure read from a token starts (OCR traces its digits from there) */
  at: Record<string, number> = {};

  constructor(private readonly original: string) {}

  /** The text as printed in the original document for a token. */
  raw(t: Token): string {
    return this.original.slice(t.start, t.end);
  }

  set(variable: string, value: number | null, cell: Cell): void {
    this.values[variable] = value;
    this.cells[variable] = cell;
    delete this.at[variable];
  }

  has(variable: string): boolean {
    return variable in this.values;
  }

  /** A token read as the figure of one variable: number (money converted to 万元 when `money`), or blank = 0. */
  setFromToken(variable: string, t: Token, money = false): void {
    if (t.type === "blank") {
      this.set(variable, 0, { raw: this.raw(t), status: "blank" });
      this.at[variable] = t.start;
      return;
    }
    const f = t.figure!;
    if (f.kind !== "number") {
      this.set(variable, null, { raw: this.raw(t), status: "missing" });
      return;
    }
    let v = f.value;
    if (money && f.unit === "元") v = Math.round((v / 10000) * 1e9) / 1e9;
    this.set(variable, v, { raw: this.raw(t), status: "ok" });
    this.at[variable] = t.start;
  }

  missing(variable: string): void {
    if (!this.has(variable)) this.set(variable, null, { raw: null, status: "missing" });
  }
}
