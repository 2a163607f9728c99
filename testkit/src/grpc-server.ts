import { Server, ServerCredentials } from "@grpc/grpc-js";

/** A started grpc-js test server on a loopback port. */
export interface TestGrpcServer {
  /** `127.0.0.1:<port>`, a grpc target. */
  readonly address: string;
  /** Stops the server at once, cancelling calls in flight. */
  close(): void;
}

/**
 * Starts a grpc-js server on 127.0.0.1, port 0, after `register` added its services;
 * plaintext unless `credentials` say otherwise. For stand-in servers in tests.
 */
export async function serveGrpc(
  register: (server: Server) => void,
  credentials: ServerCredentials = ServerCredentials.createInsecure(),
): Promise<TestGrpcServer> {
  const server = new Server();
  register(server);
  const address = await listenOnLoopback(server, credentials);
  return { address, close: () => server.forceShutdown() };
}

/**
 * Binds a server made elsewhere (with options or interceptors of its own) to 127.0.0.1,
 * port 0, plaintext unless `credentials` say otherwise; resolves with its address,
 * `127.0.0.1:<port>`.
 */
export function listenOnLoopback(server: Server, credentials: ServerCredentials = ServerCredentials.createInsecure()): Promise<string> {
  return new Promise((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", credentials, (error, port) => (error ? reject(error) : resolve(`127.0.0.1:${port}`))),
  );
}
