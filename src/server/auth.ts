/**
 * Reads are open; mutations need the server's API key, sent as `Authorization: Bearer <key>` or
 * `X-Api-Key: <key>`. Compared in constant time.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { AuthChecker } from "type-graphql";
import type { GraphQLContext } from "../resolvers/context.js";
import { ApiError } from "../services/errors.js";

/** The key a request carries, if any. */
export function requestKey(headers: { get(name: string): string | undefined }): string | undefined {
  const auth = headers.get("authorization");
  const bearer = auth && /^Bearer\s+(.+)$/i.exec(auth.trim())?.[1];
  return bearer || headers.get("x-api-key") || undefined;
}

/** Equal keys, without leaking through timing where they differ (hashes make the lengths equal). */
export function keyMatches(given: string | undefined, expected: string | undefined): boolean {
  if (!given || !expected) return false;
  const h = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(h(given), h(expected));
}

export const authChecker: AuthChecker<GraphQLContext> = ({ context }) => {
  if (!context.apiKeyConfigured)
    throw new ApiError("UNAUTHENTICATED", "mutations are disabled: the server has no GONGKAI_API_KEY");
  if (!context.authorized)
    throw new ApiError("UNAUTHENTICATED", "mutations need the API key (Authorization: Bearer <key>)");
  return true;
};
