// Health check of the Recommendations container (Docker HEALTHCHECK, and the Kubernetes
// exec probe when mutual TLS is on, since the kubelet's native gRPC probe cannot speak
// TLS). Asks grpc.health.v1.Health/Check for the server's overall status on
// 127.0.0.1:$GRPC_PORT and exits 0 when it is SERVING, 1 otherwise (NOT_SERVING while the
// server drains, unreachable, or no answer within HEALTH_CHECK_TIMEOUT_MS, default 2000).
// It reads the service's own variables: with TLS_CERT and TLS_KEY it connects over TLS;
// with TLS_CLIENT_CA too it trusts that CA and presents TLS_CERT as its client
// certificate (the dev CA script issues the server certificate for both uses). Copied
// into the image beside node_modules, so @grpc/grpc-js resolves from there.
import { readFileSync } from "node:fs";
import { Client, credentials } from "@grpc/grpc-js";

const SERVING = 1;
const env = (name) => (process.env[name] === "" ? undefined : process.env[name]);
const port = env("GRPC_PORT") ?? "50051";
const timeoutMs = Number(env("HEALTH_CHECK_TIMEOUT_MS") ?? 2000);

function channelCredentials() {
  const cert = env("TLS_CERT");
  const key = env("TLS_KEY");
  if (cert === undefined || key === undefined) return credentials.createInsecure();
  const ca = env("TLS_CLIENT_CA");
  if (ca === undefined) {
    // Server-side TLS only: no CA to verify against; the call goes to this container itself.
    return credentials.createSsl(null, null, null, { rejectUnauthorized: false });
  }
  return credentials.createSsl(readFileSync(ca), readFileSync(key), readFileSync(cert));
}

const client = new Client(`127.0.0.1:${port}`, channelCredentials(), {
  "grpc.ssl_target_name_override": "localhost",
  "grpc.default_authority": "localhost",
});
const empty = Buffer.alloc(0);
client.makeUnaryRequest(
  "/grpc.health.v1.Health/Check",
  () => empty, // HealthCheckRequest { service: "" }: the server's overall status
  (bytes) => bytes,
  empty,
  { deadline: Date.now() + timeoutMs },
  (error, response) => {
    client.close();
    // HealthCheckResponse { status = 1 (varint) }: field 1, wire type 0 → tag byte 0x08.
    const status = response !== undefined && response[0] === 0x08 ? response[1] : 0;
    if (error) process.stderr.write(`health check failed: ${error.message}\n`);
    else if (status !== SERVING) process.stderr.write(`health check: status ${status}, not SERVING\n`);
    process.exit(!error && status === SERVING ? 0 : 1);
  },
);
