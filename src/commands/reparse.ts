/**
 * `gongkai reparse [options]` — re-parse stored reports read by an older parser version.
 */
import { resolve } from "node:path";
import { ErrorLog } from "../ingest/error-log.js";
import { reparse, type ReparseSummary } from "../ingest/reparse.js";
import { PARSER_VERSION } from "../parser/version.js";
import { BATCH_OPTIONS, batchSettings, EXIT, parseCommandArgs, UsageError } from "./args.js";
import { withDatabase } from "./batch.js";

export const USAGE = `usage: gongkai reparse [options]
  Re-parses, from the kept original bytes, every stored report whose parser version is older than
  this parser's (${PARSER_VERSION}); each report is replaced in one transaction.
  --all             re-parse every report, whatever its parser version
  --errors FILE     the JSONL error report (default <GONGKAI_DATA_DIR>/reparse-errors/<time>.jsonl)
  --workers N       parse threads (default: one per core)
  --writers N       report transactions in flight (default 4)
  --timeout SEC     parse time limit per file (default 120)
  --progress MODE   auto | bar | lines | none
  --json            print the summary as one JSON object
exit status: 0 every due report re-parsed; 1 some failed (they keep their old data; see the error
             report); 2 usage error; 3 could not run (configuration, database)`;

const OPTIONS = { ...BATCH_OPTIONS, all: { type: "boolean" } } as const;

export async function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed, settings;
  try {
    parsed = parseCommandArgs(args, OPTIONS, false);
    if (parsed.values.help) {
      console.log(USAGE);
      return EXIT.OK;
    }
    settings = batchSettings(parsed.values);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`reparse: ${e.message}\n${USAGE}`);
    return EXIT.USAGE;
  }
  const { values } = parsed;
  return withDatabase({ command: "reparse", env, writers: settings.writers }, async (ds, config) => {
    const errorLog = values.errors
      ? new ErrorLog(resolve(values.errors))
      : ErrorLog.inDataDir(config.dataDir, "reparse-errors");
    const summary = await reparse(ds, { ...settings, dataDir: config.dataDir, errorLog, all: values.all });
    console.log(values.json ? JSON.stringify(summary) : formatSummary(summary));
    return summary.failed ? EXIT.SOME_FAILED : EXIT.OK;
  });
}

function formatSummary(s: ReparseSummary): string {
  return [
    `reparse: ${s.due} of ${s.reports} reports due (parser ${PARSER_VERSION}), ${s.seconds.toFixed(1)} s, peak RSS ${s.peakRssMb} MB`,
    `  re-parsed  ${s.reparsed}`,
    `  failed     ${s.failed}`,
    ...(s.errorsFile ? [`  error report  ${s.errorsFile}`] : []),
  ].join("\n");
}
