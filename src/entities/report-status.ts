/**
 * `report.status`: how usable a stored report's figures are, decided once at ingest (or reparse) from
 * the parse result alone. Cross-year diagnostics, which arrive when a neighbouring year is ingested,
 * do not change it.
 *
 * - `ok`           every figure of the report's format was read; no error-severity diagnostic.
 * - `inconsistent` every figure was read, but the printed figures break a consistency rule (T3_ROW_SUM,
 *                  T3_BALANCE, T3_RESULT_SUM, T4_SUM are errors): the printed figures are kept as printed.
 * - `incomplete`   the format could not be told, or some figure is missing (a table or cell not found,
 *                  a run of digits that could not be split): those figures are null.
 */
export const REPORT_STATUSES = ["ok", "inconsistent", "incomplete"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
