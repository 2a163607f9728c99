import { X509Certificate, createPrivateKey } from "node:crypto";
import { expect } from "chai";
import { createTestCertificates } from "./certificates.js";

describe("createTestCertificates", () => {
  const certs = createTestCertificates({ caName: "Kit CA" });
  const ca = new X509Certificate(certs.ca);

  it("makes a server certificate for localhost and 127.0.0.1 signed by a CA of the given name", () => {
    const server = new X509Certificate(certs.serverCert);
    expect(ca.subject).to.equal("CN=Kit CA");
    expect(server.verify(ca.publicKey)).to.equal(true);
    expect(server.checkHost("localhost")).to.equal("localhost");
    expect(server.checkIP("127.0.0.1")).to.equal("127.0.0.1");
    expect(server.checkPrivateKey(createPrivateKey(certs.serverKey))).to.equal(true);
  });

  it("makes a valid and an expired client certificate signed by the same CA", () => {
    const client = new X509Certificate(certs.clientCert);
    const expired = new X509Certificate(certs.expiredClientCert);
    expect(client.verify(ca.publicKey)).to.equal(true);
    expect(expired.verify(ca.publicKey)).to.equal(true);
    expect(Date.parse(client.validTo)).to.be.greaterThan(Date.now());
    expect(Date.parse(expired.validTo)).to.be.lessThan(Date.now());
    expect(expired.checkPrivateKey(createPrivateKey(certs.expiredClientKey))).to.equal(true);
  });

  it("makes a new CA on every call, which does not trust the other's certificates", () => {
    const other = createTestCertificates();
    expect(new X509Certificate(other.ca).subject).to.equal("CN=Test CA");
    expect(new X509Certificate(other.clientCert).verify(ca.publicKey)).to.equal(false);
  });
});

