/** Bumped whenever parsing changes what comes out: stored reports with an older version get re-parsed. */
export const PARSER_VERSION = "0.1.2";
