import { create, fromBinary, toBinary, type DescFile } from "@bufbuild/protobuf";
import {
  FileDescriptorProtoSchema,
  FileDescriptorSetSchema,
  type DescriptorProto,
  type FileDescriptorProto,
} from "@bufbuild/protobuf/wkt";
import { loadFileDescriptorSetFromBuffer, loadSync, type PackageDefinition } from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";
import { file_recommendations_v1_recommendations } from "@onlinebooks/recommendations-v1";
import { file_recommendations_v2_recommendations } from "@onlinebooks/recommendations-v2";
import { protoPath as healthProtoPath } from "grpc-health-check";

/**
 * The gRPC server reflection service (v1 and v1alpha), so `grpcurl list`, `describe`
 * and calls by name work without .proto files: `recommendations.v1` and
 * `recommendations.v2` from the descriptors embedded in the generated protobuf-es
 * code (with the files they import, such as `google/protobuf/any.proto`),
 * `grpc.health.v1.Health` from the descriptor shipped with grpc-health-check.
 *
 * The legacy unversioned `Recommendations` service is not described: @grpc/reflection
 * 1.0 names symbols of a file without a package with a leading dot
 * (`.Recommendations`), which grpcurl would then call on a path that does not exist.
 * Its messages are exactly v1's; grpcurl reaches the legacy path with
 * `-proto legacy/recommendations.proto`.
 */
export function createReflectionService(): ReflectionService {
  const files = withImports([file_recommendations_v1_recommendations, file_recommendations_v2_recommendations]).map((file) => file.proto);
  const set = toBinary(FileDescriptorSetSchema, create(FileDescriptorSetSchema, { file: files }));
  const contracts: PackageDefinition = loadFileDescriptorSetFromBuffer(Buffer.from(set));
  const health: PackageDefinition = loadSync(healthProtoPath);
  return new ReflectionService(withMapEntryNames({ ...contracts, ...health }));
}

/** `files` and every file they import, each once, imported files first (as a descriptor set needs them). */
function withImports(files: readonly DescFile[]): DescFile[] {
  const ordered: DescFile[] = [];
  const visit = (file: DescFile): void => {
    if (ordered.includes(file)) return;
    file.dependencies.forEach(visit);
    ordered.push(file);
  };
  files.forEach(visit);
  return ordered;
}

/**
 * protobufjs, under proto-loader, names the entry message of a `map<…> statuses`
 * field `Statuses` instead of `StatusesEntry`; Go protobuf (grpcurl) then rejects the
 * whole file ("incorrect implicit map entry name"). This renames such entries in the
 * serialized descriptors the reflection service hands out. Only the health file has a
 * map field here.
 */
function withMapEntryNames(definition: PackageDefinition): PackageDefinition {
  const fixed = new Map<Buffer, Buffer>();
  const fix = (bytes: Buffer): Buffer => {
    let result = fixed.get(bytes);
    if (result === undefined) {
      const file = fromBinary(FileDescriptorProtoSchema, bytes);
      result = renameMapEntries(file) ? Buffer.from(toBinary(FileDescriptorProtoSchema, file)) : bytes;
      fixed.set(bytes, result);
    }
    return result;
  };
  return Object.fromEntries(
    Object.entries(definition).map(([name, entry]) => {
      const protos = (entry as { fileDescriptorProtos?: Buffer[] }).fileDescriptorProtos;
      return [name, Array.isArray(protos) ? { ...entry, fileDescriptorProtos: protos.map(fix) } : entry];
    }),
  ) as PackageDefinition;
}

function renameMapEntries(file: FileDescriptorProto): boolean {
  let changed = false;
  const visit = (message: DescriptorProto): void => {
    for (const nested of message.nestedType) {
      if (!nested.options?.mapEntry || nested.name.endsWith("Entry")) continue;
      const field = message.field.find((candidate) => candidate.typeName.split(".").at(-1) === nested.name);
      if (!field) continue;
      const entryName = `${field.name.replace(/(?:^|_)([a-z])/g, (_, letter: string) => letter.toUpperCase())}Entry`;
      field.typeName = field.typeName.replace(/[^.]+$/, entryName);
      nested.name = entryName;
      changed = true;
    }
    message.nestedType.forEach(visit);
  };
  file.messageType.forEach(visit);
  return changed;
}
