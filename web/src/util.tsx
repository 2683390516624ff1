/** Small pieces shared by the pages. */
import { useEffect, useState } from "preact/hooks";
import { DEMO_EN, DEMO_ZH } from "./labels.js";

export type Loaded<T> = { state: "loading" } | { state: "error"; message: string } | { state: "ok"; data: T };

/** Runs `load` when `key` changes; the latest answer wins. */
export function useLoad<T>(key: string, load: () => Promise<T>): Loaded<T> {
  const [v, setV] = useState<Loaded<T>>({ state: "loading" });
  useEffect(() => {
    let live = true;
    setV({ state: "loading" });
    load().then(
      (data) => live && setV({ state: "ok", data }),
      (e: Error) => live && setV({ state: "error", message: e.message }),
    );
    return () => { live = false; };
  }, [key]);
  return v;
}

export function DemoBadge({ long }: { long?: boolean }) {
  return (
    <span class="demo" title="Invented for the demo: not a real government publication">
      {long ? `${DEMO_ZH} · ${DEMO_EN} — not a real publication` : `${DEMO_ZH} demo`}
    </span>
  );
}

export function Failure({ message }: { message: string }) {
  return <p class="error" role="alert">Could not load this page: {message}</p>;
}

export const Loading = () => <p class="loading">Loading…</p>;

export function place(a: { province: string | null; city: string | null; county?: string | null }): string {
  return [a.province, a.city, a.county].filter(Boolean).join(" · ") || "—";
}

export function fmt(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined) return "";
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(digits)));
}
