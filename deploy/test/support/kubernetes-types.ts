import ts from "typescript";
import { join } from "node:path";
import { DEPLOY_DIR } from "./repo.js";
import type { KubernetesObject } from "./kubernetes-objects.js";

/**
 * Strict field check of rendered objects, which the JSON-schema validation lacks (the
 * Kubernetes OpenAPI schemas allow unknown fields, so a misspelt `readinesProbe` would
 * pass them, as it passes `kubectl apply` without strict validation). Each object
 * becomes an object literal typed with its kubernetes-models interface (`IDeployment`
 * …) in one in-memory TypeScript program; the compiler's excess-property check then
 * reports every unknown field at any depth, and its type check every wrong type.
 * Takes groups of objects (one compilation for all of them) and returns, per group, one
 * line per problem naming the object (empty when all are clean).
 */
export function unknownFieldProblems(groups: Readonly<Record<string, readonly KubernetesObject[]>>): Record<string, string[]> {
  const entries = Object.entries(groups).flatMap(([group, objects]) => objects.map((object) => ({ group, object })));
  const objects = entries.map((entry) => entry.object);
  const file = join(DEPLOY_DIR, "test", "__rendered-objects__.ts");
  const kinds = [...new Set(objects.map((object) => `${object.apiVersion}/${object.kind}`))];
  const lines = kinds.map((kind, i) => `import type { I${kind.split("/").at(-1)} as T${i} } from "${modelModule(kind)}";`);
  const firstObjectLine = lines.length;
  for (const [n, object] of objects.entries()) {
    lines.push(`export const o${n}: T${kinds.indexOf(`${object.apiVersion}/${object.kind}`)} = ${JSON.stringify(object)};`);
  }
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const source = ts.createSourceFile(file, lines.join("\n"), ts.ScriptTarget.ES2023, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) => (name === file ? source : getSourceFile(name, version, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  const problems: Record<string, string[]> = Object.fromEntries(Object.keys(groups).map((group) => [group, []]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program, source)) {
    const line = diagnostic.start === undefined ? -1 : source.getLineAndCharacterOfPosition(diagnostic.start).line;
    const entry = entries[line - firstObjectLine];
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
    if (entry === undefined) throw new Error(`strict field check: ${message}`);
    problems[entry.group]?.push(`${entry.object.kind}/${entry.object.metadata.name}: ${message}`);
  }
  return problems;
}

/** The module of a kind's model: kubernetes-models, or the Prometheus Operator's models for monitoring.coreos.com. */
function modelModule(kind: string): string {
  return kind.startsWith("monitoring.coreos.com/") ? `@kubernetes-models/prometheus-operator/${kind}` : `kubernetes-models/${kind}`;
}
