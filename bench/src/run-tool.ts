import { spawn } from "node:child_process";

/** Runs a load generator to its end and resolves with what it printed (stdout and stderr, interleaved as they came); rejects on a non-zero exit. */
export function runTool(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    // "close", not "exit": the tool's last lines (its summary) may still be in the pipe when it has exited.
    child.once("close", (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} exited with ${String(code)}:\n${output}`))));
  });
}
