import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** PEM material of a throw-away CA, a server certificate (localhost, 127.0.0.1) and client certificates it signed. */
export interface TestCertificates {
  /** The CA certificate. */
  readonly ca: Buffer;
  /** Server certificate for `DNS:localhost` and `IP:127.0.0.1` (extended key usage serverAuth). */
  readonly serverCert: Buffer;
  readonly serverKey: Buffer;
  /** Client certificate (extended key usage clientAuth). */
  readonly clientCert: Buffer;
  readonly clientKey: Buffer;
  /** A client certificate signed by the same CA that expired yesterday. */
  readonly expiredClientCert: Buffer;
  readonly expiredClientKey: Buffer;
}

/** Options of {@link createTestCertificates}. */
export interface TestCertificatesOptions {
  /** Common name of the CA; tells two CAs apart in error messages. Default `Test CA`. */
  readonly caName?: string;
  /** Days the CA and the valid certificates stay valid; default 2. */
  readonly days?: number;
}

/**
 * Makes a P-256 CA and, signed by it, a server, a client and an expired client
 * certificate, with the openssl CLI in a temporary directory that is removed again.
 * Every call makes a new CA, so two calls give two CAs that do not trust each other.
 */
export function createTestCertificates(options: TestCertificatesOptions = {}): TestCertificates {
  const days = String(options.days ?? 2);
  const dir = mkdtempSync(join(tmpdir(), "testkit-certs-"));
  const openssl = (...args: string[]): void => void execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  try {
    openssl("req", "-x509", ...newKey, "-days", days, "-subj", `/CN=${options.caName ?? "Test CA"}`, "-keyout", "ca.key", "-out", "ca.crt");
    const sign = (name: string, extensions: string, validDays: string): void => {
      writeFileSync(join(dir, `${name}.ext`), extensions);
      openssl("req", ...newKey, "-subj", `/CN=${name}`, "-keyout", `${name}.key`, "-out", `${name}.csr`);
      openssl("x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-days", validDays, "-extfile", `${name}.ext`, "-out", `${name}.crt`);
    };
    sign("localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n", days);
    sign("client", "extendedKeyUsage=clientAuth\n", days);
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
