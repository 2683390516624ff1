// The CJK PDF writer lives with the synthetic generators (the layout fuzzer uses it too).
export * from "../../src/synthetic/cjk-pdf.js";
