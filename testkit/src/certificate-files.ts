import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestCertificates } from "./certificates.js";

/** Test certificates written as PEM files into a temporary directory. */
export interface CertificateFiles {
  /**
   * The directory holding `ca.crt`, `server.crt`/`server.key`, `client.crt`/`client.key`
   * and `expired.crt`/`expired.key` (the client certificate that expired yesterday).
   */
  readonly dir: string;
  /** Removes the directory. */
  remove(): void;
}

/**
 * Writes `certs` as PEM files (names listed on {@link CertificateFiles.dir}) into a new
 * temporary directory, for code under test that reads certificates from paths. No CA
 * key is written. Call `remove()` when done.
 */
export function writeCertificateFiles(certs: TestCertificates): CertificateFiles {
  const dir = mkdtempSync(join(tmpdir(), "testkit-cert-files-"));
  const files: Record<string, Buffer> = {
    "ca.crt": certs.ca,
    "server.crt": certs.serverCert,
    "server.key": certs.serverKey,
    "client.crt": certs.clientCert,
    "client.key": certs.clientKey,
    "expired.crt": certs.expiredClientCert,
    "expired.key": certs.expiredClientKey,
  };
  for (const [name, pem] of Object.entries(files)) writeFileSync(join(dir, name), pem, { mode: 0o600 });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
