import { join } from "node:path";
import { Client, credentials } from "@grpc/grpc-js";
import { runAttackInWorker } from "./attack-in-worker.js";
import { grpcFrame } from "./grpc-frame.js";
import { homepageReader } from "./homepage-reader.js";
import type { Http1AttackName, Http1AttackReport } from "./http1-attacks.js";
import type { Http2AttackName, Http2AttackReport } from "./http2-attacks.js";
import { rawUnaryCall } from "./raw-unary-call.js";
import type { ServiceProcess } from "./service-process.js";
import { startMarketplaceProcess, startRecommendationsProcess } from "./service-processes.js";
import { measureUnderAttack, type UnderAttackResult } from "./under-attack.js";

/**
 * Node.js options that run a service with V8's old space capped at 128 MiB, half
 * {@link CONTAINER_MEMORY_LIMIT_BYTES} (its Deployment's NODE_OPTIONS say the same, as
 * the Kubernetes spec checks): garbage is
 * then collected as it is in the container, not left to grow as V8 allows on a machine
 * with gigabytes to spare.
 */
export const AS_IN_ITS_CONTAINER: readonly string[] = ["--max-old-space-size=128"];

/** The memory limit of each service's container in its Kubernetes Deployment (256 MiB): a service under attack stays below it. */
export const CONTAINER_MEMORY_LIMIT_BYTES = 256 * 1024 * 1024;

/** The gRPC method both the attacker and the well-behaved client call, as encoded requests. */
export interface AttackedMethod {
  /** `/package.Service/Method`. */
  readonly path: string;
  /** What the attacker sends: the costliest request. */
  readonly attackRequest: Uint8Array;
  /** The well-behaved client's `n`th request. */
  readonly goodRequest: (n: number) => Uint8Array;
}

/** Options of {@link attackRecommendations}. */
export interface RecommendationsAttackOptions {
  readonly attack: Http2AttackName;
  readonly durationMs: number;
  readonly method: AttackedMethod;
  /** TLS: the directory of {@link writeCertificateFiles}' files and their CA; plaintext when absent. */
  readonly tls?: { readonly dir: string; readonly ca: Buffer };
  /** More environment variables of the service. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * The retry policy of a well-behaved client: a call refused with UNAVAILABLE or
 * RESOURCE_EXHAUSTED (overloaded) — the codes the marketplace retries — is tried again
 * after a short backoff, within its deadline: up to 5 attempts, 50 ms doubling to 0.5 s
 * (the marketplace makes up to 3, 50 ms doubling to 0.2 s).
 */
function wellBehavedServiceConfig(path: string): string {
  const service = path.slice(1, path.lastIndexOf("/"));
  const retryPolicy = { maxAttempts: 5, initialBackoff: "0.05s", maxBackoff: "0.5s", backoffMultiplier: 2, retryableStatusCodes: ["UNAVAILABLE", "RESOURCE_EXHAUSTED"] };
  return JSON.stringify({ methodConfig: [{ name: [{ service }], retryPolicy }] });
}

/**
 * Runs the real Recommendations `main.js` (log level info, logs discarded, heap as in
 * {@link AS_IN_ITS_CONTAINER}), attacks it with `options.attack` from a worker thread for
 * `durationMs` while a well-behaved client calls `method` one call at a time (5 s
 * deadline, retrying the codes the marketplace retries), then checks that it still answers and
 * stops it. Resolves with the attack's report, the client's results and the
 * service's memory and CPU; rejects when the service died or stopped answering.
 */
export async function attackRecommendations(options: RecommendationsAttackOptions): Promise<UnderAttackResult<Http2AttackReport>> {
  const { tls, method } = options;
  const tlsEnv: Record<string, string> = tls ? { TLS_CERT: join(tls.dir, "server.crt"), TLS_KEY: join(tls.dir, "server.key") } : {};
  const service = await startRecommendationsProcess({ nodeOptions: AS_IN_ITS_CONTAINER, env: { LOG_LEVEL: "info", ...tlsEnv, ...options.env }, stdout: "ignore" });
  // TLS checks the name the certificate is for: localhost (an IP address is no TLS server name).
  const client = new Client(`${tls ? "localhost" : "127.0.0.1"}:${service.port}`, tls ? credentials.createSsl(tls.ca) : credentials.createInsecure(), {
    "grpc.service_config": wellBehavedServiceConfig(method.path),
  });
  let n = 0;
  const goodCall = (): Promise<unknown> => rawUnaryCall(client, method.path, method.goodRequest(n++));
  const attack = (): Promise<Http2AttackReport> =>
    runAttackInWorker("http2", options.attack, {
      target: { port: service.port, ...(tls ? { tls: { ca: tls.ca, servername: "localhost" } } : {}) },
      path: method.path,
      body: grpcFrame(method.attackRequest),
      durationMs: options.durationMs,
    });
  return measureService(service, goodCall, attack, () => client.close());
}

/** Options of {@link attackMarketplace}. */
export interface MarketplaceAttackOptions {
  readonly attack: Http1AttackName;
  readonly durationMs: number;
  /** The marketplace's environment besides its port, e.g. `RECOMMENDATIONS_TARGET`. */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * Runs the real marketplace `main.js` (heap as in {@link AS_IN_ITS_CONTAINER}), attacks
 * it with `options.attack` from a worker thread for `durationMs` while a reader keeps loading
 * the homepage (a new reader each time, 5 s deadline; a success is a 200), then checks
 * that it still serves and stops it. Resolves like {@link attackRecommendations}.
 */
export async function attackMarketplace(options: MarketplaceAttackOptions): Promise<UnderAttackResult<Http1AttackReport>> {
  const service = await startMarketplaceProcess({ nodeOptions: AS_IN_ITS_CONTAINER, env: options.env, stdout: "ignore" });
  const goodCall = homepageReader(`http://127.0.0.1:${service.port}`);
  const attack = (): Promise<Http1AttackReport> => runAttackInWorker("http1", options.attack, { port: service.port, path: "/", durationMs: options.durationMs });
  return measureService(service, goodCall, attack);
}

/**
 * Checks that `service` answers `goodCall`, measures it under `attack`, checks that it
 * still answers, and stops it (after `close`, which ends the client). Rejects with the
 * service's output when it died or stopped answering.
 */
async function measureService<R>(service: ServiceProcess, goodCall: () => Promise<unknown>, attack: () => Promise<R>, close?: () => void): Promise<UnderAttackResult<R>> {
  try {
    await goodCall();
    const result = await measureUnderAttack({ pid: service.pid, attack, goodCall });
    await goodCall();
    return result;
  } catch (error) {
    throw new Error(`${String(error)}\n${service.output()}`);
  } finally {
    close?.();
    await service.stop("SIGTERM", { killAfterMs: 5000 });
  }
}
