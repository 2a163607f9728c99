import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { find, renderKustomization } from "./kubernetes-objects.js";

/** The name of the PrometheusRule of `components/monitoring`. */
export const RULE_NAME = "onlinebooks-migration";

/** What a Prometheus rules file holds: the `spec` of a PrometheusRule. */
export interface RuleGroups {
  readonly groups: ReadonlyArray<{ readonly name: string; readonly rules: ReadonlyArray<Record<string, unknown>> }>;
}

/** The rule groups of the PrometheusRule in the rendered overlay `dir` (under `deploy/kubernetes/`). */
export async function renderRuleGroups(kustomize: string, dir: string): Promise<RuleGroups> {
  const rule = find(await renderKustomization(kustomize, dir), "PrometheusRule", RULE_NAME);
  return rule["spec"] as RuleGroups;
}

/**
 * Writes `groups` as a Prometheus rules file, `rules.yaml`, into a new temporary
 * directory (with `extra` files beside it) and returns the directory.
 */
export function writeRulesFile(groups: RuleGroups, extra: Readonly<Record<string, string>> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "onlinebooks-rules-"));
  writeFileSync(join(dir, "rules.yaml"), stringify(groups));
  for (const [name, content] of Object.entries(extra)) writeFileSync(join(dir, name), content);
  return dir;
}
