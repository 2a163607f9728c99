import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startRecommendationsServer, type RecommendationsServer } from "@onlinebooks/ts-recommendations";
import { expect } from "chai";
import pino from "pino";
import { startLocalRegistry, type LocalRegistry } from "./local-registry.js";
import { createConsumerProject, envWithoutNpmConfig, repoRoot } from "./workspace.js";

const run = promisify(execFile);

describe("npm run publish:clients against a real registry", function () {
  this.timeout(300_000);
  let registry: LocalRegistry;
  let server: RecommendationsServer;
  const work = mkdtempSync(join(tmpdir(), "publish-"));
  // The npm commands run here must see the test registry only.
  const inherited = envWithoutNpmConfig();
  /** npm's environment for the release: only the local registry, with its token. */
  let releaseEnv: NodeJS.ProcessEnv;

  before(async () => {
    registry = await startLocalRegistry();
    const npmrc = join(work, "release.npmrc");
    writeFileSync(npmrc, `registry=${registry.url}\n//${new URL(registry.url).host}/:_authToken=${registry.token}\n`);
    releaseEnv = { ...inherited, npm_config_userconfig: npmrc, npm_config_registry: registry.url };
    server = await startRecommendationsServer({ host: "127.0.0.1", port: 0, logger: pino({ level: "silent" }) });
  });
  after(async () => {
    await server?.shutdown();
    await registry?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("publishes every client package, then skips them when run again", async () => {
    const first = await run("npm", ["run", "--silent", "publish:clients", "--", "--only", "npm"], { cwd: repoRoot, env: releaseEnv });
    expect(first.stdout).to.contain(`registry: ${registry.url}`);
    expect(first.stdout).to.match(/^published @onlinebooks\/grpc-es@\d+\.\d+\.\d+$/m);
    expect(first.stdout).to.match(/^published @onlinebooks\/recommendations-v1@/m);
    expect(first.stdout).to.match(/^published @onlinebooks\/recommendations-v2@/m);
    expect(first.stdout.indexOf("grpc-es@"), "dependencies first").to.be.lessThan(first.stdout.indexOf("recommendations-v1@"));
    expect(first.stdout).to.match(/^deprecated @onlinebooks\/recommendations-v1@<=/m);

    const again = await run("npm", ["run", "--silent", "publish:clients", "--", "--only", "npm"], { cwd: repoRoot, env: releaseEnv });
    expect(again.stdout).not.to.match(/^published/m);
    expect(again.stdout.match(/^skipped/gm)).to.have.length(3);
  });

  it("marks v1 deprecated on the registry", async () => {
    const { stdout } = await run("npm", ["view", "@onlinebooks/recommendations-v1", "deprecated"], { cwd: work, env: releaseEnv });
    expect(stdout).to.match(/move to @onlinebooks\/recommendations-v2/);
  });

  it("refuses a release tag that does not match the package version", async () => {
    const error = await run("npm", ["run", "--silent", "publish:clients", "--", "--only", "npm", "--tag", "recommendations-v2@9.9.9"], {
      cwd: repoRoot,
      env: releaseEnv,
    }).catch((e: unknown) => e as { code: number; stderr: string });
    expect(error).to.have.property("code", 1);
    expect((error as { stderr: string }).stderr).to.match(/tag recommendations-v2@9\.9\.9 does not match @onlinebooks\/recommendations-v2/);
  });

  it("installs by name into an empty project, which then calls the running server", async () => {
    const project = join(work, "consumer");
    await createConsumerProject(project, ["@onlinebooks/recommendations-v1", "@onlinebooks/recommendations-v2"], {
      npmrc: `@onlinebooks:registry=${registry.url}\n`,
      env: inherited,
    });
    writeFileSync(
      join(project, "call.js"),
      `import * as v1 from "@onlinebooks/recommendations-v1";
import * as v2 from "@onlinebooks/recommendations-v2";
const a = v1.createRecommendationsClient(process.argv[2]);
const b = v2.createRecommendationsClient(process.argv[2]);
const one = await a.recommend({ userId: 7, category: v1.BookCategory.SCIENCE_FICTION, maxResults: 3 });
const two = await b.recommend({ userId: "7", categories: [v2.BookCategory.SCIENCE_FICTION], pageSize: 3 });
console.log(JSON.stringify({ v1: one.recommendations.map((r) => String(r.id)), v2: two.recommendations.map((r) => r.book.id) }));
a.close(); b.close();
`,
    );
    const { stdout } = await run("node", ["call.js", server.address], { cwd: project });
    const ids = JSON.parse(stdout) as { v1: string[]; v2: string[] };
    expect(ids.v1).to.have.length(3);
    expect(ids.v2).to.deep.equal(ids.v1);
  });
});
