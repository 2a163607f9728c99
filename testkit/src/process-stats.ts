import { readFileSync } from "node:fs";

/** Resident set size of process `pid` in bytes (Linux /proc), or NaN when unknown (e.g. it has exited). */
export function rssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}
