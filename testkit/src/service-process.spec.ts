import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { startServiceProcess, type ServiceProcess } from "./service-process.js";

/** A stand-in service: logs its environment's names as pino-style JSON, a non-JSON line, then "listening"; says goodbye on SIGTERM. */
const SCRIPT = `
const port = Number(process.env.FAKE_PORT);
process.stdout.write(JSON.stringify({ level: 30, msg: "env", names: Object.keys(process.env).sort() }) + "\\n");
process.stdout.write("not json\\n");
setTimeout(() => process.stdout.write(JSON.stringify({ level: 30, msg: "listening", port }) + "\\n"), 100);
process.on("SIGTERM", () => { process.stderr.write("bye\\n"); process.exit(0); });
if (process.env.FAIL) { process.stderr.write("bad config\\n"); process.exit(3); }
setInterval(() => {}, 1000);
`;

describe("startServiceProcess", () => {
  let dir: string;
  let main: string;
  let service: ServiceProcess | undefined;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "testkit-service-"));
    main = join(dir, "main.js");
    writeFileSync(main, SCRIPT);
  });

  afterEach(async () => {
    await service?.stop("SIGKILL");
    service = undefined;
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("runs the script with exactly the environment asked for and waits for its log line", async () => {
    service = startServiceProcess({ main, env: { FAKE_PORT: "1234" }, inheritEnv: ["PATH"] });
    const line = await service.waitForLog("listening");
    expect(line["port"]).to.equal(1234);
    expect(service.logLines().map((entry) => entry["msg"])).to.deep.equal(["env", "listening"]);
    expect(service.logLines()[0]?.["names"]).to.deep.equal(["FAKE_PORT", "PATH"]);
    expect(service.stdout).to.include("not json");
    expect(service.rssBytes()).to.be.greaterThan(0);
  });

  it("runs an executable instead of a Node.js script, with its arguments", async () => {
    service = startServiceProcess({ command: process.execPath, args: [main], env: { FAKE_PORT: "4321" } });
    expect((await service.waitForLog("listening"))["port"]).to.equal(4321);
  });

  it("stops it with a signal and reports the exit code; stderr is collected line by line", async () => {
    service = startServiceProcess({ main, env: { FAKE_PORT: "1" } });
    await service.waitForLog("listening");
    const stopped = await service.stop("SIGTERM");
    expect(stopped.code).to.equal(0);
    expect(service.stderr).to.deep.equal(["bye"]);
    expect(service.output()).to.include("bye\n");
    expect((await service.stop()).code, "stopping again is harmless").to.equal(0);
  });

  it("rejects the wait with the output when the process exits before it is ready", async () => {
    service = startServiceProcess({ main, env: { FAIL: "1" } });
    const failure = await service.waitForLog("listening").then(() => undefined, (error: unknown) => error);
    expect(failure).to.be.instanceOf(Error);
    expect((failure as Error).message).to.include("exited with 3").and.include("bad config");
    expect(await service.exited).to.equal(3);
  });

  it("discards stdout when asked, and gives up waiting after the timeout", async () => {
    service = startServiceProcess({ main, env: { FAKE_PORT: "1" }, stdout: "ignore" });
    const failure = await service.waitForLog("listening", { timeoutMs: 300 }).then(() => undefined, (error: unknown) => error);
    expect((failure as Error).message).to.include("was not ready within 300 ms");
    expect(service.stdout).to.deep.equal([]);
    expect(await service.exited, "killed").to.equal(null);
  });
});
