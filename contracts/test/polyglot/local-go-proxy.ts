import { execFile } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { repoRoot } from "../workspace.js";

/** A Go module proxy in a directory, serving one tagged module version. */
export interface LocalGoProxy {
  /** The `file://` URL to put in `GOPROXY`. */
  readonly url: string;
  /** The proxy's directory. */
  readonly dir: string;
  /** What it serves, `module@version`. */
  readonly served: string;
}

const tool = join(repoRoot, "clients/go/tools/module-proxy");

/**
 * Writes a module proxy into `dir` in the GOPROXY protocol's layout
 * (`<module>/@v/{list,<version>.info,.mod,.zip}`) that serves exactly the module
 * version tagged `tag` (`clients/go/vX.Y.Z`) in the git clone `repo`, using
 * clients/go/tools/module-proxy (golang.org/x/mod/zip, as the go command zips modules).
 */
export async function writeLocalGoProxy(options: { repo: string; tag: string; dir: string }): Promise<LocalGoProxy> {
  const { stdout } = await promisify(execFile)("go", ["run", ".", "-repo", options.repo, "-tag", options.tag, "-out", options.dir], {
    cwd: tool,
    timeout: 300_000,
  });
  return { url: pathToFileURL(options.dir).href, dir: options.dir, served: stdout.trim() };
}
