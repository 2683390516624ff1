/**
 * `gongkai ingest [options] <file or folder>…` — see USAGE and the README's "Ingest" section.
 */
import { resolve } from "node:path";
import { loadConfig, type Config } from "../config.js";
import { openDatabase } from "../db/open.js";
import { ErrorLog } from "../ingest/error-log.js";
import { ingest, type IngestSummary } from "../ingest/pipeline.js";
import { EXIT, parseCommandArgs, positiveInt, progressMode, UsageError } from "./args.js";

export const USAGE = `usage: gongkai ingest [options] <file or folder>…
  Reads report files (.txt .md .html .htm .pdf .docx; folders recursively) into the database.
  --synthetic       the files are invented reports (generate-corpus output); required for marked folders
  --errors FILE     the JSONL error report (default <GONGKAI_DATA_DIR>/ingest-errors/<time>.jsonl)
  --workers N       parse threads (default: one per core)
  --writers N       report transactions in flight (default 4)
  --timeout SEC     parse time limit per file (default 120)
  --progress MODE   auto (bar on a terminal, lines otherwise) | bar | lines | none
  --json            print the summary as one JSON object
exit status: 0 all files ingested or unchanged; 1 some files failed (see the error report);
             2 usage error; 3 could not run (configuration, database)`;

const OPTIONS = {
  synthetic: { type: "boolean" }, errors: { type: "string" }, workers: { type: "string" }, writers: { type: "string" },
  timeout: { type: "string" }, progress: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" },
} as const;

export async function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed, workers, writers, timeout, progress;
  try {
    parsed = parseCommandArgs(args, OPTIONS, true);
    if (parsed.values.help) { console.log(USAGE); return EXIT.OK; }
    if (!parsed.positionals.length) throw new UsageError("no files or folders given");
    workers = positiveInt("workers", parsed.values.workers);
    writers = positiveInt("writers", parsed.values.writers);
    timeout = positiveInt("timeout", parsed.values.timeout);
    progress = progressMode(parsed.values.progress);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`ingest: ${e.message}\n${USAGE}`);
    return EXIT.USAGE;
  }

  let config: Config;
  try {
    config = loadConfig(env);
  } catch (e) {
    console.error(`ingest: ${(e as Error).message}`);
    return EXIT.CANNOT_RUN;
  }
  if (parsed.values.synthetic && !config.demo) {
    console.error("ingest: --synthetic is refused: this instance serves real reports only (GONGKAI_DEMO=false)");
    return EXIT.USAGE;
  }

  let db;
  try {
    db = await openDatabase(config, { poolSize: (writers ?? 4) + 2 });
  } catch (e) {
    console.error(`ingest: cannot open the database: ${(e as Error).message}`);
    return EXIT.CANNOT_RUN;
  }
  try {
    const errorLog = parsed.values.errors ? new ErrorLog(resolve(parsed.values.errors)) : ErrorLog.inDataDir(config.dataDir);
    const summary = await ingest(db.ds, parsed.positionals, {
      dataDir: config.dataDir, errorLog, synthetic: parsed.values.synthetic, workers, writers,
      timeoutMs: timeout === undefined ? undefined : timeout * 1000, progress,
    });
    console.log(parsed.values.json ? JSON.stringify(summary) : formatSummary(summary));
    return summary.failed ? EXIT.SOME_FAILED : EXIT.OK;
  } finally {
    await db.close();
  }
}

export function formatSummary(s: IngestSummary): string {
  const rate = s.seconds > 0 ? (s.files / s.seconds).toFixed(1) : "-";
  const statuses = Object.entries(s.byStatus).map(([k, n]) => `${k} ${n}`).join(", ");
  return [
    `ingest: ${s.files} report files in ${s.seconds.toFixed(1)} s (${rate} files/s, peak RSS ${s.peakRssMb} MB)`,
    `  new reports    ${s.stored}`,
    `  new revisions  ${s.revisions}   (new by status: ${statuses})`,
    `  unchanged      ${s.unchanged}`,
    `  failed         ${s.failed}`,
    `  unsupported    ${s.unsupported}`,
    ...(s.errorsFile ? [`  error report   ${s.errorsFile}`] : []),
  ].join("\n");
}
