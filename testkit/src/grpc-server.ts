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
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", credentials, (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return { address: `127.0.0.1:${port}`, close: () => server.forceShutdown() };
}
