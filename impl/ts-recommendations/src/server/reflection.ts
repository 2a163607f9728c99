import { clearField, clone, create, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, FileDescriptorSetSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { loadFileDescriptorSetFromBuffer, loadSync, type PackageDefinition } from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";
import { file_recommendations_v1_recommendations } from "@onlinebooks/recommendations-v1";
import { file_recommendations_v2_recommendations } from "@onlinebooks/recommendations-v2";
import { protoPath as healthProtoPath } from "grpc-health-check";

/** The name of the legacy file descriptor: the original contract's file, which had no package. */
export const LEGACY_FILE_NAME = "recommendations.proto";

/**
 * The gRPC server reflection service (v1 and v1alpha) describing every service the
 * server answers, so `grpcurl list`, `describe` and calls by name work without .proto
 * files: v1 and v2 from the descriptors embedded in the generated protobuf-es code,
 * the legacy unversioned `Recommendations` as the v1 descriptor without its package
 * (exactly the original contract's shape), and `grpc.health.v1.Health` from the
 * descriptor shipped with grpc-health-check.
 */
export function createReflectionService(): ReflectionService {
  const files = [
    file_recommendations_v1_recommendations.proto,
    file_recommendations_v2_recommendations.proto,
    legacyFile(file_recommendations_v1_recommendations.proto),
  ];
  const set = toBinary(FileDescriptorSetSchema, create(FileDescriptorSetSchema, { file: files }));
  const contracts: PackageDefinition = loadFileDescriptorSetFromBuffer(Buffer.from(set));
  const health: PackageDefinition = loadSync(healthProtoPath);
  return new ReflectionService({ ...contracts, ...health });
}

/** The v1 file as the original unversioned contract: no package, type references rewritten. */
function legacyFile(v1: FileDescriptorProto): FileDescriptorProto {
  const legacy = clone(FileDescriptorProtoSchema, v1);
  const prefix = `.${v1.package}.`;
  const unqualify = (name: string): string => (name.startsWith(prefix) ? `.${name.slice(prefix.length)}` : name);
  legacy.name = LEGACY_FILE_NAME;
  clearField(legacy, FileDescriptorProtoSchema.field.package);
  for (const message of legacy.messageType) {
    for (const field of message.field) field.typeName = unqualify(field.typeName);
  }
  for (const service of legacy.service) {
    for (const method of service.method) {
      method.inputType = unqualify(method.inputType);
      method.outputType = unqualify(method.outputType);
    }
  }
  return legacy;
}
