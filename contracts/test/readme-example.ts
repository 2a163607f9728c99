import { readFileSync } from "node:fs";

/** The `index`th (from 0) ```ts code block of a Markdown file: a usage example the README promises works. */
export function readmeExample(readmePath: string, index = 0): string {
  const example = [...readFileSync(readmePath, "utf8").matchAll(/```ts\n([^]*?)```/g)][index]?.[1];
  if (example === undefined) throw new Error(`${readmePath} has no \`\`\`ts example number ${index + 1}`);
  return example;
}
