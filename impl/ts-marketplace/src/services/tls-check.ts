import { X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import { connect } from "node:tls";
import type { Logger } from "pino";
import type { TlsOptions } from "@onlinebooks/recommendations-v2";

/** Options of {@link checkRecommendationsTls}. */
export interface TlsCheckOptions {
  /** The grpc target of the Recommendations service (`host:port`, `[v6]:port` or `dns:///host:port`). */
  readonly target: string;
  /** The TLS material the channels use. */
  readonly tls: TlsOptions;
  /** Where the verdict is logged. */
  readonly logger: Logger;
}

/** How long the handshake may take, in milliseconds. */
const HANDSHAKE_TIMEOUT_MS = 3000;

/** The verdict of {@link checkRecommendationsTls}. */
export type TlsCheckResult =
  | { readonly outcome: "ok" }
  | { readonly outcome: "wrong"; readonly problems: readonly string[] }
  | { readonly outcome: "unreachable"; readonly reason: string };

const HINT = "check RECOMMENDATIONS_TLS_CA, RECOMMENDATIONS_TLS_CERT and RECOMMENDATIONS_TLS_KEY; pages show a notice instead of books until then";

/**
 * Checks the marketplace's TLS material once, at start-up, and logs one clear line:
 * grpc-js reports a refused client certificate only as "UNAVAILABLE: Failed to
 * connect", so wrong certificates would otherwise look like a service that is down.
 * Looks at the certificates' validity dates (whether files parse and the key matches
 * is checked by `loadConfig`), then makes one TLS handshake with them to the service,
 * the way its channels do (ALPN h2), and waits for the service's first HTTP/2 bytes.
 * `error` "recommendations TLS is misconfigured: …" says what is wrong (an expired
 * certificate, a service certificate our CA did not sign, a client certificate the
 * service refused or did not get); `info` when the service answers; `warn` when it
 * cannot be reached at all (not a TLS problem). Never throws.
 */
export async function checkRecommendationsTls(options: TlsCheckOptions): Promise<TlsCheckResult> {
  const { logger, target } = options;
  const problems = inspectMaterial(options.tls, Date.now());
  const endpoint = parseTarget(target);
  let result: TlsCheckResult;
  if (endpoint === undefined) {
    result = problems.length > 0 ? { outcome: "wrong", problems } : { outcome: "ok" };
  } else {
    const handshake = await handshakeWith(endpoint, options.tls, HANDSHAKE_TIMEOUT_MS);
    if (handshake.kind === "refused") result = problems.length > 0 ? { outcome: "wrong", problems } : { outcome: "unreachable", reason: handshake.reason };
    else if (handshake.kind === "failed") result = { outcome: "wrong", problems: [...problems, `the TLS handshake with ${target} failed: ${handshake.reason}`] };
    else result = problems.length > 0 ? { outcome: "wrong", problems } : { outcome: "ok" };
  }
  if (result.outcome === "wrong") logger.error({ target, problems: result.problems }, `recommendations TLS is misconfigured: ${result.problems.join("; ")}; ${HINT}`);
  else if (result.outcome === "unreachable") logger.warn({ target, reason: result.reason }, "recommendations TLS not checked: the service cannot be reached yet");
  else logger.info({ target }, "recommendations TLS handshake ok");
  return result;
}

function inspectMaterial(tls: TlsOptions, now: number): string[] {
  const problems: string[] = [];
  const certificate = (variable: string, pem: Buffer | undefined): X509Certificate | undefined => {
    if (pem === undefined) return undefined;
    try {
      const parsed = new X509Certificate(pem);
      if (Date.parse(parsed.validTo) < now) problems.push(`${variable} expired on ${new Date(parsed.validTo).toISOString()}`);
      else if (Date.parse(parsed.validFrom) > now) problems.push(`${variable} is not valid before ${new Date(parsed.validFrom).toISOString()}`);
      return parsed;
    } catch {
      problems.push(`${variable} is not a PEM certificate`);
      return undefined;
    }
  };
  certificate("RECOMMENDATIONS_TLS_CA", tls.ca);
  certificate("RECOMMENDATIONS_TLS_CERT", tls.cert);
  return problems;
}

function parseTarget(target: string): { host: string; port: number } | undefined {
  const match = /^(?:dns:(?:\/\/[^/]*)?\/)?(\[[0-9A-Fa-f:.]+\]|[^:/[\]]+):(\d{1,5})$/.exec(target);
  if (!match?.[1] || !match[2]) return undefined;
  return { host: match[1].replace(/^\[|\]$/g, ""), port: Number(match[2]) };
}

type Handshake = { kind: "ok" } | { kind: "failed"; reason: string } | { kind: "refused"; reason: string };

/** One TLS connection as a grpc-js channel makes it; waits for the server's first HTTP/2 bytes (TLS 1.3 servers refuse a client certificate only after the handshake). */
function handshakeWith(endpoint: { host: string; port: number }, tls: TlsOptions, timeoutMs: number): Promise<Handshake> {
  return new Promise((resolve) => {
    let handshaken = false;
    const socket = connect({
      host: endpoint.host,
      port: endpoint.port,
      ca: tls.ca,
      cert: tls.cert,
      key: tls.key,
      ALPNProtocols: ["h2"],
      ...(isIP(endpoint.host) === 0 ? { servername: endpoint.host } : {}),
    });
    const done = (result: Handshake): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({ kind: "refused", reason: `no TLS answer within ${timeoutMs} ms` }), timeoutMs);
    socket.once("secureConnect", () => (handshaken = true));
    socket.once("data", () => done({ kind: "ok" }));
    socket.once("error", (error: NodeJS.ErrnoException) => {
      const network = ["ECONNREFUSED", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT"].includes(error.code ?? "");
      const reason = (error.message.split("\n")[0] ?? "").replace(/^.*SSL routines:[^:]*:/, "").replace(/:\.\.\/deps\/.*$/, "");
      done(network ? { kind: "refused", reason: error.code ?? reason } : { kind: "failed", reason });
    });
    // A TLS 1.3 server checks the client certificate after the handshake and, when it
    // refuses it, may just close the connection without an alert.
    socket.once("end", () =>
      done({
        kind: "failed",
        reason: handshaken && tls.cert ? "the service closed the connection right after the handshake: it refused our client certificate" : "the service closed the connection during the handshake",
      }),
    );
  });
}
