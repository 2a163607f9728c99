import { Worker } from "node:worker_threads";
import type { Http1AttackName, Http1AttackOptions, Http1AttackReport } from "./http1-attacks.js";
import type { Http2AttackName, Http2AttackOptions, Http2AttackReport } from "./http2-attacks.js";

/**
 * Runs an attack ({@link runHttp2Attack} or {@link runHttp1Attack}) in a worker thread,
 * so that the attack's own work does not delay whatever this thread measures meanwhile.
 * Rejects when the worker fails.
 */
export function runAttackInWorker(protocol: "http2", name: Http2AttackName, options: Http2AttackOptions): Promise<Http2AttackReport>;
export function runAttackInWorker(protocol: "http1", name: Http1AttackName, options: Http1AttackOptions): Promise<Http1AttackReport>;
export function runAttackInWorker(protocol: "http1" | "http2", name: string, options: object): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./attack-worker.js", import.meta.url), { workerData: { protocol, name, options } });
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the attack worker exited with ${code} before reporting`)));
  });
}
