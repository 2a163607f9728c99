import { create, createFileRegistry, setExtension, type Message, type MessageInitShape } from "@bufbuild/protobuf";
import type { GenMessage, GenService } from "@bufbuild/protobuf/codegenv2";
import {
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
  FieldOptionsSchema,
  FileDescriptorProtoSchema,
  type FieldOptions,
} from "@bufbuild/protobuf/wkt";
import { need } from "./echo-service.js";
import { field as fieldRules, FieldRulesSchema, file_buf_validate_validate } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";

/**
 * Request of the test service with contract rules, as if declared
 * `string name = 1 [(buf.validate.field).required = true, (buf.validate.field).string.max_len = 8];`
 * `int32 size = 2 [(buf.validate.field).int32 = {gte: 0, lte: 10}];`
 * `repeated string tags = 3 [(buf.validate.field).repeated = {max_items: 3, items: {string: {min_len: 1}}}];`
 */
export type CheckRequest = Message<"test.v1.CheckRequest"> & { name: string; size: number; tags: string[] };

/** Response of the test service: the name it was asked about. */
export type CheckResponse = Message<"test.v1.CheckResponse"> & { name: string };

function rules(init: MessageInitShape<typeof FieldRulesSchema>): FieldOptions {
  const options = create(FieldOptionsSchema);
  setExtension(options, fieldRules, create(FieldRulesSchema, init));
  return options;
}

const file = create(FileDescriptorProtoSchema, {
  name: "test/v1/check.proto",
  package: "test.v1",
  syntax: "proto3",
  dependency: ["buf/validate/validate.proto"],
  messageType: [
    {
      name: "CheckRequest",
      field: [
        {
          name: "name",
          jsonName: "name",
          number: 1,
          type: Type.STRING,
          label: Label.OPTIONAL,
          options: rules({ required: true, type: { case: "string", value: { maxLen: 8n } } }),
        },
        {
          name: "size",
          jsonName: "size",
          number: 2,
          type: Type.INT32,
          label: Label.OPTIONAL,
          options: rules({
            type: { case: "int32", value: { greaterThan: { case: "gte", value: 0 }, lessThan: { case: "lte", value: 10 } } },
          }),
        },
        {
          name: "tags",
          jsonName: "tags",
          number: 3,
          type: Type.STRING,
          label: Label.REPEATED,
          options: rules({
            type: {
              case: "repeated",
              value: { maxItems: 3n, items: { type: { case: "string", value: { minLen: 1n } } } },
            },
          }),
        },
      ],
    },
    {
      name: "CheckResponse",
      field: [{ name: "name", jsonName: "name", number: 1, type: Type.STRING, label: Label.OPTIONAL }],
    },
  ],
  service: [
    {
      name: "CheckedService",
      method: [
        { name: "Check", inputType: ".test.v1.CheckRequest", outputType: ".test.v1.CheckResponse" },
        { name: "Watch", inputType: ".test.v1.CheckRequest", outputType: ".test.v1.CheckResponse", serverStreaming: true },
      ],
    },
  ],
});

const registry = createFileRegistry(file, (name) => (name === file_buf_validate_validate.proto.name ? file_buf_validate_validate : undefined));

/** Schema of {@link CheckRequest}. */
export const CheckRequestSchema = need(registry.getMessage("test.v1.CheckRequest"), "CheckRequest") as GenMessage<CheckRequest>;

/** Schema of {@link CheckResponse}. */
const CheckResponseSchema = need(registry.getMessage("test.v1.CheckResponse"), "CheckResponse") as GenMessage<CheckResponse>;

/** A service whose request carries buf.validate rules (a unary and a server-streaming method), typed the way protoc-gen-es types generated services. */
export const CheckedService = need(registry.getService("test.v1.CheckedService"), "CheckedService") as GenService<{
  check: { methodKind: "unary"; input: typeof CheckRequestSchema; output: typeof CheckResponseSchema };
  watch: { methodKind: "server_streaming"; input: typeof CheckRequestSchema; output: typeof CheckResponseSchema };
}>;
