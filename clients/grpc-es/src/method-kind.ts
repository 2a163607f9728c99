import type { DescMethod } from "@bufbuild/protobuf";

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
