/**
 * `gongkai reparse [options]` — re-parse stored reports read by an older parser version.
 */
import { resolve } from "node:path";
import { loadConfig, type Config } from "../config.js";
import { openDatabase } from "../db/open.js";
import { ErrorLog } from "../ingest/error-log.js";
import { reparse, type ReparseSummary } from "../ingest/reparse.js";
import { PARSER_VERSION } from "../parser/version.js";
import { EXIT, parseCommandArgs, positiveInt, progressMode, UsageError } from "./args.js";

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

const OPTIONS = {
  all: { type: "boolean" }, errors: { type: "string" }, workers: { type: "string" }, writers: { type: "string" },
  timeout: { type: "string" }, progress: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" },
} as const;

export async function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed, workers, writers, timeout, progress;
  try {
    parsed = parseCommandArgs(args, OPTIONS, false);
    if (parsed.values.help) { console.log(USAGE); return EXIT.OK; }
    workers = positiveInt("workers", parsed.values.workers);
    writers = positiveInt("writers", parsed.values.writers);
    timeout = positiveInt("timeout", parsed.values.timeout);
    progress = progressMode(parsed.values.progress);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`reparse: ${e.message}\n${USAGE}`);
    return EXIT.USAGE;
  }
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (e) {
    console.error(`reparse: ${(e as Error).message}`);
    return EXIT.CANNOT_RUN;
  }
  let db;
  try {
    db = await openDatabase(config, { poolSize: (writers ?? 4) + 2 });
  } catch (e) {
    console.error(`reparse: cannot open the database: ${(e as Error).message}`);
    return EXIT.CANNOT_RUN;
  }
  try {
    const errorLog = parsed.values.errors ? new ErrorLog(resolve(parsed.values.errors)) : ErrorLog.inDataDir(config.dataDir, "reparse-errors");
    const summary = await reparse(db.ds, {
      dataDir: config.dataDir, errorLog, all: parsed.values.all, workers, writers,
      timeoutMs: timeout === undefined ? undefined : timeout * 1000, progress,
    });
    console.log(parsed.values.json ? JSON.stringify(summary) : formatSummary(summary));
    return summary.failed ? EXIT.SOME_FAILED : EXIT.OK;
  } finally {
    await db.close();
  }
}

function formatSummary(s: ReparseSummary): string {
  return [
    `reparse: ${s.due} of ${s.reports} reports due (parser ${PARSER_VERSION}), ${s.seconds.toFixed(1)} s, peak RSS ${s.peakRssMb} MB`,
    `  re-parsed  ${s.reparsed}`,
    `  failed     ${s.failed}`,
    ...(s.errorsFile ? [`  error report  ${s.errorsFile}`] : []),
  ].join("\n");
}
