import { createFileRegistry, type Message } from "@bufbuild/protobuf";
import type { GenMessage, GenService } from "@bufbuild/protobuf/codegenv2";
import {
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
  FileDescriptorProtoSchema,
} from "@bufbuild/protobuf/wkt";
import { create } from "@bufbuild/protobuf";

/** Request of the test echo service: what to echo, and how to misbehave. */
export type EchoRequest = Message<"test.v1.EchoRequest"> & {
  text: string;
  failCode: number;
  delayMs: number;
  count: number;
};

/** Response of the test echo service. */
export type EchoResponse = Message<"test.v1.EchoResponse"> & { text: string };

const file = create(FileDescriptorProtoSchema, {
  name: "test/v1/echo.proto",
  package: "test.v1",
  syntax: "proto3",
  messageType: [
    {
      name: "EchoRequest",
      field: [
        { name: "text", jsonName: "text", number: 1, type: Type.STRING, label: Label.OPTIONAL },
        { name: "fail_code", jsonName: "failCode", number: 2, type: Type.INT32, label: Label.OPTIONAL },
        { name: "delay_ms", jsonName: "delayMs", number: 3, type: Type.INT32, label: Label.OPTIONAL },
        { name: "count", jsonName: "count", number: 4, type: Type.INT32, label: Label.OPTIONAL },
      ],
    },
    {
      name: "EchoResponse",
      field: [{ name: "text", jsonName: "text", number: 1, type: Type.STRING, label: Label.OPTIONAL }],
    },
  ],
  service: [
    {
      name: "EchoService",
      method: [{ name: "Echo", inputType: ".test.v1.EchoRequest", outputType: ".test.v1.EchoResponse" }],
    },
    {
      name: "StreamingService",
      method: [
        { name: "Echo", inputType: ".test.v1.EchoRequest", outputType: ".test.v1.EchoResponse" },
        { name: "Watch", inputType: ".test.v1.EchoRequest", outputType: ".test.v1.EchoResponse", serverStreaming: true },
        { name: "Collect", inputType: ".test.v1.EchoRequest", outputType: ".test.v1.EchoResponse", clientStreaming: true },
        {
          name: "Chat",
          inputType: ".test.v1.EchoRequest",
          outputType: ".test.v1.EchoResponse",
          clientStreaming: true,
          serverStreaming: true,
        },
      ],
    },
  ],
});

const registry = createFileRegistry(file, () => undefined);

/** `value`, found in a test registry under `name`; throws when it is missing. */
export function need<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`test descriptor lacks ${name}`);
  return value;
}

/** Schema of {@link EchoRequest}. */
export const EchoRequestSchema = need(registry.getMessage("test.v1.EchoRequest"), "EchoRequest") as GenMessage<EchoRequest>;

/** Schema of {@link EchoResponse}. */
const EchoResponseSchema = need(registry.getMessage("test.v1.EchoResponse"), "EchoResponse") as GenMessage<EchoResponse>;

/** A unary-only service, typed the way protoc-gen-es types generated services. */
export const EchoService = need(registry.getService("test.v1.EchoService"), "EchoService") as GenService<{
  echo: { methodKind: "unary"; input: typeof EchoRequestSchema; output: typeof EchoResponseSchema };
}>;

/** A service with a method of each kind: unary `Echo`, server-streaming `Watch`, client-streaming `Collect`, bidi `Chat`. */
export const StreamingService = need(registry.getService("test.v1.StreamingService"), "StreamingService") as GenService<{
  echo: { methodKind: "unary"; input: typeof EchoRequestSchema; output: typeof EchoResponseSchema };
  watch: { methodKind: "server_streaming"; input: typeof EchoRequestSchema; output: typeof EchoResponseSchema };
  collect: { methodKind: "client_streaming"; input: typeof EchoRequestSchema; output: typeof EchoResponseSchema };
  chat: { methodKind: "bidi_streaming"; input: typeof EchoRequestSchema; output: typeof EchoResponseSchema };
}>;
