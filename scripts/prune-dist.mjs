// Deletes compiled files whose TypeScript source is gone. `tsc -b` never removes the
// output of a deleted or renamed source, so a stale `dist/**/*.spec.js` would still run
// under mocha (and fail, or pass for code that no longer exists). Reads each project of
// the root tsconfig.json: its rootDir (the sources) and outDir (the output).
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const OUTPUT = /\.(?:js|js\.map|d\.ts|d\.ts\.map)$/;

const { references = [] } = JSON.parse(readFileSync(join(root, "tsconfig.json"), "utf8"));
let pruned = 0;
for (const { path } of references) {
  const project = join(root, path);
  const { compilerOptions = {} } = JSON.parse(readFileSync(join(project, "tsconfig.json"), "utf8"));
  if (compilerOptions.rootDir === undefined || compilerOptions.outDir === undefined) continue;
  const sources = join(project, compilerOptions.rootDir);
  const output = join(project, compilerOptions.outDir);
  if (!existsSync(output)) continue;
  for (const entry of readdirSync(output, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !OUTPUT.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    const stem = relative(output, file).replace(OUTPUT, "");
    if (existsSync(join(sources, `${stem}.ts`)) || existsSync(join(sources, `${stem}.js`))) continue;
    rmSync(file);
    pruned += 1;
  }
}
if (pruned > 0) process.stdout.write(`prune-dist: removed ${pruned} compiled file(s) whose source is gone\n`);
