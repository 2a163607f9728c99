import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { answersOk, freePort, startMarketplaceProcess, startRecommendationsProcess, type ServiceProcess } from "@onlinebooks/testkit";
import { NOTICE } from "./support/notice.js";
import { DEPLOY_DIR } from "./support/repo.js";

const HEALTH_CHECK = join(DEPLOY_DIR, "docker/grpc-health-check.mjs");

/** Runs the container health check with the given environment; resolves its exit code. */
async function healthCheck(env: Record<string, string>): Promise<number> {
  try {
    await promisify(execFile)(process.execPath, [HEALTH_CHECK], { env: { PATH: process.env.PATH ?? "", ...env }, timeout: 10_000 });
    return 0;
  } catch (error) {
    return (error as { code?: number }).code ?? -1;
  }
}

function openssl(args: string[]): string {
  return execFileSync("openssl", args, { encoding: "utf8" });
}

describe("container health check and development certificates", function () {
  this.timeout(60_000);
  const started: ServiceProcess[] = [];
  let certs = "";

  before(() => {
    certs = mkdtempSync(join(tmpdir(), "dev-certs-"));
    execFileSync("bash", [join(DEPLOY_DIR, "certs/create-dev-certs.sh"), "--out", certs, "--namespace", "shop"], { stdio: "ignore" });
  });

  after(async () => {
    await Promise.all(started.map((p) => p.stop("SIGKILL")));
    rmSync(certs, { recursive: true, force: true });
  });

  async function startRecommendations(env: Record<string, string> = {}): Promise<number> {
    const recommendations = await startRecommendationsProcess({ env: { LOG_LEVEL: "warn", ...env } });
    started.push(recommendations);
    return recommendations.port;
  }

  it("the health check exits 0 for a serving plaintext server and 1 when nothing answers", async () => {
    const port = await startRecommendations();
    expect(await healthCheck({ GRPC_PORT: String(port) })).to.equal(0);
    expect(await healthCheck({ GRPC_PORT: String(await freePort()), HEALTH_CHECK_TIMEOUT_MS: "1000" })).to.equal(1);
  });

  it("the script issues a CA, a server certificate for the Service names and a client certificate", () => {
    for (const name of ["recommendations", "marketplace"]) {
      expect(openssl(["verify", "-CAfile", join(certs, "ca.crt"), join(certs, `${name}.crt`)])).to.include(": OK");
    }
    const server = openssl(["x509", "-in", join(certs, "recommendations.crt"), "-noout", "-ext", "subjectAltName,extendedKeyUsage"]);
    for (const name of ["DNS:recommendations,", "DNS:recommendations.shop.svc.cluster.local", "DNS:localhost", "IP Address:127.0.0.1"]) {
      expect(server).to.include(name);
    }
    const client = openssl(["x509", "-in", join(certs, "marketplace.crt"), "-noout", "-ext", "extendedKeyUsage"]);
    expect(client).to.include("TLS Web Client Authentication").and.not.include("Server Authentication");
  });

  it("mutual TLS works end to end with them: the health check and the marketplace get through, a client without a certificate does not", async () => {
    const tls = {
      TLS_CERT: join(certs, "recommendations.crt"),
      TLS_KEY: join(certs, "recommendations.key"),
      TLS_CLIENT_CA: join(certs, "ca.crt"),
    };
    const grpcPort = await startRecommendations(tls);
    expect(await healthCheck({ GRPC_PORT: String(grpcPort), ...tls })).to.equal(0);
    // TLS without a client certificate (the script presents one only with TLS_CLIENT_CA).
    const withoutClientCertificate = { GRPC_PORT: String(grpcPort), TLS_CERT: tls.TLS_CERT, TLS_KEY: tls.TLS_KEY, HEALTH_CHECK_TIMEOUT_MS: "1000" };
    expect(await healthCheck(withoutClientCertificate)).to.equal(1);

    const marketplace = await startMarketplaceProcess({
      env: {
        RECOMMENDATIONS_TARGET: `localhost:${grpcPort}`,
        RECOMMENDATIONS_API: "v2",
        RECOMMENDATIONS_TLS_CA: join(certs, "ca.crt"),
        RECOMMENDATIONS_TLS_CERT: join(certs, "marketplace.crt"),
        RECOMMENDATIONS_TLS_KEY: join(certs, "marketplace.key"),
        LOG_LEVEL: "warn",
      },
      ready: (service) => answersOk(`http://127.0.0.1:${service.port}/readyz`),
    });
    started.push(marketplace);
    const response = await fetch(`http://127.0.0.1:${marketplace.port}/`, { signal: AbortSignal.timeout(5000) });
    const html = await response.text();
    expect(response.status).to.equal(200);
    expect(html).to.not.include(NOTICE);
    expect(html).to.include('class="book-list"');
  });
});
