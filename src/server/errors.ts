/**
 * What clients see of an error: services' ApiErrors with their code; GraphQL's own (validation, bad
 * variables, limits) as Apollo words them; anything else as INTERNAL_SERVER_ERROR with a fixed message,
 * logged here — so no SQL, stack or file path reaches a client.
 */
import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { ApiError } from "../services/errors.js";

const KNOWN = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
  "BAD_REQUEST",
  "QUERY_TOO_DEEP",
  "QUERY_TOO_COMPLEX",
]);

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof ApiError) {
    return {
      message: original.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: original.code, ...(original.details ?? {}) },
    };
  }
  // Postgres "data exception" (class 22): a value of the request does not fit its column, e.g. a forged
  // cursor or a LIKE pattern ending in the escape character — the client's error, told without SQL
  const sqlState = (original as { code?: unknown } | null)?.code;
  if (typeof sqlState === "string" && /^22[0-9A-Z]{3}$/.test(sqlState)) {
    return {
      message: "a value in the request does not fit its field",
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: "BAD_USER_INPUT" },
    };
  }
  // 57014: statement_timeout (server/statement-timeout.ts) cancelled one of the request's statements
  if (sqlState === "57014") {
    return {
      message: "the request took too long and was cancelled; ask for less",
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: "REQUEST_TIMEOUT" },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === "string" && KNOWN.has(code)) return formatted;
  console.error("internal error:", original);
  return {
    message: "internal server error",
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: "INTERNAL_SERVER_ERROR" },
  };
}
