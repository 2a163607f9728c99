import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchRow } from "./bench-row.js";
import type { BenchSettings } from "./settings.js";
import { renderRatioChart } from "./svg-chart.js";
import { formatTable, type Column } from "./table.js";

const number = (value: number | undefined, digits = 0): string =>
  value === undefined || !Number.isFinite(value) ? "" : value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

const COLUMNS: readonly Column<BenchRow>[] = [
  { title: "group", cell: (row) => row.group },
  { title: "case", cell: (row) => row.name },
  { title: "result", cell: (row) => (Number.isFinite(row.value) ? `${number(row.value, row.value < 100 ? 1 : 0)} ${row.unit}` : ""), align: "right" },
  { title: "p50 ms", cell: (row) => number(row.p50Ms, 2), align: "right" },
  { title: "p99 ms", cell: (row) => number(row.p99Ms, 2), align: "right" },
  { title: "server CPU µs/call", cell: (row) => number(row.cpuUsPerCall, 0), align: "right" },
  { title: "× ref", cell: (row) => (row.ratio === undefined ? "" : `${row.ratio.toFixed(2)}×`), align: "right" },
  { title: "noise", cell: (row) => (row.spread === undefined ? "" : `±${Math.round((row.spread * 100) / 2)} %`), align: "right" },
  { title: "errors", cell: (row) => (row.errors === undefined ? "" : String(row.errors)), align: "right" },
  { title: "target", cell: (row) => [row.target ? `${row.target.text} ${row.target.met ? "✅ met" : "❌ missed"}` : "", row.note ?? ""].filter(Boolean).join("; ") },
];

/** The bench's table: one line per row, Markdown pipe syntax. */
export function formatReport(rows: readonly BenchRow[]): string {
  return formatTable(COLUMNS, rows);
}

/** The SVG chart of a run: one bar per row that has a ratio to a reference (the references themselves left out). */
export function ratioChart(rows: readonly BenchRow[], startedAt: Date): string {
  const bars = rows
    .filter((row) => row.ratio !== undefined && row.ratio !== 1)
    .map((row) => ({
      label: `${row.group}: ${row.name}`.replace(/ \((h2load|TS client)\)$/, " · $1"),
      ratio: row.ratio as number,
      ...(row.target ? { target: row.target.ratio, met: row.target.met } : {}),
    }));
  return renderRatioChart(`npm run bench, ${startedAt.toISOString().slice(0, 16)}Z: ratio to the reference limit`, bars);
}

/** What a run wrote. */
export interface WrittenReport {
  readonly json: string;
  readonly svg: string;
  readonly markdown: string;
}

/**
 * Writes `latest.json` (settings, machine, every row), `latest.svg` (ratio chart) and
 * `latest.md` (the table) into `dir`, plus a timestamped copy of the JSON.
 */
export function writeReport(dir: string, rows: readonly BenchRow[], context: { settings: BenchSettings; startedAt: Date; machine: object }): WrittenReport {
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify({ ...context, rows }, (_key, value: unknown) => (typeof value === "number" && !Number.isFinite(value) ? null : value), 2);
  const stamp = context.startedAt.toISOString().replace(/[:.]/g, "-");
  const paths = { json: join(dir, "latest.json"), svg: join(dir, "latest.svg"), markdown: join(dir, "latest.md") };
  writeFileSync(paths.json, `${json}\n`);
  writeFileSync(join(dir, `bench-${stamp}.json`), `${json}\n`);
  writeFileSync(paths.svg, ratioChart(rows, context.startedAt));
  writeFileSync(paths.markdown, `${formatReport(rows)}\n`);
  return paths;
}
