import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, startServiceProcess, type ServiceProcess } from "@onlinebooks/testkit";
import { startRecommendationsServer, type RecommendationsServer } from "@onlinebooks/ts-recommendations";
import { expect } from "chai";
import { pino } from "pino";

const MAIN = fileURLToPath(new URL("./main.js", import.meta.url));

/** Runs the job with `args` until it exits; resolves with its exit code and output. */
async function newsletter(args: string[]): Promise<{ code: number | null; stdout: string[]; stderr: string[] }> {
  const job: ServiceProcess = startServiceProcess({ main: MAIN, args });
  const code = await job.exited;
  return { code, stdout: job.stdout, stderr: job.stderr };
}

/** Every line parsed as JSON: the output must be valid JSON Lines. */
function jsonLines(lines: string[]): Record<string, unknown>[] {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("newsletter (the command, as a process)", function () {
  this.timeout(60_000);
  let server: RecommendationsServer;
  let work: string;

  before(async () => {
    server = await startRecommendationsServer({ host: "127.0.0.1", port: 0, logger: pino({ level: "silent" }) });
    work = mkdtempSync(join(tmpdir(), "newsletter-"));
  });
  after(() => {
    server.forceShutdown();
    rmSync(work, { recursive: true, force: true });
  });

  it("writes one JSON line per reader of a range, in order, and one summary line on stderr", async () => {
    const { code, stdout, stderr } = await newsletter(["--users", "1-500", "--category", "mystery", "--books", "3", "--target", server.address]);
    expect(code).to.equal(0);
    const lines = jsonLines(stdout);
    expect(lines.map((line) => line["userId"])).to.deep.equal(Array.from({ length: 500 }, (_, i) => String(i + 1)));
    const books = (lines[0]?.["recommendations"] as { book: { category: string } }[]).map((r) => r.book.category);
    expect(books).to.deep.equal(["BOOK_CATEGORY_MYSTERY", "BOOK_CATEGORY_MYSTERY", "BOOK_CATEGORY_MYSTERY"]);
    expect(stderr).to.have.length(1);
    expect(stderr[0]).to.match(/^newsletter: 500 of 500 readers answered \(500 with recommendations, 0 failed\) in [\d.]+ s, \d+ readers\/s$/);
  });

  it("reads a users file, and a reader the service refuses gets an error line, not a failed job", async () => {
    const users = join(work, "users.txt");
    writeFileSync(users, "# this week's readers\n42\n\nnot a valid id!\nreader-7\n");
    const output = join(work, "out.jsonl");
    const { code, stdout, stderr } = await newsletter(["--users-file", users, "--output", output, "--target", server.address]);
    expect(code).to.equal(0);
    expect(stdout).to.deep.equal([]);
    const lines = jsonLines(readFileSync(output, "utf8").trim().split("\n"));
    expect(lines.map((line) => line["userId"])).to.deep.equal(["42", "not a valid id!", "reader-7"]);
    expect(lines[1]?.["error"]).to.deep.include({ code: "INVALID_ARGUMENT" });
    expect((lines[1]?.["error"] as { message: string }).message).to.match(/^invalid request: user_id: /);
    expect(lines[2]?.["recommendations"]).to.have.length(5);
    expect(stderr[0]).to.contain("3 of 3 readers answered (2 with recommendations, 1 failed)");
  });

  it("says so and exits 1 when the service cannot be reached, with no output", async () => {
    const target = `127.0.0.1:${await freePort()}`;
    const { code, stdout, stderr } = await newsletter(["--users", "1-10", "--target", target]);
    expect(code).to.equal(1);
    expect(stdout).to.deep.equal([]);
    expect(stderr.join("\n")).to.contain(`newsletter: the recommendations service at ${target} failed: UNAVAILABLE`);
  });

  it("refuses a bad argument with exit code 2 and the usage", async () => {
    for (const args of [["--users", "10-1"], ["--users", "1-2", "--books", "500"], ["--users", "1-2", "--users-file", "x"], ["--colour"]]) {
      const { code, stdout, stderr } = await newsletter(args);
      expect(code, args.join(" ")).to.equal(2);
      expect(stdout).to.deep.equal([]);
      expect(stderr[0], args.join(" ")).to.match(/^newsletter: /);
      expect(stderr.join("\n")).to.contain("usage: npm run newsletter --");
    }
    const missing = await newsletter(["--users-file", join(work, "nowhere.txt")]);
    expect(missing.code).to.equal(2);
    expect(missing.stderr[0]).to.match(/^newsletter: cannot read the users file: .*ENOENT/);
    const unwritable = await newsletter(["--users", "1-2", "--output", join(work, "no-such-dir", "out.jsonl")]);
    expect(unwritable.code).to.equal(2);
    expect(unwritable.stderr[0]).to.match(/^newsletter: cannot write the output file: .*ENOENT/);
  });
});
