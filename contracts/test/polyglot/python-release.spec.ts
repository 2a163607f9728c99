import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startRecommendationsServer, type RecommendationsServer } from "@onlinebooks/ts-recommendations";
import { expect } from "chai";
import pino from "pino";
import { parse as parseToml } from "smol-toml";
import { readPythonPackage } from "../../release/release-packages.js";
import { envWithoutNpmConfig, repoRoot } from "../workspace.js";
import { startLocalPythonIndex, type LocalPythonIndex } from "./local-python-index.js";

const run = promisify(execFile);
/** Every command here is bounded: pip and twine talk to the network. */
const bounded = { timeout: 240_000, maxBuffer: 16 * 1024 * 1024 };
const pythonDir = join(repoRoot, "clients/python");
const toolchainPython = join(pythonDir, ".venv/bin/python");

/** A client that calls both API versions by the installed package's stubs and prints ids and versions as JSON. */
const CALL_PY = `import importlib.metadata
import json
import sys

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from recommendations.v1 import recommendations_pb2 as v1, recommendations_pb2_grpc as v1_grpc
from recommendations.v2 import recommendations_pb2 as v2, recommendations_pb2_grpc as v2_grpc

with grpc.insecure_channel(sys.argv[1]) as channel:
    one = v1_grpc.RecommendationsStub(channel).Recommend(
        v1.RecommendationRequest(user_id=7, category=v1.SCIENCE_FICTION, max_results=3), timeout=10)
    stub = v2_grpc.RecommendationServiceStub(channel)
    two = stub.Recommend(v2.RecommendRequest(user_id="7", categories=[v2.BOOK_CATEGORY_SCIENCE_FICTION], page_size=3), timeout=10)
    try:
        stub.Recommend(v2.RecommendRequest(page_size=500), timeout=10)
    except grpc.RpcError as error:
        bad_request = error_details_pb2.BadRequest()
        violated = [v.field for d in rpc_status.from_call(error).details if d.Unpack(bad_request) for v in bad_request.field_violations]
versions = {name: importlib.metadata.version(name) for name in ("onlinebooks-recommendations", "grpcio", "grpcio-status", "protobuf")}
print(json.dumps({"v1": [str(r.id) for r in one.recommendations], "v2": [r.book.id for r in two.recommendations], "violated": violated, "versions": versions}))
`;

interface CallResult {
  v1: string[];
  v2: string[];
  violated: string[];
  versions: Record<string, string>;
}

/** The lower bound of each `name>=X,<Y` dependency of pyproject.toml. */
function dependencyFloors(): Record<string, string> {
  const pyproject = parseToml(readFileSync(join(pythonDir, "pyproject.toml"), "utf8")) as { project: { dependencies: string[] } };
  return Object.fromEntries(
    pyproject.project.dependencies.map((requirement) => {
      const match = /^([A-Za-z0-9_.-]+)\s*>=\s*([0-9.]+)/.exec(requirement);
      if (match === null) throw new Error(`no lower bound in ${requirement}`);
      return [match[1], match[2]];
    }),
  );
}

/** The lowest grpcio and protobuf the generated modules accept, as they check it at import. */
function generatedCodeFloors(): Record<string, string> {
  const grpc = new Set<string>();
  const protobuf = new Set<string>();
  for (const version of ["v1", "v2"]) {
    const dir = join(pythonDir, "src/recommendations", version);
    const stubs = readFileSync(join(dir, "recommendations_pb2_grpc.py"), "utf8");
    grpc.add(/^GRPC_GENERATED_VERSION = '([^']+)'/m.exec(stubs)?.[1] ?? "none");
    const messages = readFileSync(join(dir, "recommendations_pb2.py"), "utf8");
    const check = /ValidateProtobufRuntimeVersion\(\s*_runtime_version\.Domain\.PUBLIC,\s*(\d+),\s*(\d+),\s*(\d+),/.exec(messages);
    protobuf.add(check === null ? "none" : check.slice(1, 4).join("."));
  }
  expect(grpc.size, "one grpcio generator version").to.equal(1);
  expect(protobuf.size, "one protobuf gencode version").to.equal(1);
  return { grpcio: [...grpc][0] ?? "", protobuf: [...protobuf][0] ?? "" };
}

