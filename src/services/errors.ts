/**
 * Errors the services throw on purpose, each with the code a client sees (GraphQL `extensions.code`).
 * Plain Errors, not GraphQLErrors: services are used by scripts too; the server maps them (server/errors.ts).
 * Anything else that escapes a service is a bug and reaches clients as INTERNAL_SERVER_ERROR, unworded.
 */
export type ApiErrorCode = "BAD_USER_INPUT" | "NOT_FOUND" | "UNAUTHENTICATED" | "SEARCH_UNAVAILABLE" | "PARSE_FAILED";

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const badInput = (message: string, details?: Record<string, unknown>) =>
  new ApiError("BAD_USER_INPUT", message, details);
export const notFound = (message: string) => new ApiError("NOT_FOUND", message);
