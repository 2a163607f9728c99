import { spawnSync } from "node:child_process";

/** Whether `command` is on the PATH. */
function hasCommand(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/**
 * Makes sure the Debian tool `command` (from package `debianPackage`) is available:
 * installs it with apt-get when missing and the bench runs as root (as on a fresh CI
 * machine). Returns undefined when it is available, else the reason it is not — the
 * caller skips its rows with that message.
 */
export function ensureDebianTool(command: string, debianPackage: string): string | undefined {
  if (hasCommand(command)) return undefined;
  if (process.getuid?.() === 0 && hasCommand("apt-get")) {
    process.stderr.write(`bench: ${command} missing, installing Debian package ${debianPackage} …\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    spawnSync("apt-get", ["install", "-y", "-qq", debianPackage], { stdio: "inherit", env });
    if (hasCommand(command)) return undefined;
  }
  return `${command} not found (install Debian package ${debianPackage}: apt-get install ${debianPackage})`;
}
