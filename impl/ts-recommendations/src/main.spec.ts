import { expect } from "chai";
import { fileURLToPath } from "node:url";
import { startServiceProcess } from "@onlinebooks/testkit";
import * as v1 from "@onlinebooks/recommendations-v1";
import * as v2 from "@onlinebooks/recommendations-v2";
import { startRecommendationsProcess } from "@onlinebooks/testkit";
import { holdCall } from "./testing/held-call.js";
import { writeCatalogFile } from "./testing/fixture-catalog.js";

describe("main (the service process)", () => {
  it("serves from the environment, and on SIGTERM finishes the call in flight and exits 0", async () => {
    const service = await startRecommendationsProcess({ port: 0, metricsPort: 0, env: { LOG_LEVEL: "info" }, ready: "log", wait: { timeoutMs: 10_000 } });
    try {
      const { port, metricsPort } = service;
      const address = `127.0.0.1:${port}`;
      const client = v1.createRecommendationsClient(address, { defaultTimeoutMs: 5000 });
      expect((await client.recommend({ userId: 1, maxResults: 3 })).recommendations).to.have.length(3);
      client.close();
      expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).status).to.equal(200);
      const held = holdCall(address, { userId: "in-flight", categories: [v2.BookCategory.MYSTERY], pageSize: 5 });
      try {
        await held.opened;
        service.child.kill("SIGTERM");
        await service.waitForLog("draining", { intervalMs: 20 });
        expect((await held.release()).recommendations).to.have.length(5);
      } finally {
        held.close();
      }
      expect(await service.exited).to.equal(0);
      const messages = service.logLines().map((line) => line["msg"]);
      expect(messages).to.include.members(["shutting down", "draining", "stopped"]);
      expect(service.stderr).to.deep.equal([]);
    } finally {
      service.child.kill("SIGKILL");
    }
  });

  it("logs readable lines on a terminal, JSON lines otherwise", async () => {
    // util-linux `script` runs main.js on a pseudo-terminal; the first test read its JSON lines through a pipe.
    const main = fileURLToPath(new URL("./main.js", import.meta.url));
    const terminal = startServiceProcess({
      command: "script",
      args: ["-qefc", `"${process.execPath}" "${main}"`, "/dev/null"],
      env: { GRPC_PORT: "0", METRICS_PORT: "0", TERM: "xterm" },
      inheritEnv: ["PATH"],
    });
    try {
      await terminal.waitUntil(() => terminal.output().includes("recommendations server listening"), { timeoutMs: 10_000 });
      const line = terminal.stdout.find((text) => text.includes("recommendations server listening")) ?? "";
      const plain = line.replace(/\u001b\[[0-9;]*m/g, "").trim();
      expect(plain).to.match(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: recommendations server listening$/);
    } finally {
      await terminal.stop("SIGKILL");
    }
  });

  it("exits 0 on SIGINT too", async () => {
    const service = await startRecommendationsProcess({ port: 0, metricsPort: 0, ready: "log", wait: { timeoutMs: 10_000 } });
    try {
      service.child.kill("SIGINT");
      expect(await service.exited).to.equal(0);
    } finally {
      service.child.kill("SIGKILL");
    }
  });

  it("stops start-up with one line naming the file and the problem when the catalog is malformed", async () => {
    const file = writeCatalogFile({ books: [{ id: 1, title: "T", authors: ["A"], year: "1930", category: "MYSTERY" }] });
    try {
      const service = await startRecommendationsProcess({ port: 0, metricsPort: 0, env: { CATALOG_PATH: file.path }, ready: "none" });
      expect(await service.exited).to.equal(1);
      expect(service.stderr).to.deep.equal([`recommendations: catalog ${file.path}: books[0].year must be an integer`]);
    } finally {
      file.remove();
    }
  });

  it("stops start-up with one line naming the variable when a setting is bad", async () => {
    const service = await startRecommendationsProcess({ port: 0, metricsPort: 70000, ready: "none" });
    expect(await service.exited).to.equal(1);
    expect(service.stderr).to.have.length(1);
    expect(service.stderr[0]).to.match(/^recommendations: METRICS_PORT /);
  });
});
