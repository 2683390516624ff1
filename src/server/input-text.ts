/**
 * Text in a request must be valid Unicode: a lone UTF-16 surrogate (\uD800–\uDFFF without its pair,
 * possible in JSON and GraphQL escapes) cannot be encoded for Postgres or the search engine — it used
 * to surface as SEARCH_UNAVAILABLE or be silently replaced by U+FFFD. Refused up front as the client's
 * error (BAD_USER_INPUT), naming the variable. (In the document itself graphql's parser refuses one.)
 */
import { GraphQLError } from "graphql";
import type { ApolloServerPlugin } from "@apollo/server";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string holding a lone surrogate, or null. */
function findInValue(v: unknown, path: string, depth = 0): string | null {
  if (typeof v === "string") return LONE_SURROGATE.test(v) ? path : null;
  if (depth > 50 || v === null || typeof v !== "object") return null;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const found = findInValue(x, Array.isArray(v) ? `${path}[${k}]` : `${path}.${k}`, depth + 1);
    if (found) return found;
  }
  return null;
}

export function inputTextPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request }) {
          const where = findInValue(request.variables ?? {}, "$");
          if (where) {
            throw new GraphQLError(`variable ${where.slice(2)} holds a lone UTF-16 surrogate: not valid Unicode text`, {
              extensions: { code: "BAD_USER_INPUT", http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
