import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startRecommendationsServer, type RecommendationsServer } from "@onlinebooks/ts-recommendations";
import { expect } from "chai";
import pino from "pino";
import { readGoModule } from "../../release/release-packages.js";
import { envWithoutNpmConfig, repoRoot } from "../workspace.js";
import { writeLocalGoProxy, type LocalGoProxy } from "./local-go-proxy.js";

const run = promisify(execFile);
/** Every command here is bounded: go and git may talk to the network or compile for a while. */
const bounded = { timeout: 300_000, maxBuffer: 16 * 1024 * 1024 };

/** A program that imports the module by its path and calls both API versions, printing the ids as JSON. */
const MAIN_GO = `package main

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"time"

	recommendationsv1 "github.com/onlinebooks/contracts/clients/go/recommendations/v1"
	recommendationsv2 "github.com/onlinebooks/contracts/clients/go/recommendations/v2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

func main() {
	conn, err := grpc.NewClient(os.Args[1], grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		panic(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	one, err := recommendationsv1.NewRecommendationsClient(conn).Recommend(ctx, &recommendationsv1.RecommendationRequest{
		UserId: 7, Category: recommendationsv1.BookCategory_SCIENCE_FICTION, MaxResults: 3,
	})
	if err != nil {
		panic(err)
	}
	two, err := recommendationsv2.NewRecommendationServiceClient(conn).Recommend(ctx, &recommendationsv2.RecommendRequest{
		UserId: "7", Categories: []recommendationsv2.BookCategory{recommendationsv2.BookCategory_BOOK_CATEGORY_SCIENCE_FICTION}, PageSize: 3,
	})
	if err != nil {
		panic(err)
	}
	ids := map[string][]string{"v1": {}, "v2": {}}
	for _, r := range one.GetRecommendations() {
		ids["v1"] = append(ids["v1"], strconv.Itoa(int(r.GetId())))
	}
	for _, r := range two.GetRecommendations() {
		ids["v2"] = append(ids["v2"], r.GetBook().GetId())
	}
	if err := json.NewEncoder(os.Stdout).Encode(ids); err != nil {
		panic(err)
	}
}
`;

describe("Go: the release tag clients/go/vX.Y.Z, served by a local file:// module proxy", function () {
  this.timeout(600_000);
  const module = readGoModule(repoRoot);
  const version = `v${module.version}`;
  const tag = `${module.dir}/${version}`;
  const work = mkdtempSync(join(tmpdir(), "go-release-"));
  const origin = join(work, "origin.git");
  const inherited = envWithoutNpmConfig();
  let server: RecommendationsServer;
  let proxy: LocalGoProxy;

  before(async () => {
    await run("git", ["init", "--quiet", "--bare", origin], bounded);
    server = await startRecommendationsServer({ host: "127.0.0.1", port: 0, logger: pino({ level: "silent" }) });
  });
  after(async () => {
    await server?.shutdown();
    rmSync(work, { recursive: true, force: true });
  });

  it("pushes the tag at the release commit, then skips it when run again", async () => {
    const publish = () =>
      run("npm", ["run", "--silent", "publish:clients", "--", "--only", "go", "--git-remote", origin], { ...bounded, cwd: repoRoot, env: inherited });
    const first = await publish();
    expect(first.stdout).to.contain(`go remote: ${origin}`);
    expect(first.stdout).to.contain(`\ntagged ${module.name}@${version} (tag ${tag})`);
    const [{ stdout: remote }, { stdout: head }] = await Promise.all([
      run("git", ["ls-remote", "--tags", origin], bounded),
      run("git", ["rev-parse", "HEAD"], { ...bounded, cwd: repoRoot }),
    ]);
    expect(remote.trim()).to.equal(`${head.trim()}\trefs/tags/${tag}`);

    const again = await publish();
    expect(again.stdout).to.match(/^skipped +\S+ \(tag \S+\) \(already tagged\)$/m);
    expect(again.stdout).not.to.match(/^tagged/m);
  });

  it("is served by a file:// proxy in the GOPROXY layout, its go.mod free of replace directives", async () => {
    const checkout = join(work, "checkout");
    await run("git", ["clone", "--quiet", "--no-checkout", origin, checkout], bounded);
    proxy = await writeLocalGoProxy({ repo: checkout, tag, dir: join(work, "proxy") });
    expect(proxy.served).to.equal(`${module.name}@${version}`);
    const versions = join(proxy.dir, module.name, "@v");
    expect(readdirSync(versions).sort()).to.deep.equal(["list", `${version}.info`, `${version}.mod`, `${version}.zip`]);
    expect(readdirSync(proxy.dir), "nothing but our module").to.deep.equal([module.name.split("/")[0]]);
    const goMod = readFileSync(join(versions, `${version}.mod`), "utf8");
    expect(goMod).to.match(new RegExp(`^module ${module.name}$`, "m"));
    expect(goMod).not.to.match(/^\s*replace\b/m);
  });

  it("go gets the module by name and version into a new program, which then calls the running server", async () => {
    const consumer = join(work, "consumer");
    mkdirSync(consumer);
    writeFileSync(join(consumer, "go.mod"), "module example.com/consumer\n\ngo 1.26.0\n");
    writeFileSync(join(consumer, "main.go"), MAIN_GO);
    const { stdout: publicProxy } = await run("go", ["env", "GOPROXY"], bounded);
    const env = {
      ...inherited,
      // Our module from the local proxy; everything else from the machine's (the public one).
      GOPROXY: `${proxy.url},${publicProxy.trim()}`,
      // The checksum database cannot know our unpublished module: off for its path only.
      GONOSUMDB: module.name,
      GOPRIVATE: "",
      GONOPROXY: "",
      // A module cache of its own, so the module comes from the proxy and not from an earlier run.
      GOMODCACHE: join(work, "modcache"),
      GOFLAGS: `${inherited["GOFLAGS"] ?? ""} -mod=mod -modcacherw -trimpath`.trim(),
    };
    const get = await run("go", ["get", `${module.name}@${version}`], { ...bounded, cwd: consumer, env });
    expect(get.stderr).to.contain(`go: added ${module.name} ${version}`);
    const build = await run("go", ["build", "-o", "consumer", "."], { ...bounded, cwd: consumer, env });
    expect(build.stderr, "requirements from the public proxy").to.match(/downloading google\.golang\.org\/grpc v/);
    expect(readFileSync(join(consumer, "go.mod"), "utf8")).to.match(new RegExp(`^\\s*${module.name.replace(/\./g, "\\.")} ${version.replace(/\./g, "\\.")}$`, "m"));

    const { stdout } = await run(join(consumer, "consumer"), [server.address], bounded);
    const ids = JSON.parse(stdout) as { v1: string[]; v2: string[] };
    expect(ids.v1).to.have.length(3);
    expect(ids.v2).to.deep.equal(ids.v1);
  });
});
