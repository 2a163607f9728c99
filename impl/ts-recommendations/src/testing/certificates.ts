import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** PEM material of a throw-away CA with a server certificate (localhost, 127.0.0.1) and client certificates. */
export interface TestCertificates {
  readonly ca: Buffer;
  readonly serverCert: Buffer;
  readonly serverKey: Buffer;
  readonly clientCert: Buffer;
  readonly clientKey: Buffer;
  /** A client certificate signed by the same CA that expired yesterday. */
  readonly expiredClientCert: Buffer;
  readonly expiredClientKey: Buffer;
}

/**
 * Makes a P-256 CA named `caName` and three certificates it signs, with the openssl
 * CLI in a temporary directory that is removed again. Valid for one day, except the
 * expired client certificate.
 */
export function createTestCertificates(caName = "Recommendations Test CA"): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), "recs-certs-"));
  const run = (...args: string[]): void => void execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  try {
    run("req", "-x509", ...ec, "-days", "1", "-subj", `/CN=${caName}`, "-keyout", "ca.key", "-out", "ca.crt");
    const sign = (name: string, extensions: string, days = "1"): void => {
      writeFileSync(join(dir, `${name}.ext`), extensions);
      run("req", ...ec, "-subj", `/CN=${name}`, "-keyout", `${name}.key`, "-out", `${name}.csr`);
      run("x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", days,
        "-extfile", `${name}.ext`, "-out", `${name}.crt`);
    };
    sign("localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    sign("client", "extendedKeyUsage=clientAuth\n");
    sign("expired", "extendedKeyUsage=clientAuth\n", "-1");
    const read = (name: string): Buffer => readFileSync(join(dir, name));
    return {
      ca: read("ca.crt"),
      serverCert: read("localhost.crt"),
      serverKey: read("localhost.key"),
      clientCert: read("client.crt"),
      clientKey: read("client.key"),
      expiredClientCert: read("expired.crt"),
      expiredClientKey: read("expired.key"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
