/** The index Python distributions are uploaded to, named by twine's standard variables. */
export interface PythonIndexConfig {
  /** `TWINE_REPOSITORY_URL`: the upload endpoint, e.g. `https://upload.pypi.org/legacy/`. */
  readonly uploadUrl: string;
  /** `TWINE_USERNAME` (`__token__` with a PyPI API token). */
  readonly username: string | undefined;
  /** `TWINE_PASSWORD`. */
  readonly password: string | undefined;
}

/** What a release run reads from its environment. */
export interface ReleaseConfig {
  /** The Python index, or undefined when `TWINE_REPOSITORY_URL` is not set. */
  readonly pythonIndex: PythonIndexConfig | undefined;
}

/** Reads the release settings from the environment, once. */
export function readReleaseConfig(env: NodeJS.ProcessEnv = process.env): ReleaseConfig {
  const uploadUrl = env["TWINE_REPOSITORY_URL"];
  if (uploadUrl === undefined || uploadUrl === "") return { pythonIndex: undefined };
  try {
    new URL(uploadUrl);
  } catch {
    throw new Error(`TWINE_REPOSITORY_URL is not a URL: ${uploadUrl}`);
  }
  return { pythonIndex: { uploadUrl, username: env["TWINE_USERNAME"], password: env["TWINE_PASSWORD"] } };
}
