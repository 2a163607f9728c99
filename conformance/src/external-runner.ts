import { execFile } from "node:child_process";
import type { RunnerReport, Targets } from "./observation.js";

/** How to start a runner written in another language. */
export interface ExternalRunnerOptions {
  /** The runner's name in reports, e.g. `"python"`. */
  name: string;
  /** The executable and its leading arguments; the scenario path and targets JSON are appended. */
  command: readonly [string, ...string[]];
  scenariosPath: string;
  targets: Targets;
}

/**
 * Runs a Python or Go runner as a child process and parses its JSON report. Rejects,
 * with the runner's stderr, when it exits non-zero, prints no JSON, or reports under
 * another name.
 */
export function runExternalRunner(options: ExternalRunnerOptions): Promise<RunnerReport> {
  const [file, ...args] = options.command;
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args, options.scenariosPath, JSON.stringify(options.targets)],
      { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`${options.name} runner failed: ${error.message}\n${stderr}`));
          return;
        }
        try {
          const report = JSON.parse(stdout) as RunnerReport;
          if (report.runner !== options.name) throw new Error(`reported as ${String(report.runner)}`);
          resolve(report);
        } catch (parseError) {
          reject(new Error(`${options.name} runner printed no valid report (${String(parseError)}):\n${stdout.slice(0, 500)}\n${stderr}`));
        }
      },
    );
  });
}
