import type { ValueTransformer } from "typeorm";

/**
 * pg returns numeric and bigint as strings (exactness over convenience). Our numerics are counts and
 * amounts (万元 with a few decimals), well inside a double's exact range, so read them as numbers.
 */
export const numberOrNull: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
