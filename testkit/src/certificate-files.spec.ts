import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { createTestCertificates } from "./certificates.js";
import { writeCertificateFiles } from "./certificate-files.js";

describe("writeCertificateFiles", () => {
  it("writes every certificate and key as a PEM file and removes them again", () => {
    const certs = createTestCertificates();
    const files = writeCertificateFiles(certs);
    try {
      const read = (name: string): Buffer => readFileSync(join(files.dir, name));
      expect(read("ca.crt").equals(certs.ca)).to.equal(true);
      expect(read("server.crt").equals(certs.serverCert)).to.equal(true);
      expect(read("server.key").equals(certs.serverKey)).to.equal(true);
      expect(read("client.crt").equals(certs.clientCert)).to.equal(true);
      expect(read("client.key").equals(certs.clientKey)).to.equal(true);
      expect(read("expired.crt").equals(certs.expiredClientCert)).to.equal(true);
      expect(read("expired.key").equals(certs.expiredClientKey)).to.equal(true);
    } finally {
      files.remove();
    }
    expect(existsSync(files.dir)).to.equal(false);
  });
});
