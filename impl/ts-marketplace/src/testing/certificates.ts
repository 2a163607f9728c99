import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** PEM files of a throw-away CA, a server certificate for 127.0.0.1 and client certificates. */
export interface CertificateFiles {
  /** The directory holding `ca.crt`, `server.crt`/`.key`, `client.crt`/`.key` and `expired.crt`/`.key` (a client certificate that expired yesterday). */
  readonly dir: string;
  /** Removes the directory. */
  remove(): void;
}

/** Creates the certificates with the openssl CLI (P-256 keys, valid for two days but the expired one). */
export function createCertificateFiles(): CertificateFiles {
  const dir = mkdtempSync(join(tmpdir(), "marketplace-certs-"));
  const openssl = (...args: string[]): void => void execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  openssl("req", "-x509", ...key, "-days", "2", "-subj", "/CN=Marketplace Test CA", "-keyout", "ca.key", "-out", "ca.crt");
  for (const [name, extensions, days] of [
    ["server", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n", "2"],
    ["client", "extendedKeyUsage=clientAuth\n", "2"],
    ["expired", "extendedKeyUsage=clientAuth\n", "-1"],
  ] as const) {
    writeFileSync(join(dir, `${name}.ext`), extensions);
    openssl("req", ...key, "-subj", `/CN=${name}`, "-keyout", `${name}.key`, "-out", `${name}.csr`);
    openssl("x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
      "-days", days, "-extfile", `${name}.ext`, "-out", `${name}.crt`);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
