import { fileURLToPath } from "node:url";

/** The repository root (this file is compiled to `conformance/dist/`). */
const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The Python of the project-local virtualenv made by `clients/python/tools/setup.sh`. */
export const VENV_PYTHON = `${REPO_ROOT}clients/python/.venv/bin/python`;
/** The Python conformance runner. */
export const PYTHON_RUNNER = `${REPO_ROOT}conformance/python/runner.py`;
/** The Go module of the Go conformance runner. */
export const GO_RUNNER_MODULE = `${REPO_ROOT}conformance/go`;
/** The Go module of the minimal Go v2 server. */
export const GO_SERVER_MODULE = `${REPO_ROOT}impl/go-recommendations`;
