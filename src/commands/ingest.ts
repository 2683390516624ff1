/**
 * `gongkai ingest [options] <file or folder>…` — see USAGE and the README's "Ingest" section.
 */
import { resolve } from "node:path";
import type { Config } from "../config.js";
import { ErrorLog } from "../ingest/error-log.js";
import { ingest, type IngestSummary } from "../ingest/pipeline.js";
import { BATCH_OPTIONS, batchSettings, EXIT, parseCommandArgs, UsageError } from "./args.js";
import { withDatabase } from "./batch.js";

export const USAGE = `usage: gongkai ingest [options] <file or folder>…
  Reads report files (.txt .md .html .htm .pdf .docx; folders recursively) into the database.
  --synthetic       the files are invented reports (generate-corpus output); required for marked folders
  --errors FILE     the JSONL error report (default <GONGKAI_DATA_DIR>/ingest-errors/<time>.jsonl)
  --workers N       parse threads (default: one per core)
  --writers N       report transactions in flight (default 4)
  --timeout SEC     parse time limit per file (default 120)
  --progress MODE   auto (bar on a terminal, lines otherwise) | bar | lines | none
  --json            print the summary as one JSON object
exit status: 0 all files ingested or unchanged; 1 some files failed (listed, and in the error report),
             or nothing was stored;
             2 usage error; 3 could not run (configuration, database)`;

const OPTIONS = { ...BATCH_OPTIONS, synthetic: { type: "boolean" } } as const;

export async function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed, settings;
  try {
    parsed = parseCommandArgs(args, OPTIONS, true);
    if (parsed.values.help) {
      console.log(USAGE);
      return EXIT.OK;
    }
    if (!parsed.positionals.length) throw new UsageError("no files or folders given");
    settings = batchSettings(parsed.values);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`ingest: ${e.message}\n${USAGE}`);
    return EXIT.USAGE;
  }
  const { values, positionals } = parsed;
  const refuse = (config: Config) =>
    values.synthetic && !config.demo
      ? "--synthetic is refused: this instance serves real reports only (GONGKAI_DEMO=false)"
      : undefined;
  return withDatabase({ command: "ingest", env, writers: settings.writers, refuse }, async (ds, config) => {
    const errorLog = values.errors ? new ErrorLog(resolve(values.errors)) : ErrorLog.inDataDir(config.dataDir);
    const summary = await ingest(ds, positionals, {
      ...settings,
      dataDir: config.dataDir,
      errorLog,
      synthetic: values.synthetic,
    });
    console.log(values.json ? JSON.stringify(summary) : formatSummary(summary));
    if (summary.stored + summary.revisions + summary.unchanged === 0) {
      console.error("ingest: nothing was stored (no report file could be ingested)");
      return EXIT.SOME_FAILED;
    }
    return summary.failed ? EXIT.SOME_FAILED : EXIT.OK;
  });
}

export function formatSummary(s: IngestSummary): string {
  const rate = s.seconds > 0 ? (s.files / s.seconds).toFixed(1) : "-";
  const statuses = Object.entries(s.byStatus)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
  return [
    `ingest: ${s.files} report files in ${s.seconds.toFixed(1)} s (${rate} files/s, peak RSS ${s.peakRssMb} MB)`,
    `  new reports    ${s.stored}`,
    `  new revisions  ${s.revisions}   (new by status: ${statuses})`,
    `  unchanged      ${s.unchanged}`,
    `  failed         ${s.failed}`,
    `  unsupported    ${s.unsupported}`,
    ...(s.errorsFile ? [`  error report   ${s.errorsFile}`] : []),
    ...problemLines(s),
  ].join("\n");
}

/** The files not ingested, with their reasons: the first PROBLEMS_SHOWN, then how many more. */
const PROBLEMS_SHOWN = 50;
function problemLines(s: IngestSummary): string[] {
  if (!s.problems.length) return [];
  const lines = ["files not ingested:"];
  for (const p of s.problems.slice(0, PROBLEMS_SHOWN))
    lines.push(`  ${p.outcome === "failed" ? "failed     " : "unsupported"}  ${p.file}: ${p.reason}`);
  if (s.problems.length > PROBLEMS_SHOWN)
    lines.push(`  … and ${s.problems.length - PROBLEMS_SHOWN} more (see the error report)`);
  return lines;
}