describe("Python: npm run publish:clients against a local PyPI-compatible index (pypiserver)", function () {
  this.timeout(600_000);
  const pkg = readPythonPackage(repoRoot);
  const requirement = `${pkg.name}==${pkg.version}`;
  const work = mkdtempSync(join(tmpdir(), "python-release-"));
  const inherited = envWithoutNpmConfig();
  let index: LocalPythonIndex;
  let server: RecommendationsServer;
  let releaseEnv: NodeJS.ProcessEnv;

  /** Makes a fresh virtual environment, installs `requirements` from PyPI plus the local index, and calls the server with it. */
  async function installAndCall(name: string, requirements: string[]): Promise<{ call: CallResult; from: string }> {
    const venv = join(work, name);
    await run("python3", ["-m", "venv", venv], bounded);
    const report = join(work, `${name}-report.json`);
    await run(join(venv, "bin/pip"), ["install", "--quiet", "--extra-index-url", index.simpleUrl, "--report", report, ...requirements], {
      ...bounded,
      env: { ...inherited, PIP_DISABLE_PIP_VERSION_CHECK: "1" },
    });
    const installed = (JSON.parse(readFileSync(report, "utf8")) as { install: { metadata: { name: string }; download_info: { url: string } }[] }).install;
    const ours = installed.find((item) => item.metadata.name === pkg.name);
    const { stdout } = await run(join(venv, "bin/python"), [join(work, "call.py"), server.address], bounded);
    return { call: JSON.parse(stdout) as CallResult, from: ours?.download_info.url ?? "not installed" };
  }

  before(async () => {
    await run("sh", [join(pythonDir, "tools/setup.sh")], bounded);
    index = await startLocalPythonIndex(toolchainPython);
    releaseEnv = { ...inherited, TWINE_REPOSITORY_URL: index.uploadUrl, TWINE_USERNAME: index.username, TWINE_PASSWORD: index.password };
    server = await startRecommendationsServer({ host: "127.0.0.1", port: 0, logger: pino({ level: "silent" }) });
    writeFileSync(join(work, "call.py"), CALL_PY);
  });
  after(async () => {
    await server?.shutdown();
    await index?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("declares grpcio and protobuf from exactly the versions its generated code requires, grpcio-status with grpcio", () => {
    const { "grpcio-status": status, ...generated } = dependencyFloors();
    expect(generated).to.deep.equal(generatedCodeFloors());
    expect(status).to.equal(generated["grpcio"]);
  });

  it("publishes the sdist and the wheel with twine's TWINE_* settings, then skips them when run again", async () => {
    const publish = () => run("npm", ["run", "--silent", "publish:clients", "--", "--only", "python"], { ...bounded, cwd: repoRoot, env: releaseEnv });
    const first = await publish();
    expect(first.stdout).to.contain(`python index: ${index.uploadUrl}`);
    expect(first.stdout).to.match(new RegExp(`^published ${requirement.replace(/\./g, "\\.")}$`, "m"));
    const stem = `onlinebooks_recommendations-${pkg.version}`;
    expect(readdirSync(index.packagesDir).sort()).to.deep.equal([`${stem}-py3-none-any.whl`, `${stem}.tar.gz`]);

    const again = await publish();
    expect(again.stdout).to.match(new RegExp(`^skipped +${requirement.replace(/\./g, "\\.")} \\(already published\\)$`, "m"));
    expect(again.stdout).not.to.match(/^published/m);
  });

  it("installs by name and version into a fresh virtual environment, which then calls the running server", async () => {
    const { call, from } = await installAndCall("venv-newest", [requirement]);
    expect(from, "downloaded from the local index").to.match(new RegExp(`^${index.uploadUrl}`));
    expect(call.versions[pkg.name]).to.equal(pkg.version);
    expect(call.v1).to.have.length(3);
    expect(call.v2).to.deep.equal(call.v1);
    expect(call.violated, "the error details, decoded").to.deep.equal(["user_id", "page_size"]);
  });

  it("works with the lowest grpcio, grpcio-status and protobuf it allows", async () => {
    const floors = dependencyFloors();
    const pins = Object.entries(floors).map(([name, version]) => `${name}==${version}`);
    const { call } = await installAndCall("venv-lowest", [requirement, ...pins]);
    expect(call.versions).to.deep.equal({ [pkg.name]: pkg.version, ...floors });
    expect(call.v1).to.have.length(3);
    expect(call.v2).to.deep.equal(call.v1);
    expect(call.violated).to.deep.equal(["user_id", "page_size"]);
  });
});
