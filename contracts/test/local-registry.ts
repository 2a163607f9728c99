import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runServer } from "verdaccio";

/** A throw-away npm registry (verdaccio) on 127.0.0.1 and a user allowed to publish to it. */
export interface LocalRegistry {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  /** An auth token of a registered user. */
  readonly token: string;
  close(): Promise<void>;
}

/**
 * Starts verdaccio in this process on a free loopback port with its storage in a
 * temporary directory. It serves only what is published to it (no uplinks), so a test
 * proves what came from it. Run npm against it asynchronously: it answers on this
 * process's event loop.
 */
export async function startLocalRegistry(): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), "registry-"));
  const app = (await runServer({
    self_path: dir,
    storage: join(dir, "storage"),
    auth: { htpasswd: { file: join(dir, "htpasswd"), max_users: 10 } },
    uplinks: {},
    packages: {
      "@onlinebooks/*": { access: "$all", publish: "$authenticated", unpublish: "$authenticated" },
      "**": { access: "$all" },
    },
    log: { type: "stdout", format: "json", level: "fatal" },
    web: { enable: false },
  } as never)) as Server;
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/`;
  const response = await fetch(`${url}-/user/org.couchdb.user:release-bot`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "release-bot", password: "not-a-secret-1" }),
  });
  const { token } = (await response.json()) as { token?: string };
  if (!response.ok || token === undefined) throw new Error(`registry refused the test user: ${response.status}`);
  return {
    url,
    token,
    close: async () => {
      await new Promise<void>((resolve) => app.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
