import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect } from "chai";
import { imageStages, parseStages, withBuildArgs, type DockerInstruction, type DockerStage } from "./support/dockerfile-stages.js";
import { lockedWorkspaces, readRepoFile, REPO_ROOT } from "./support/repo.js";
import { installTools, runTool, type Tools } from "./support/tools.js";

interface HadolintFinding {
  code: string;
  level: string;
  line: number;
  message: string;
}

/** The one Dockerfile of both services. */
const DOCKERFILE = "deploy/docker/Dockerfile";

/** Each service: its `SERVICE` build argument (also the name of its stage), workspace, npm name and ports. */
const SERVICES = [
  { arg: "ts-recommendations", workspace: "impl/ts-recommendations", name: "@onlinebooks/ts-recommendations", ports: ["50051", "9464"] },
  { arg: "ts-marketplace", workspace: "impl/ts-marketplace", name: "@onlinebooks/ts-marketplace", ports: ["5000"] },
] as const;

const SECRET_FILE = /\.(key|pem|crt|p12|pfx)$|(^|\/)certs(\/|$)/i;

async function hadolint(tools: Tools, args: readonly string[], input?: string): Promise<HadolintFinding[]> {
  const stdout = await runTool(tools.hadolint, ["--no-fail", "--no-color", "-f", "json", ...args], { cwd: REPO_ROOT, input });
  return JSON.parse(stdout) as HadolintFinding[];
}

/** The trimmed lines of .dockerignore. */
const DOCKERIGNORE_LINES = readRepoFile(".dockerignore")
  .split("\n")
  .map((line) => line.trim());

/** The .dockerignore patterns (none negated) as regular expressions on context paths. */
const DOCKERIGNORE = DOCKERIGNORE_LINES
  .filter((line) => line !== "" && !line.startsWith("#"))
  .map((pattern) => {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*\*\//g, "\u0000")
      .replace(/\*/g, "[^/]*")
      .replace(/\u0000/g, "(?:.*/)?");
    return new RegExp(`^${body}(?:/.*)?$`);
  });

/** The `package.json` of every workspace the lock file lists. */
const LOCKED_MANIFESTS = lockedWorkspaces().map((workspace) => `${workspace}/package.json`);

/** The workspace directory of every workspace package, by npm name, with its production dependencies. */
const WORKSPACES = new Map(
  lockedWorkspaces().map((dir) => {
    const manifest = JSON.parse(readRepoFile(`${dir}/package.json`)) as { name: string; dependencies?: Record<string, string> };
    return [manifest.name, { dir, dependencies: Object.keys(manifest.dependencies ?? {}) }] as const;
  }),
);

/** The directories of the workspace packages `name` depends on in production, directly or not. */
function workspaceDependencies(name: string, seen = new Set<string>()): Set<string> {
  for (const dependency of WORKSPACES.get(name)?.dependencies ?? []) {
    const workspace = WORKSPACES.get(dependency);
    if (workspace === undefined || seen.has(workspace.dir)) continue;
    seen.add(workspace.dir);
    workspaceDependencies(dependency, seen);
  }
  return seen;
}

function excludedFromContext(path: string): boolean {
  const normalized = path.replace(/^\.\//, "").replace(/\/$/, "");
  return DOCKERIGNORE.some((pattern) => pattern.test(normalized));
}

/** The .js files under a directory, as paths from the repository root. */
function jsFiles(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((path) => path.endsWith(".js"))
    .map((path) => relative(REPO_ROOT, join(REPO_ROOT, dir, path)));
}

/** The npm package names a module imports (bare specifiers; node: built-ins and relative paths left out). */
function importedPackages(source: string): string[] {
  const specifiers = [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)].map((match) => match[1]!);
  return specifiers
    .filter((specifier) => !specifier.startsWith(".") && !specifier.startsWith("node:"))
    .map((specifier) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/"));
}

function runs(stage: DockerStage): DockerInstruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === "RUN");
}

function npmCi(stage: DockerStage): DockerInstruction | undefined {
  return runs(stage).find((run) => run.args.join(" ").includes("npm ci"));
}

