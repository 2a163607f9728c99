import type { DescMethod } from "@bufbuild/protobuf";

/** What the per-kind types need of a method: its kind and message schemas (a generated service's `method` entries). */
export type MethodShape = Pick<DescMethod, "methodKind" | "input" | "output">;

/**
 * Picks the type of a method of kind `M["methodKind"]` from one type per kind: the
 * client call or server handler of a generated service's method. A method whose kind
 * is not known at compile time (a plain `DescService`) gets `never`.
 */
export type ByMethodKind<M extends MethodShape, Unary, ServerStreaming, ClientStreaming, BidiStreaming> = M extends {
  methodKind: "unary";
}
  ? Unary
  : M extends { methodKind: "server_streaming" }
    ? ServerStreaming
    : M extends { methodKind: "client_streaming" }
      ? ClientStreaming
      : M extends { methodKind: "bidi_streaming" }
        ? BidiStreaming
        : never;

/** grpc-js's description of a method kind: whether requests, responses or both are streams. */
export function streamFlags(method: DescMethod): { requestStream: boolean; responseStream: boolean } {
  const kind = method.methodKind;
  return {
    requestStream: kind === "client_streaming" || kind === "bidi_streaming",
    responseStream: kind === "server_streaming" || kind === "bidi_streaming",
  };
}
