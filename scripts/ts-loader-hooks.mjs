// Module hooks for scripts/ts-loader.mjs (run on the loader thread).
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { transform } from "@swc/core";

const SWC = {
  jsc: {
    parser: { syntax: "typescript", decorators: true },
    target: "es2022",
    keepClassNames: true,
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
  },
  module: { type: "es6" },
  sourceMaps: "inline",
};

export async function resolve(specifier, context, next) {
  if (/^(\.{1,2}\/|\/|file:)/.test(specifier) && specifier.endsWith(".js") && context.parentURL?.startsWith("file:")) {
    const ts = new URL(specifier.replace(/\.js$/, ".ts"), context.parentURL);
    if (!existsSync(new URL(specifier, context.parentURL)) && existsSync(ts)) return next(ts.href, context);
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.startsWith("file:") || !url.endsWith(".ts") || url.endsWith(".d.ts")) return next(url, context);
  const filename = fileURLToPath(url);
  const source = await readFile(filename, "utf8");
  const { code } = await transform(source, { ...SWC, filename });
  return { format: "module", source: code, shortCircuit: true };
}
