import { create, toBinary } from "@bufbuild/protobuf";
import * as v2 from "@onlinebooks/recommendations-v2";
import { startRecommendationsProcess, type Http2Target, type RecommendationsProcess, type TestCertificates } from "@onlinebooks/testkit";

/** The method hostile clients call: v2 Recommend, whose largest page (100 books) is the most work per call. */
export const ATTACKED_PATH = "/recommendations.v2.RecommendationService/Recommend";

/** A framed v2 Recommend request for the largest page: what an attacker sends to cost the most. */
export function attackRequestBody(): Buffer {
  const message = toBinary(v2.RecommendRequestSchema, create(v2.RecommendRequestSchema, { userId: "attacker", pageSize: 100 }));
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

/**
 * The retry policy of a well-behaved client, like the marketplace's: a call refused
 * with UNAVAILABLE or RESOURCE_EXHAUSTED (overloaded) is tried again after a short
 * backoff, within its deadline.
 */
const WELL_BEHAVED_SERVICE_CONFIG = {
  methodConfig: [
    {
      name: [{ service: "recommendations.v2.RecommendationService" }],
      retryPolicy: { maxAttempts: 5, initialBackoff: "0.05s", maxBackoff: "0.5s", backoffMultiplier: 2, retryableStatusCodes: ["UNAVAILABLE", "RESOURCE_EXHAUSTED"] },
    },
  ],
};

/** The Recommendations service as a process under attack, and a well-behaved client of it. */
export interface AttackTarget {
  /** The service process (its pid is sampled). */
  readonly service: RecommendationsProcess;
  /** Where raw hostile connections go. */
  readonly target: Http2Target;
  /** One call of the well-behaved client: a v2 Recommend of 10 books for a new reader, 5 s deadline. */
  goodCall(): Promise<unknown>;
  /** Closes the client and stops the service. */
  stop(): Promise<void>;
}

/** Options of {@link startAttackTarget}. */
export interface AttackTargetOptions {
  /** TLS: the directory of testkit's certificate files and their CA; plaintext when absent. */
  readonly certificates?: { readonly files: string; readonly ca: TestCertificates["ca"] };
  /** More environment variables, such as `GRPC_MAX_CONNECTION_IDLE_MS`. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Runs the real `main.js` (log level info, logs discarded) as in its container, where
 * Node sizes V8's heap from the 256 MiB memory limit: here `--max-old-space-size=128`
 * says so explicitly. Resolves once its port accepts connections and the
 * well-behaved client has been answered once.
 */
export async function startAttackTarget(options: AttackTargetOptions = {}): Promise<AttackTarget> {
  const tlsEnv: Record<string, string> = options.certificates
    ? { TLS_CERT: `${options.certificates.files}/server.crt`, TLS_KEY: `${options.certificates.files}/server.key` }
    : {};
  const service = await startRecommendationsProcess({
    nodeOptions: ["--max-old-space-size=128"],
    env: { LOG_LEVEL: "info", ...tlsEnv, ...options.env },
    stdout: "ignore",
  });
  const { port } = service;
  const ca = options.certificates?.ca;
  // TLS checks the name the certificate is for: localhost (an IP address is no TLS server name).
  const client = v2.createRecommendationsClient(`${ca ? "localhost" : "127.0.0.1"}:${port}`, {
    defaultTimeoutMs: 5000,
    ...(ca ? { tls: { ca } } : {}),
    channelOptions: { "grpc.service_config": JSON.stringify(WELL_BEHAVED_SERVICE_CONFIG) },
  });
  let n = 0;
  const goodCall = (): Promise<unknown> => client.recommend({ userId: `reader-${n++}`, pageSize: 10 });
  await goodCall();
  return {
    service,
    target: { port, ...(ca ? { tls: { ca, servername: "localhost" } } : {}) },
    goodCall,
    async stop() {
      client.close();
      await service.stop("SIGTERM", { killAfterMs: 5000 });
    },
  };
}