describe("Dockerfile", function () {
  let tools: Tools;

  before(async function () {
    this.timeout(15 * 60_000);
    tools = await installTools();
  });

  it("hadolint finds real problems (the linter runs)", async () => {
    const findings = await hadolint(tools, ["-"], "FROM node\nUSER root\nRUN cd /app && npm install\n");
    expect(findings.map((finding) => finding.code)).to.include.members(["DL3006", "DL3002", "DL3003"]);
  });

  const dockerfile = readRepoFile(DOCKERFILE);

  it(`${DOCKERFILE} passes hadolint with no finding at any level`, async () => {
    const findings = await hadolint(tools, [DOCKERFILE]);
    expect(findings.map((f) => `${f.line}: ${f.code} ${f.message}`)).to.deep.equal([]);
  });

  for (const service of SERVICES) {
    describe(`${DOCKERFILE} with SERVICE=${service.arg}`, () => {
      const stages = parseStages(withBuildArgs(dockerfile, { SERVICE: service.arg }));
      const image = imageStages(stages);
      /** The runtime image: the shared runtime stage and the service's own stage(s) on top, as one. */
      const runtime: DockerStage = {
        name: image.map((stage) => stage.name ?? "(last)").join(" → "),
        from: image[0]?.from ?? "",
        instructions: image.flatMap((stage) => stage.instructions),
      };

      it("is multi-stage: npm ci and the TypeScript build, then a slim runtime stage", () => {
        expect(stages.slice(0, 3).map((stage) => stage.name)).to.deep.equal(["build", "prod-deps", "runtime"]);
        expect(image.map((stage) => stage.name)).to.deep.equal(["runtime", service.arg, undefined]);
        expect(runtime.from).to.equal("${NODE_IMAGE}");
        const nodeImage = dockerfile.match(/^ARG NODE_IMAGE=(\S+)$/m)?.[1];
        expect(nodeImage, "the project's Node.js (.nvmrc), a pinned slim image").to.match(new RegExp(`^node:${readRepoFile(".nvmrc").trim().replaceAll(".", "\\.")}-\\w+-slim$`));
        const build = stages[0]!;
        expect(npmCi(build)?.args).to.include.members(["npm", "ci"]);
        expect(runs(build).map((run) => run.args.join(" ")).join("\n")).to.include(`tsc -b ${service.workspace}`);
      });

      it("installs only the service's production dependencies for the runtime", () => {
        const prodDeps = stages.find((stage) => stage.name === "prod-deps")!;
        const install = npmCi(prodDeps)?.args ?? [];
        expect(install).to.include.members(["--omit=dev", `--workspace=${service.name}`, "--include-workspace-root=false"]);
        const modules = runtime.instructions.filter((i) => i.keyword === "COPY" && i.args.some((arg) => arg.includes("node_modules")));
        expect(modules.map((copy) => copy.flags.get("from"))).to.deep.equal(["prod-deps"]);
        expect(runs(runtime), "no RUN (no npm) in the runtime stage").to.deep.equal([]);
      });

      it("copies the manifest of every workspace in the lock file before each npm ci", () => {
        for (const stage of stages.filter((s) => npmCi(s) !== undefined)) {
          const ci = npmCi(stage)!;
          const copied = stage.instructions
            .filter((i) => i.keyword === "COPY" && i.line < ci.line)
            .flatMap((copy) => copy.args.slice(0, -1))
            .map((source) => source.replace(/^\/src\//, ""));
          expect(copied, `stage ${stage.name}`).to.include.members(["package.json", "package-lock.json", ...LOCKED_MANIFESTS]);
        }
      });

      it("runs as a non-root user, with a health check, the default ports and the service's main.js", () => {
        const user = runtime.instructions.filter((i) => i.keyword === "USER").at(-1)?.args[0] ?? "root";
        expect(user).to.match(/^[1-9]\d*(:[1-9]\d*)?$/, "a numeric non-root uid, so that runAsNonRoot can be checked");
        expect(runtime.instructions.some((i) => i.keyword === "HEALTHCHECK")).to.equal(true);
        expect(runtime.instructions.filter((i) => i.keyword === "EXPOSE").flatMap((i) => i.args)).to.deep.equal([...service.ports]);
        const cmd = runtime.instructions.find((i) => i.keyword === "CMD")?.args.join(" ") ?? "";
        expect(cmd).to.include(`${service.workspace}/dist/main.js`);
        expect(cmd.startsWith("[")).to.equal(true, "exec form: node is PID 1 and gets SIGTERM");
      });

      it("ships only modules whose imports are production dependencies (what the build deletes is left out)", () => {
        const build = runs(stages[0]!).flatMap((run) => run.args);
        const deleted = build.filter((arg) => arg.startsWith(`${service.workspace}/dist/`));
        expect(build.join(" ")).to.include("-name '*.spec.*'");
        const manifest = JSON.parse(readRepoFile(`${service.workspace}/package.json`)) as { dependencies: Record<string, string> };
        const shipped = jsFiles(`${service.workspace}/dist`).filter(
          (file) => !file.endsWith(".spec.js") && !deleted.some((dir) => file.startsWith(`${dir}/`)),
        );
        expect(shipped).to.include(`${service.workspace}/dist/main.js`);
        const devImports = shipped.flatMap((file) =>
          importedPackages(readFileSync(join(REPO_ROOT, file), "utf8"))
            .filter((name) => manifest.dependencies[name] === undefined)
            .map((name) => `${file} imports ${name}`),
        );
        expect(devImports, "delete these from the image or make them dependencies").to.deep.equal([]);
      });

      it("ships the manifest and compiled code of every workspace package the service uses", () => {
        const copied = runtime.instructions
          .filter((i) => i.keyword === "COPY" && i.flags.get("from") === "build")
          .flatMap((copy) => copy.args.slice(0, -1));
        const dirs = [...workspaceDependencies(service.name)];
        expect(dirs, "the shared service kit is one of them").to.include("impl/service-kit");
        for (const dir of [service.workspace, ...dirs]) {
          expect(copied, dir).to.include.members([`/src/${dir}/package.json`, `/src/${dir}/dist`]);
        }
      });

      it("copies no key or certificate and sets no secret", () => {
        for (const stage of stages) {
          for (const copy of stage.instructions.filter((i) => i.keyword === "COPY" || i.keyword === "ADD")) {
            expect(copy.args.slice(0, -1).filter((source) => SECRET_FILE.test(source)), `line ${copy.line}`).to.deep.equal([]);
          }
          const variables = stage.instructions.filter((i) => i.keyword === "ENV" || i.keyword === "ARG").flatMap((i) => i.args);
          expect(variables.filter((v) => /KEY|SECRET|PASSWORD|TOKEN|TLS_/i.test(v.split("=")[0] ?? ""))).to.deep.equal([]);
        }
      });

      it("copies only files that exist in the context or in the build stage's output", () => {
        for (const stage of stages) {
          for (const copy of stage.instructions.filter((i) => i.keyword === "COPY")) {
            const from = copy.flags.get("from");
            for (const source of copy.args.slice(0, -1)) {
              if (from === "prod-deps") continue; // node_modules made by npm ci in the image
              const local = from === "build" ? source.replace(/^\/src\//, "") : source;
              expect(existsSync(join(REPO_ROOT, local)), `${DOCKERFILE}:${copy.line} ${source}`).to.equal(true);
              if (from === undefined) expect(excludedFromContext(source), `${DOCKERFILE}:${copy.line} ${source} is in .dockerignore`).to.equal(false);
            }
          }
        }
      });
    });
  }

  describe(".dockerignore", () => {
    it("keeps dependencies, build output, git and every key or certificate out of the build context", () => {
      expect(DOCKERIGNORE_LINES).to.include.members(["**/node_modules", "**/dist", ".git", "deploy/certs/out", "**/*.key", "**/*.crt", "**/*.pem"]);
      for (const path of ["node_modules/x", "impl/ts-marketplace/dist/main.js", "deploy/certs/out/ca.crt", "a/b/server.key", ".git/HEAD"]) {
        expect(excludedFromContext(path), path).to.equal(true);
      }
      expect(excludedFromContext("impl/ts-marketplace/src/main.ts")).to.equal(false);
    });
  });
});
