import { execFile, execFileSync, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addService } from "@onlinebooks/grpc-es";
import { Recommendations } from "@onlinebooks/recommendations-v1";
import { BookCategory, RecommendationService } from "@onlinebooks/recommendations-v2";
import { serveGrpc, type TestGrpcServer } from "@onlinebooks/testkit";
import { expect } from "chai";
import { findPublishablePackages } from "../release/publishable-packages.js";
import { readmeExample } from "./readme-example.js";
import { createConsumerProject, repoRoot } from "./workspace.js";

/** `npm -w` arguments selecting every publishable client package. */
const workspaceArgs = findPublishablePackages(repoRoot).flatMap((p) => ["-w", p.dir]);
const tsc = join(repoRoot, "node_modules/.bin/tsc");

/** A server that answers both API versions with fixed books, standing in for the real service. */
function startStubServer(): Promise<TestGrpcServer> {
  return serveGrpc((server) => {
    addService(server, Recommendations, {
      recommend: () => ({ recommendations: [{ id: 1, title: "The Maltese Falcon" }] }),
    });
    addService(server, RecommendationService, {
      recommend: (request) => ({
        recommendations: [{ book: { id: "2", title: "Murder on the Orient Express", authors: ["Agatha Christie"], publishedYear: 1934, category: BookCategory.MYSTERY } }],
        nextPageToken: request.pageToken === "" ? "page-2" : "",
      }),
      listCategories: () => ({ categories: [{ category: BookCategory.MYSTERY, displayName: "Mystery", bookCount: 1 }] }),
      async *batchRecommend(requests) {
        for await (const { requestId } of requests) yield { requestId, result: { case: "response", value: {} } };
      },
    });
  });
}

describe("published client packages", function () {
  this.timeout(240_000);
  const work = mkdtempSync(join(tmpdir(), "onlinebooks-consumer-"));
  const tarballs = join(work, "tarballs");
  const consumer = join(work, "consumer");

  before(async () => {
    mkdirSync(tarballs);
    mkdirSync(join(consumer, "src"), { recursive: true });
    execFileSync("npm", ["pack", "--silent", "--pack-destination", tarballs, ...workspaceArgs], {
      cwd: repoRoot,
      stdio: "pipe",
    });
    const files = readdirSync(tarballs).map((file) => join(tarballs, file));
    await createConsumerProject(consumer, [...files, "@types/node@^26"]);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it("ship compiled JavaScript, declarations and a README, without specs or test helpers", () => {
    const listing = JSON.parse(
      execFileSync("npm", ["pack", "--dry-run", "--json", ...workspaceArgs], { cwd: repoRoot, encoding: "utf8" }),
    ) as { name: string; files: { path: string }[] }[];
    for (const pack of listing) {
      const paths = pack.files.map((f) => f.path);
      expect(paths, pack.name).to.include.members(["package.json", "README.md", "dist/index.js", "dist/index.d.ts"]);
      expect(paths.filter((p) => /\.spec\.|testing\/|tsbuildinfo|src\//.test(p)), pack.name).to.deep.equal([]);
    }
  });

  it("type-check in a strict TypeScript project outside the repository", () => {
    writeFileSync(join(consumer, "src/v1-example.ts"), readmeExample(join(repoRoot, "clients/recommendations-v1/README.md")));
    writeFileSync(join(consumer, "src/v2-example.ts"), readmeExample(join(repoRoot, "clients/recommendations-v2/README.md")));
    writeFileSync(join(consumer, "src/v2-errors.ts"), readmeExample(join(repoRoot, "clients/recommendations-v2/README.md"), 1));
    writeFileSync(
      join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noUncheckedIndexedAccess: true, verbatimModuleSyntax: true, outDir: "dist" },
        include: ["src"],
      }),
    );
    const result = spawnSync(tsc, ["-p", consumer], { encoding: "utf8" });
    expect(result.stdout + result.stderr).to.equal("");
    expect(result.status).to.equal(0);
  });

  it("make a wrongly typed request a compile error", () => {
    const dir = join(consumer, "mistake");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "wrong.ts"),
      'import { createRecommendationsClient } from "@onlinebooks/recommendations-v2";\n' +
        'await createRecommendationsClient("localhost:50051").recommend({ userId: 42 });\n',
    );
    const result = spawnSync(tsc, ["--noEmit", "--strict", "--module", "NodeNext", "--moduleResolution", "NodeNext", "--target", "ES2022", join(dir, "wrong.ts")], {
      cwd: consumer,
      encoding: "utf8",
    });
    expect(result.status).not.to.equal(0);
    expect(result.stdout).to.match(/wrong\.ts\(2,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/);
  });

  it("run the README examples against a server", async () => {
    const server = await startStubServer();
    try {
      // Asynchronously: the stub server runs in this process and must keep answering.
      const run = async (file: string) =>
        (
          await promisify(execFile)("node", [join(consumer, "dist", file)], {
            cwd: consumer,
            encoding: "utf8",
            env: { ...process.env, RECOMMENDATIONS_TARGET: server.address },
          })
        ).stdout;
      expect(await run("v1-example.js")).to.equal("1: The Maltese Falcon\n");
      expect(await run("v2-example.js")).to.equal(
        "Murder on the Orient Express by Agatha Christie (1934)\nnext page: 1 more\nMystery: 1\n",
      );
      // The stub server validates nothing: the violations come from the client's own check.
      expect(await run("v2-errors.js")).to.equal(
        "user_id: does not match regex pattern `^[A-Za-z0-9_.:@-]*$`\n" +
          "page_size: must be greater than or equal to 0 and less than or equal to 100\n" +
          "exclude_book_ids[1]: does not match regex pattern `^[1-9][0-9]*$`\n",
      );
    } finally {
      server.close();
    }
  });
});
