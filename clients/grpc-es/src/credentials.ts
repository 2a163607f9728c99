import { credentials, type ChannelCredentials } from "@grpc/grpc-js";

/**
 * PEM material for a TLS channel. `ca` verifies the server (the system roots when
 * omitted); `cert` and `key` together present a client certificate for mutual TLS.
 */
export interface TlsOptions {
  /** CA certificate(s) that signed the server certificate, PEM. */
  ca?: Buffer;
  /** Client certificate chain, PEM; requires `key`. */
  cert?: Buffer;
  /** Private key of `cert`, PEM; requires `cert`. */
  key?: Buffer;
}

/**
 * Builds channel credentials: plaintext (insecure) without `tls`, server-verified TLS
 * with it, and mutual TLS when it carries a client certificate and key.
 */
export function createChannelCredentials(tls?: TlsOptions): ChannelCredentials {
  if (tls === undefined) return credentials.createInsecure();
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    throw new TypeError("TLS client authentication needs both `cert` and `key`");
  }
  return credentials.createSsl(tls.ca ?? null, tls.key ?? null, tls.cert ?? null);
}
