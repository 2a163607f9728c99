import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** PEM material of a throw-away CA with a server and a client certificate. */
export interface TestCertificates {
  ca: Buffer;
  serverCert: Buffer;
  serverKey: Buffer;
  clientCert: Buffer;
  clientKey: Buffer;
}

/**
 * Creates a CA and, signed by it, a server certificate for localhost / 127.0.0.1 and a
 * client certificate, with the openssl CLI in a temporary directory that is removed
 * afterwards. `commonName` tells two CAs apart.
 */
export function createTestCertificates(commonName = "Test CA"): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), "grpc-es-certs-"));
  const openssl = (...args: string[]): void => {
    execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  };
  try {
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
      "-subj", `/CN=${commonName}`, "-keyout", "ca.key", "-out", "ca.crt");
    const issue = (name: string, extensions: string): void => {
      writeFileSync(join(dir, `${name}.ext`), extensions);
      openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-subj", `/CN=${name}`, "-keyout", `${name}.key`, "-out", `${name}.csr`);
      openssl("x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-days", "2", "-extfile", `${name}.ext`, "-out", `${name}.crt`);
    };
    issue("localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    issue("client", "extendedKeyUsage=clientAuth\n");
    const read = (name: string): Buffer => readFileSync(join(dir, name));
    return {
      ca: read("ca.crt"),
      serverCert: read("localhost.crt"),
      serverKey: read("localhost.key"),
      clientCert: read("client.crt"),
      clientKey: read("client.key"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
