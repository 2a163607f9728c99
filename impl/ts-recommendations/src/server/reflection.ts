import { create, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { loadFileDescriptorSetFromBuffer, loadSync, type PackageDefinition } from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";
import { file_recommendations_v1_recommendations } from "@onlinebooks/recommendations-v1";
import { file_recommendations_v2_recommendations } from "@onlinebooks/recommendations-v2";
import { protoPath as healthProtoPath } from "grpc-health-check";

/**
 * The gRPC server reflection service (v1 and v1alpha), so `grpcurl list`, `describe`
 * and calls by name work without .proto files: `recommendations.v1` and
 * `recommendations.v2` from the descriptors embedded in the generated protobuf-es
 * code, `grpc.health.v1.Health` from the descriptor shipped with grpc-health-check.
 *
 * The legacy unversioned `Recommendations` service is not described: @grpc/reflection
 * 1.0 names symbols of a file without a package with a leading dot
 * (`.Recommendations`), which grpcurl would then call on a path that does not exist.
 * Its messages are exactly v1's; grpcurl reaches the legacy path with
 * `-proto legacy/recommendations.proto`.
 */
export function createReflectionService(): ReflectionService {
  const files = [file_recommendations_v1_recommendations.proto, file_recommendations_v2_recommendations.proto];
  const set = toBinary(FileDescriptorSetSchema, create(FileDescriptorSetSchema, { file: files }));
  const contracts: PackageDefinition = loadFileDescriptorSetFromBuffer(Buffer.from(set));
  const health: PackageDefinition = loadSync(healthProtoPath);
  return new ReflectionService({ ...contracts, ...health });
}
