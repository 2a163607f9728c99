import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { expect } from "chai";
import { DCLinter } from "dclint";
import { parse } from "yaml";
import { DEPLOY_DIR, readRepoFile, REPO_ROOT } from "./support/repo.js";

interface ComposeService {
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  ports?: string[];
  networks?: string[];
  healthcheck?: { test: string[] };
  secrets?: { source: string; target: string }[];
  cap_drop?: string[];
  read_only?: boolean;
  stop_grace_period?: string;
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  secrets?: Record<string, { file: string }>;
}

/** What dclint reports per file (its own type declarations do not resolve under NodeNext). */
interface LintResult {
  messages: { line: number; rule: string; message: string }[];
}

/** dclint with every rule on: the Compose Specification schema first, then its best-practice rules. */
function lint(path: string): string[] {
  const linter = new DCLinter({ rules: {}, quiet: false, debug: false, exclude: [] });
  const results = linter.lintFiles([path], false) as LintResult[];
  return results.flatMap((result) => result.messages.map((m) => `${m.line}: ${m.rule} ${m.message}`));
}

function seconds(duration: string | undefined): number {
  const match = /^(\d+)s$/.exec(duration ?? "");
  return match ? Number(match[1]) : 10;
}

describe("compose", () => {
  const compose = parse(readRepoFile("compose.yaml")) as ComposeFile;
  const tls = parse(readRepoFile("compose.tls.yaml")) as ComposeFile;
  const { marketplace, recommendations } = compose.services as Record<"marketplace" | "recommendations", ComposeService>;

  it("dclint rejects a file that breaks the Compose Specification (the validator runs)", () => {
    const dir = mkdtempSync(join(tmpdir(), "compose-"));
    try {
      writeFileSync(join(dir, "compose.yaml"), "name: broken\nservices:\n  web:\n    ports: 5000\n    restart: 3\n");
      expect(lint(join(dir, "compose.yaml")).join("\n")).to.include("invalid-schema");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const file of ["compose.yaml", "compose.tls.yaml"]) {
    it(`${file} is valid against the Compose Specification and passes every dclint rule`, () => {
      expect(lint(join(REPO_ROOT, file))).to.deep.equal([]);
    });
  }

  it("builds both images from the repository root with the one Dockerfile, each for its own service", () => {
    for (const [service, directory] of [[marketplace, "ts-marketplace"], [recommendations, "ts-recommendations"]] as const) {
      expect(service.build?.context).to.equal(".");
      expect(existsSync(join(REPO_ROOT, service.build!.dockerfile))).to.equal(true);
      expect(service.build?.args?.SERVICE).to.equal(directory);
      expect(existsSync(join(REPO_ROOT, "impl", directory, "package.json"))).to.equal(true);
    }
  });

  it("puts both services on one network, with health checks, and publishes only the marketplace, on 5000", () => {
    expect(marketplace.networks).to.deep.equal(recommendations.networks).and.have.length(1);
    expect(marketplace.healthcheck?.test.join(" ")).to.include("/readyz");
    expect(recommendations.healthcheck?.test).to.deep.equal(["CMD", "node", "/app/grpc-health-check.mjs"]);
    expect(marketplace.ports).to.deep.equal(["0.0.0.0:5000:5000"]);
    expect(recommendations.ports).to.equal(undefined);
    expect(marketplace.depends_on).to.deep.equal({ recommendations: { condition: "service_healthy" } });
  });

  it("spreads the marketplace's calls over every recommendations replica through Docker's DNS", () => {
    expect(marketplace.environment?.RECOMMENDATIONS_TARGET).to.equal("dns:///recommendations:50051");
  });

  it("runs read-only, without capabilities, and lets each service drain before it is killed", () => {
    for (const service of [marketplace, recommendations]) {
      expect(service.read_only).to.equal(true);
      expect(service.cap_drop).to.deep.equal(["ALL"]);
    }
    const env = marketplace.environment ?? {};
    expect(seconds(marketplace.stop_grace_period)).to.be.greaterThan((Number(env.SHUTDOWN_DELAY_MS) + Number(env.SHUTDOWN_GRACE_MS)) / 1000);
    expect(seconds(recommendations.stop_grace_period)).to.be.greaterThan(30);
  });

  describe("compose.tls.yaml", () => {
    const variables = {
      marketplace: ["RECOMMENDATIONS_TLS_CA", "RECOMMENDATIONS_TLS_CERT", "RECOMMENDATIONS_TLS_KEY"],
      recommendations: ["TLS_CERT", "TLS_KEY", "TLS_CLIENT_CA"],
    } as const;

    it("points each service's TLS variables at certificates mounted as compose secrets", () => {
      for (const [name, names] of Object.entries(variables)) {
        const service = tls.services[name]!;
        const mounted = new Set(service.secrets?.map((secret) => `/run/secrets/${secret.target}`));
        for (const variable of names) expect(mounted, `${name} ${variable}`).to.include(service.environment?.[variable]);
      }
    });

    it("reads the files the dev CA script writes, from a directory git ignores", () => {
      const out = mkdtempSync(join(tmpdir(), "certs-"));
      try {
        execFileSync("bash", [join(DEPLOY_DIR, "certs/create-dev-certs.sh"), "--out", out], { stdio: "ignore" });
        for (const { file } of Object.values(tls.secrets ?? {})) {
          expect(file.startsWith("./deploy/certs/out/"), file).to.equal(true);
          expect(existsSync(join(out, basename(file))), file).to.equal(true);
        }
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
      const ignored = execFileSync("git", ["check-ignore", "deploy/certs/out/marketplace.key"], { cwd: REPO_ROOT, encoding: "utf8" });
      expect(ignored.trim()).to.equal("deploy/certs/out/marketplace.key");
    });
  });
});
