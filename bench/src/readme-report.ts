import { readFileSync, writeFileSync } from "node:fs";
import type { BenchRow } from "./bench-row.js";
import { replaceSection } from "./readme-section.js";
import { formatReport, ratioChart } from "./report.js";
import type { BenchSettings } from "./settings.js";

/** The README section the bench rewrites (`<!-- bench-latest:start -->` … `end`). */
const README_SECTION = "bench-latest";

/** What a run looked like, for the line above the table. */
export interface RunContext {
  readonly settings: BenchSettings;
  readonly startedAt: Date;
  readonly machine: { readonly cpus: number; readonly cpu?: string; readonly node: string; readonly loadAverageAtStart: readonly number[] };
  /** Wall time of the whole run, in seconds. */
  readonly elapsedS: number;
}

/**
 * Puts a full run into the README: the run's context, the ratio chart (written to
 * `chartPath`, linked as `chartLink`) and the table, between the README's
 * `bench-latest` markers.
 */
export function updateReadme(readmePath: string, chartPath: string, chartLink: string, rows: readonly BenchRow[], run: RunContext): void {
  const { settings, startedAt, machine } = run;
  const minutes = Math.floor(run.elapsedS / 60);
  const seconds = Math.round(run.elapsedS % 60);
  const context =
    `Latest run: ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC, ${machine.cpus} CPUs (${machine.cpu ?? "unknown"}), ` +
    `Node ${machine.node.replace(/^v/, "")}, load average ${machine.loadAverageAtStart[0] ?? "?"} at the start, ` +
    `${settings.rounds} rounds × (${settings.warmupS} s warm-up + ${settings.durationS} s) per case, ${minutes} min ${seconds} s in all. ` +
    "Load generators run on the same cores.";
  writeFileSync(chartPath, ratioChart(rows, startedAt));
  const section = [context, "", `![Ratio of every case to its reference limit, with the targets](${chartLink})`, "", formatReport(rows)].join("\n");
  writeFileSync(readmePath, replaceSection(readFileSync(readmePath, "utf8"), README_SECTION, section));
}
