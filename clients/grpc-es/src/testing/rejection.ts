import { expect } from "chai";
import { GrpcError } from "../grpc-error.js";

/** The {@link GrpcError} `call` rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejection(call: Promise<unknown>): Promise<GrpcError> {
  const error = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).to.be.instanceOf(GrpcError);
  return error as GrpcError;
}
