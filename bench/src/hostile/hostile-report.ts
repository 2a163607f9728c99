import { readFileSync, writeFileSync } from "node:fs";
import { replaceSection } from "../readme-section.js";
import { formatTable, type Column } from "../table.js";
import type { AttackRow } from "./attack-runs.js";
import type { OverloadRow } from "./overload-runs.js";

/** The target of an overload run: the served calls' p99 stays under this many times the unloaded p99. */
export const SERVED_P99_TARGET = 10;

const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(value < 10 ? 1 : 0) : "–");
const mib = (value: number): string => (Number.isFinite(value) ? value.toFixed(0) : "–");
const perSecond = (value: number): string => (Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "–");
const share = (ok: number, calls: number): string => (calls === 0 ? "–" : `${((100 * ok) / calls).toFixed(ok === calls ? 0 : 1)} % of ${calls.toLocaleString("en-US")}`);

const ATTACK_COLUMNS: readonly Column<AttackRow>[] = [
  { title: "attack", cell: (row) => `${row.attack} (${row.transport})` },
  { title: "the attacker sent", cell: (row) => row.sent },
  { title: "the service answered", cell: (row) => row.stoppedBy },
  { title: "good client served", cell: (row) => share(row.goodOk, row.goodCalls), align: "right" },
  { title: "good p50 / p99 ms", cell: (row) => `${ms(row.goodP50Ms)} / ${ms(row.goodP99Ms)}`, align: "right" },
  { title: "RSS MiB (before → peak)", cell: (row) => `${mib(row.startRssMiB)} → ${mib(row.peakRssMiB)}`, align: "right" },
  { title: "CPU", cell: (row) => `${Math.round(row.cpuPercent)} %`, align: "right" },
];

const OVERLOAD_COLUMNS: readonly Column<OverloadRow>[] = [
  { title: "at three times capacity", cell: (row) => row.service },
  { title: "capacity /s", cell: (row) => perSecond(row.capacityPerS), align: "right" },
  { title: "offered /s", cell: (row) => (row.skipped ? row.skipped : `${perSecond(row.offeredPerS)} for ${row.seconds} s`), align: "right" },
  { title: "served / refused /s", cell: (row) => `${perSecond(row.servedPerS)} / ${perSecond(row.refusedPerS)}`, align: "right" },
  { title: "probe served", cell: (row) => share(row.during.calls - row.during.failures, row.during.calls), align: "right" },
  { title: "served p99 ms (unloaded)", cell: (row) => `${ms(row.during.p99Ms)} (${ms(row.unloaded.p99Ms)})`, align: "right" },
  {
    title: `target < ${SERVED_P99_TARGET}× unloaded`,
    cell: (row) => {
      const ratio = row.during.p99Ms / row.unloaded.p99Ms;
      return Number.isFinite(ratio) ? `${ratio.toFixed(1)}× ${ratio < SERVED_P99_TARGET ? "✅ met" : "❌ missed"}` : "–";
    },
  },
  { title: "after: served, p99 ms", cell: (row) => `${share(row.after.calls - row.after.failures, row.after.calls)}, ${ms(row.after.p99Ms)}`, align: "right" },
  { title: "RSS MiB (before → peak)", cell: (row) => `${mib(row.startRssMiB)} → ${mib(row.peakRssMiB)}`, align: "right" },
  { title: "CPU", cell: (row) => (Number.isFinite(row.cpuPercent) ? `${Math.round(row.cpuPercent)} %` : "–"), align: "right" },
];

/** The attack rows as a Markdown table. */
export function attackTable(rows: readonly AttackRow[]): string {
  return formatTable(ATTACK_COLUMNS, rows);
}

/** The overload rows as a Markdown table. */
export function overloadTable(rows: readonly OverloadRow[]): string {
  return formatTable(OVERLOAD_COLUMNS, rows);
}

/** What the figures were measured on and when, for the line above the tables. */
export interface RunContext {
  readonly startedAt: Date;
  readonly machine: string;
  readonly attackSeconds: number;
}

/**
 * Rewrites the `hostile-figures` section of `readme` with the rows of `service`: its
 * attacks and its overload run, headed by when and on what they were measured.
 */
export function updateReadmeFigures(readme: string, service: string, attacks: readonly AttackRow[], overload: readonly OverloadRow[], context: RunContext): void {
  const mine = attacks.filter((row) => row.service === service);
  const load = overload.filter((row) => row.service === service);
  const content = [
    `Latest \`npm run attack\`: ${context.startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC, ${context.machine}; each attack ${context.attackSeconds} s on a fresh process, the well-behaved client and the attacker on the same cores as the service. Indicative: the machine is shared, so latencies and CPU move from run to run.`,
    "",
    attackTable(mine),
    ...(load.length > 0 ? ["", overloadTable(load)] : []),
  ].join("\n");
  writeFileSync(readme, replaceSection(readFileSync(readme, "utf8"), "hostile-figures", content));
}
