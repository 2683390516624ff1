/**
 * CPU time and memory of the processes a benchmark measures, from /proc (Linux). CPU time is the figure
 * that holds on a shared machine: wall-clock latency grows with the load, the work per request much less.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const USER_HZ = 100;

/** Fields of /proc/PID/stat after the command name (index 11 = utime, 12 = stime, 13/14 = reaped children's). */
function statFields(pid: number | string): number[] {
  const st = readFileSync(`/proc/${pid}/stat`, "utf8");
  return st
    .slice(st.lastIndexOf(")") + 2)
    .split(" ")
    .map(Number);
}

/** CPU seconds of one process, all its threads, and the children it has reaped. */
export function processCpuSeconds(pid: number): number {
  const f = statFields(pid);
  return (f[11] + f[12] + f[13] + f[14]) / USER_HZ;
}

const postmasterPid = (clusterDir: string) =>
  Number(readFileSync(join(clusterDir, "postmaster.pid"), "utf8").split("\n")[0]);

/** CPU time of the cluster: postmaster, its live children, and the children it has reaped (backends that ended). */
export function postgresCpuSeconds(clusterDir: string): number {
  const pid = postmasterPid(clusterDir);
  let total = processCpuSeconds(pid) * USER_HZ;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const c = statFields(entry);
      if (c[1] === pid) total += c[11] + c[12];
    } catch {
      /* gone */
    }
  }
  return total / USER_HZ;
}

/**
 * Memory of the cluster's processes (postmaster and backends), KB: the sum of their proportional set
 * sizes (PSS), so that the shared buffers every backend maps are counted once, not once per backend.
 */
export function postgresRssKb(clusterDir: string): number {
  const pid = postmasterPid(clusterDir);
  const rss = (p: number) => Number(/Pss:\s+(\d+)/.exec(readFileSync(`/proc/${p}/smaps_rollup`, "utf8"))?.[1] ?? 0);
  let total = rss(pid);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, "utf8"))?.[1]) === pid)
        total += rss(Number(entry));
    } catch {
      /* gone */
    }
  }
  return total;
}
