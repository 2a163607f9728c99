import { expect } from "chai";
import { status as GrpcStatus } from "@grpc/grpc-js";
import * as v2 from "@onlinebooks/recommendations-v2";
import { createTestCertificates, type TestCertificates } from "@onlinebooks/testkit";
import { startTestServer } from "../testing/test-server.js";

async function listCategories(address: string, options: v2.RecommendationsClientOptions): Promise<number> {
  const client = v2.createRecommendationsClient(address, { defaultTimeoutMs: 3000, ...options });
  try {
    return (await client.listCategories({})).categories.length;
  } catch (error) {
    return -(error as v2.GrpcError).code;
  } finally {
    client.close();
  }
}

describe("TLS and mutual TLS", () => {
  let certs: TestCertificates;
  let otherCa: TestCertificates;

  before(function () {
    this.timeout(30_000);
    certs = createTestCertificates({ caName: "Recommendations Test CA" });
    otherCa = createTestCertificates({ caName: "Some Other CA" });
  });

  it("serves TLS to clients that trust the CA and refuses plaintext", async () => {
    const server = await startTestServer({ tls: { cert: certs.serverCert, key: certs.serverKey } });
    try {
      const address = `localhost:${server.port}`;
      expect(await listCategories(address, { tls: { ca: certs.ca } })).to.equal(10);
      expect(await listCategories(address, {})).to.equal(-GrpcStatus.UNAVAILABLE);
      expect(await listCategories(address, { tls: { ca: otherCa.ca } })).to.equal(-GrpcStatus.UNAVAILABLE);
    } finally {
      server.forceShutdown();
    }
  });

  it("with a client CA, serves only clients presenting a valid certificate that CA signed: not none, another CA's, an expired one or plaintext", async () => {
    const server = await startTestServer({ tls: { cert: certs.serverCert, key: certs.serverKey, clientCa: certs.ca } });
    try {
      const address = `localhost:${server.port}`;
      expect(await listCategories(address, { tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey } })).to.equal(10);
      expect(await listCategories(address, { tls: { ca: certs.ca } })).to.equal(-GrpcStatus.UNAVAILABLE);
      expect(await listCategories(address, { tls: { ca: certs.ca, cert: otherCa.clientCert, key: otherCa.clientKey } })).to.equal(-GrpcStatus.UNAVAILABLE);
      expect(await listCategories(address, { tls: { ca: certs.ca, cert: certs.expiredClientCert, key: certs.expiredClientKey } })).to.equal(-GrpcStatus.UNAVAILABLE);
      expect(await listCategories(address, {})).to.equal(-GrpcStatus.UNAVAILABLE);
      // The server stays healthy for good clients after refusing the others.
      expect(await listCategories(address, { tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey } })).to.equal(10);
    } finally {
      server.forceShutdown();
    }
  });
});
