import { readFileSync } from "node:fs";

/** The first ```ts code block of a Markdown file: the usage example a README promises works. */
export function readmeExample(readmePath: string): string {
  const match = /```ts\n([^]*?)```/.exec(readFileSync(readmePath, "utf8"));
  if (match?.[1] === undefined) throw new Error(`${readmePath} has no \`\`\`ts example`);
  return match[1];
}
