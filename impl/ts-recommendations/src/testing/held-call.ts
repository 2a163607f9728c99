import { create, fromBinary, toBinary, type MessageInitShape } from "@bufbuild/protobuf";
import { Client, credentials, Metadata, type ServiceError } from "@grpc/grpc-js";
import { RecommendRequestSchema, RecommendResponseSchema, type RecommendResponse } from "@onlinebooks/recommendations-v2";

/** A v2 Recommend call whose request has been sent but not yet ended: in flight until released. */
export interface HeldCall {
  /** Resolves once a call made after this one on the same connection has completed, so the server has seen this one. */
  readonly opened: Promise<void>;
  /** Ends the request stream; resolves with the response or rejects with the call's error. */
  release(): Promise<RecommendResponse>;
  /** Resolves with the call's result without ending the request (for calls the server ends). */
  readonly settled: Promise<RecommendResponse | ServiceError>;
  close(): void;
}

/**
 * Starts a v2 `Recommend` call that the server cannot finish until the client ends its
 * request stream — a slow upload, seen from the server as a call in flight. Used to
 * test graceful shutdown without making the service itself slow.
 */
export function holdCall(address: string, request: MessageInitShape<typeof RecommendRequestSchema>): HeldCall {
  const client = new Client(address, credentials.createInsecure());
  const path = "/recommendations.v2.RecommendationService/Recommend";
  let settle!: (result: RecommendResponse | ServiceError) => void;
  const settled = new Promise<RecommendResponse | ServiceError>((resolve) => (settle = resolve));
  const stream = client.makeClientStreamRequest(
    path,
    (message: Buffer) => message,
    (bytes: Buffer) => fromBinary(RecommendResponseSchema, bytes),
    new Metadata(),
    {},
    (error: ServiceError | null, response?: RecommendResponse) => settle(error ?? (response as RecommendResponse)),
  );
  stream.write(Buffer.from(toBinary(RecommendRequestSchema, create(RecommendRequestSchema, request))));
  const probe = toBinary(RecommendRequestSchema, create(RecommendRequestSchema, { userId: "probe", pageSize: 1 }));
  const opened = new Promise<void>((resolve, reject) =>
    client.makeUnaryRequest(path, (m: Buffer) => m, (b: Buffer) => b, Buffer.from(probe), (error) => (error ? reject(error) : resolve())),
  );
  return {
    opened,
    settled,
    release() {
      stream.end();
      return settled.then((result) => (result instanceof Error ? Promise.reject(result) : result));
    },
    close: () => client.close(),
  };
}
