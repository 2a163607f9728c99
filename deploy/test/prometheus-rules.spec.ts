import { expect } from "chai";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { readRepoFile } from "./support/repo.js";
import { renderRuleGroups, writeRulesFile, type RuleGroups } from "./support/prometheus-rules.js";
import { installTools, runTool, type Tools } from "./support/tools.js";

/** The overlays that carry the monitoring component. */
const OVERLAYS = ["overlays/dev", "overlays/prod", "overlays/prod-mtls"];

describe("Prometheus rules of the migration (promtool)", function () {
  let tools: Tools;
  let groups: RuleGroups;
  let dir: string;

  before(async function () {
    this.timeout(15 * 60_000);
    tools = await installTools();
    const rendered = await Promise.all(OVERLAYS.map((overlay) => renderRuleGroups(tools.kustomize, overlay)));
    for (const [i, other] of rendered.entries()) expect(other, OVERLAYS[i]).to.deep.equal(rendered[0]);
    groups = rendered[0]!;
    dir = writeRulesFile(groups, { "rules.test.yaml": readRepoFile("deploy/test/prometheus-rules.test.yaml") });
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("every overlay carries the same rules, and promtool accepts them", async () => {
    const output = await runTool(tools.promtool, ["check", "rules", join(dir, "rules.yaml")]);
    const count = groups.groups.reduce((sum, group) => sum + group.rules.length, 0);
    expect(output).to.include(`SUCCESS: ${count} rules found`);
  });

  it("pass their unit tests (promtool test rules): shares, mismatch ratio, burn rates, p99, sunset", async () => {
    const output = await runTool(tools.promtool, ["test", "rules", "rules.test.yaml"], { cwd: dir });
    expect(output).to.include("SUCCESS");
  });

  it("promtool refuses a broken expression (the check can fail)", async () => {
    const broken: RuleGroups = { groups: [{ name: "broken", rules: [{ record: "x:y:z", expr: "sum by (api (rate(x[5m]))" }] }] };
    const brokenDir = writeRulesFile(broken);
    try {
      const error = await runTool(tools.promtool, ["check", "rules", join(brokenDir, "rules.yaml")]).then(() => undefined, (e: unknown) => e);
      expect(String((error as { stderr?: string } | undefined)?.stderr ?? error)).to.match(/parse error/);
    } finally {
      rmSync(brokenDir, { recursive: true, force: true });
    }
  });
});
