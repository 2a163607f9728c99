import type { DescMethod, DescService } from "@bufbuild/protobuf";

/** The names of the unary methods of service `S` (its `method` keys whose kind is unary). */
export type UnaryMethodNames<S extends DescService> = {
  [K in keyof S["method"]]: S["method"][K] extends { methodKind: "unary" } ? K : never;
}[keyof S["method"]];

/** grpc-js's description of a method kind: whether requests, responses or both are streams. */
export function streamFlags(method: DescMethod): { requestStream: boolean; responseStream: boolean } {
  const kind = method.methodKind;
  return {
    requestStream: kind === "client_streaming" || kind === "bidi_streaming",
    responseStream: kind === "server_streaming" || kind === "bidi_streaming",
  };
}

/**
 * Throws a TypeError naming the method when it is not unary: the promise client and
 * the handler adapter of this package only speak unary calls.
 */
export function assertUnary(method: DescMethod): void {
  if (method.methodKind !== "unary") {
    throw new TypeError(
      `${method.parent.typeName}.${method.name} is a ${method.methodKind.replace("_", "-")} method; ` +
        "@onlinebooks/grpc-es supports unary methods only",
    );
  }
}
