/**
 * A focused check of a Frictionless Tabular Data Package (v1) against the rules the export relies on
 * (no validator package is installed): descriptor shape, names, field types, keys, file size and hash,
 * CSV headers equal to the schema, cell values of the declared types, primary-key uniqueness and
 * foreign-key integrity. Returns the problems found (empty = valid).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseCsv } from "../../../src/codebook/csv.js";

const NAME = /^[-a-z0-9._/]+$/;
const TYPES = new Set([
  "string",
  "number",
  "integer",
  "boolean",
  "object",
  "array",
  "date",
  "time",
  "datetime",
  "year",
  "yearmonth",
  "duration",
  "geopoint",
  "geojson",
  "any",
]);

interface Field {
  name: string;
  type: string;
  trueValues?: string[];
  falseValues?: string[];
  constraints?: { required?: boolean };
}
interface Schema {
  fields: Field[];
  primaryKey?: string[] | string;
  foreignKeys?: { fields: string[] | string; reference: { resource: string; fields: string[] | string } }[];
  missingValues?: string[];
}
interface Resource {
  name: string;
  path: string;
  profile?: string;
  format?: string;
  bytes?: number;
  hash?: string;
  schema?: Schema;
  encoding?: string;
}

const list = (x: string[] | string | undefined) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

export function validateDatapackage(dir: string): string[] {
  const problems: string[] = [];
  const pkg = JSON.parse(readFileSync(join(dir, "datapackage.json"), "utf8")) as {
    profile?: string;
    name?: string;
    resources?: Resource[];
  };
  if (pkg.profile !== "tabular-data-package") problems.push(`profile is ${pkg.profile}`);
  if (!pkg.name || !NAME.test(pkg.name)) problems.push(`package name ${pkg.name}`);
  if (!Array.isArray(pkg.resources) || !pkg.resources.length) return [...problems, "no resources"];
  const names = pkg.resources.map((r) => r.name);
  if (new Set(names).size !== names.length) problems.push("resource names are not unique");
  const tables = new Map<string, { resource: Resource; header: string[]; rows: string[][] }>();

  for (const r of pkg.resources) {
    const where = `resource ${r.name}`;
    if (!NAME.test(r.name)) problems.push(`${where}: bad name`);
    const path = join(dir, r.path);
    if (!existsSync(path)) {
      problems.push(`${where}: ${r.path} does not exist`);
      continue;
    }
    if (r.bytes !== statSync(path).size) problems.push(`${where}: bytes ${r.bytes} ≠ ${statSync(path).size}`);
    const digest = createHash("sha256").update(readFileSync(path)).digest("hex");
    if (r.hash !== `sha256:${digest}`) problems.push(`${where}: hash differs from the file`);
    const schema = r.schema;
    if (!schema || !Array.isArray(schema.fields) || !schema.fields.length) {
      problems.push(`${where}: no schema fields`);
      continue;
    }
    const fieldNames = schema.fields.map((f) => f.name);
    if (new Set(fieldNames).size !== fieldNames.length) problems.push(`${where}: field names not unique`);
    for (const f of schema.fields) {
      if (typeof f.name !== "string" || !f.name) problems.push(`${where}: a field without a name`);
      if (!TYPES.has(f.type)) problems.push(`${where}: field ${f.name} has type ${f.type}`);
    }
    for (const k of list(schema.primaryKey))
      if (!fieldNames.includes(k)) problems.push(`${where}: primary key ${k} is not a field`);
    if (r.profile === "tabular-data-resource") {
      if (r.format !== "csv") problems.push(`${where}: tabular resource in ${r.format}`);
      const text = readFileSync(path, "utf8");
      if (text.charCodeAt(0) === 0xfeff) problems.push(`${where}: BOM in a utf-8 resource`);
      const [header, ...rows] = parseCsv(text);
      if (header.join() !== fieldNames.join()) problems.push(`${where}: CSV header ≠ schema fields`);
      tables.set(r.name, { resource: r, header, rows });
    }
  }

  for (const { resource: r, header, rows } of tables.values()) {
    const schema = r.schema!;
    const missing = new Set(schema.missingValues ?? [""]);
    schema.fields.forEach((f, i) => {
      for (const row of rows) {
        const v = row[i] ?? "";
        if (missing.has(v)) {
          if (f.constraints?.required) problems.push(`${r.name}.${f.name}: required value missing`);
          continue;
        }
        if (!typeOk(f, v)) {
          problems.push(`${r.name}.${f.name}: "${v}" is not a ${f.type}`);
          break;
        }
      }
    });
    const pk = list(schema.primaryKey).map((k) => header.indexOf(k));
    const seen = new Set<string>();
    for (const row of rows) {
      const key = pk.map((i) => row[i]).join("\u0000");
      if (seen.has(key)) {
        problems.push(`${r.name}: duplicate primary key ${key}`);
        break;
      }
      seen.add(key);
    }
    for (const fk of schema.foreignKeys ?? []) {
      const target = tables.get(fk.reference.resource);
      if (!target) {
        problems.push(`${r.name}: foreign key to unknown resource ${fk.reference.resource}`);
        continue;
      }
      const refFields = list(fk.reference.fields);
      for (const k of refFields)
        if (!target.header.includes(k)) problems.push(`${r.name}: foreign key to unknown field ${k}`);
      for (const k of list(fk.fields))
        if (!header.includes(k)) problems.push(`${r.name}: foreign key field ${k} missing`);
      const targetKeys = new Set(
        target.rows.map((row) => refFields.map((k) => row[target.header.indexOf(k)]).join("\u0000")),
      );
      const idx = list(fk.fields).map((k) => header.indexOf(k));
      const dangling = rows.find((row) => !targetKeys.has(idx.map((i) => row[i]).join("\u0000")));
      if (dangling)
        problems.push(
          `${r.name}: ${list(fk.fields).join(",")} = ${idx.map((i) => dangling[i])} has no ${fk.reference.resource} row`,
        );
    }
  }
  return problems;
}

function typeOk(f: Field, v: string): boolean {
  switch (f.type) {
    case "integer":
      return /^[+-]?\d+$/.test(v);
    case "number":
      return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v);
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v));
    case "boolean":
      return (
        (f.trueValues ?? ["true", "True", "TRUE", "1"]).includes(v) ||
        (f.falseValues ?? ["false", "False", "FALSE", "0"]).includes(v)
      );
    default:
      return true;
  }
}
