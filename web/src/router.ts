/**
 * Client-side routing over the History API: the URL is the page's whole state (a link reproduces a
 * search, a report, a language). Links are ordinary <a href>; clicks on same-origin links are taken over.
 */
import { useEffect, useState } from "preact/hooks";

const listeners = new Set<() => void>();

export function navigate(href: string, replace = false): void {
  if (replace) history.replaceState(null, "", href);
  else history.pushState(null, "", href);
  window.scrollTo(0, 0);
  for (const l of listeners) l();
}

/** Re-renders the caller when the location changes; returns it. */
export function useLocation(): URL {
  const [, tick] = useState(0);
  useEffect(() => {
    const l = () => tick((n) => n + 1);
    listeners.add(l);
    window.addEventListener("popstate", l);
    return () => { listeners.delete(l); window.removeEventListener("popstate", l); };
  }, []);
  return new URL(location.href);
}

/** Same-origin link clicks (no modifier keys, no download) become navigate(). */
export function interceptLinks(): void {
  document.addEventListener("click", (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element).closest?.("a");
    if (!a || a.hasAttribute("download") || a.target || a.origin !== location.origin) return;
    const path = a.pathname;
    if (path.startsWith("/graphiql") || path.startsWith("/source/") || path === "/schema.graphql" || path === "/graphql") return;
    if (path === location.pathname && a.search === location.search && a.hash) return; // in-page anchor
    e.preventDefault();
    navigate(a.pathname + a.search + a.hash);
  });
}

/** A URL with some query parameters set (empty/undefined values removed). */
export function withParams(url: URL, params: Record<string, string | undefined | null>): string {
  const u = new URL(url.href);
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "") u.searchParams.delete(k);
    else u.searchParams.set(k, v);
  }
  return u.pathname + u.search;
}
