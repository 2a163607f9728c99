import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { answersOk, freePort, startServiceProcess, type ServiceProcess } from "@onlinebooks/testkit";
import { stringify } from "yaml";

/** Options of {@link startPrometheus}. */
export interface PrometheusOptions {
  /** The prometheus executable. */
  readonly prometheus: string;
  /** A directory holding `rules.yaml`; the configuration and the database are written there too. */
  readonly dir: string;
  /** Scrape targets by job name, `127.0.0.1:port` each, scraped at `/metrics`. */
  readonly targets: Readonly<Record<string, string>>;
  /** Scrape and rule evaluation interval; default `1s`. */
  readonly interval?: string;
}

/** One sample of an instant query: its labels and value. */
export interface Sample {
  readonly metric: Record<string, string>;
  readonly value: number;
}

/** An alert as `/api/v1/alerts` reports it. */
export interface ActiveAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly state: "pending" | "firing";
}

/** A Prometheus server started by {@link startPrometheus}. */
export interface PrometheusServer {
  /** `http://127.0.0.1:port`. */
  readonly url: string;
  readonly process: ServiceProcess;
  /** Evaluates `expr` now through the HTTP API (`/api/v1/query`). */
  query(expr: string): Promise<Sample[]>;
  /** The pending and firing alerts (`/api/v1/alerts`). */
  alerts(): Promise<ActiveAlert[]>;
}

/**
 * Runs a real Prometheus on 127.0.0.1 (a free port) that scrapes `targets` and
 * evaluates `dir/rules.yaml` every `interval`, keeping its data in `dir`; resolves once
 * it has scraped every target successfully. The caller stops its process.
 */
export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusServer> {
  const interval = options.interval ?? "1s";
  const config = {
    global: { scrape_interval: interval, evaluation_interval: interval },
    rule_files: ["rules.yaml"],
    scrape_configs: Object.entries(options.targets).map(([job, target]) => ({ job_name: job, static_configs: [{ targets: [target] }] })),
  };
  writeFileSync(join(options.dir, "prometheus.yml"), stringify(config));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const process = startServiceProcess({
    command: options.prometheus,
    args: [
      `--config.file=${join(options.dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(options.dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
  });
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(5000) });
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== "success") throw new Error(`Prometheus ${path}: ${body.error ?? response.status}`);
    return body.data;
  };
  const query = async (expr: string): Promise<Sample[]> => {
    const data = await api<{ result: Array<{ metric: Record<string, string>; value: [number, string] }> }>(
      `/api/v1/query?query=${encodeURIComponent(expr)}`,
    );
    return data.result.map((sample) => ({ metric: sample.metric, value: Number(sample.value[1]) }));
  };
  // Prometheus hands discovered targets to the scrapers about 5 s after it starts.
  const jobs = Object.keys(options.targets).length;
  await process.waitUntil(async () => (await answersOk(`${url}/-/ready`)) && (await query("up == 1")).length === jobs, { timeoutMs: 30_000 });
  return {
    url,
    process,
    query,
    async alerts() {
      return (await api<{ alerts: ActiveAlert[] }>("/api/v1/alerts")).alerts;
    },
  };
}
