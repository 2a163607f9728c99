import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { repoRoot } from "../workspace.js";

/** A throw-away PyPI-compatible index (pypiserver) on 127.0.0.1, with a user allowed to upload. */
export interface LocalPythonIndex {
  /** Where twine uploads to (`TWINE_REPOSITORY_URL`), e.g. `http://127.0.0.1:41234/`. */
  readonly uploadUrl: string;
  /** The simple-API base pip installs from (`--index-url`), e.g. `http://127.0.0.1:41234/simple/`. */
  readonly simpleUrl: string;
  readonly username: string;
  readonly password: string;
  /** The directory holding the uploaded files. */
  readonly packagesDir: string;
  close(): Promise<void>;
}

const launcher = join(repoRoot, "contracts/test/polyglot/local-python-index.py");

/**
 * Starts pypiserver (from the Python toolchain `python`, i.e. clients/python/.venv) on a
 * free loopback port with its packages in a temporary directory. It serves only what is
 * uploaded to it (no fallback to PyPI), so a test proves what came from it. Rejects
 * when it has not announced its URL within 30 s. `close()` stops it and removes its files.
 */
export async function startLocalPythonIndex(python: string): Promise<LocalPythonIndex> {
  const dir = mkdtempSync(join(tmpdir(), "python-index-"));
  const packagesDir = join(dir, "packages");
  mkdirSync(packagesDir);
  const [username, password] = ["release-bot", "not-a-secret-1"];
  // Its stdin stays open while this process lives: if the test dies, the index stops too.
  const child = spawn(python, [launcher, packagesDir, username, password], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  // Settles when the process is gone (or could not start: its "error" then rejects `once`).
  const exited = once(child, "exit").then(
    () => undefined,
    (error: unknown) => void (stderr += String(error)),
  );
  const close = async () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    const lines = createInterface({ input: child.stdout });
    const firstLine = once(lines, "line") as Promise<[string]>;
    const failed = exited.then(() => {
      throw new Error(`pypiserver exited before serving:\n${stderr}`);
    });
    failed.catch(() => {}); // only the race below reports it
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`pypiserver did not start within 30 s:\n${stderr}`)), 30_000);
    });
    const [uploadUrl] = await Promise.race([firstLine, failed, timeout]);
    lines.close();
    return { uploadUrl, simpleUrl: `${uploadUrl}simple/`, username, password, packagesDir, close };
  } catch (error) {
    await close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
