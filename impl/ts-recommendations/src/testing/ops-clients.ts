import { createRequire } from "node:module";
import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { credentials, loadPackageDefinition, makeClientConstructor, type Client, type ClientDuplexStream, type ClientReadableStream, type ServiceError } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { service as healthService } from "grpc-health-check";

/** A `grpc.health.v1.Health` client. */
export interface HealthClient {
  /** The status of `service` (`""` = the whole server), e.g. `"SERVING"`; rejects with the call's error. */
  check(service: string): Promise<string>;
  /** Opens a Watch stream; `statuses` fills as updates arrive; `ended` resolves with the final error code (0 = OK). */
  watch(service: string): { statuses: string[]; ended: Promise<number> };
  close(): void;
}

type HealthStub = Client & {
  check(request: { service: string }, callback: (error: ServiceError | null, response?: { status: string }) => void): void;
  watch(request: { service: string }): ClientReadableStream<{ status: string }>;
};

/** A health client built from grpc-health-check's own service definition. */
export function createHealthClient(address: string): HealthClient {
  const Health = makeClientConstructor(healthService, "grpc.health.v1.Health");
  const client = new Health(address, credentials.createInsecure()) as unknown as HealthStub;
  return {
    check: (service) =>
      new Promise((resolve, reject) => client.check({ service }, (error, response) => (error ? reject(error) : resolve(response?.status ?? "")))),
    watch(service) {
      const statuses: string[] = [];
      const stream = client.watch({ service });
      stream.on("data", (update: { status: string }) => statuses.push(update.status));
      const ended = new Promise<number>((resolve) => {
        stream.on("error", (error: ServiceError) => resolve(error.code));
        stream.on("status", (status: { code: number }) => resolve(status.code));
      });
      return { statuses, ended };
    },
    close: () => client.close(),
  };
}

interface ReflectionResponse {
  list_services_response?: { service: Array<{ name: string }> };
  file_descriptor_response?: { file_descriptor_proto: Buffer[] };
  error_response?: { error_code: number; error_message: string };
}

/** A `grpc.reflection.v1.ServerReflection` client, the way grpcurl asks. */
export interface ReflectionClient {
  listServices(): Promise<string[]>;
  /** The file descriptors that define `symbol`, with their dependencies. */
  fileContainingSymbol(symbol: string): Promise<FileDescriptorProto[]>;
  close(): void;
}

/** A reflection client built from the reflection.proto shipped with @grpc/reflection. */
export function createReflectionClient(address: string): ReflectionClient {
  const protoPath = createRequire(import.meta.url).resolve("@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto");
  const root = loadPackageDefinition(loadSync(protoPath, { keepCase: true, defaults: true, oneofs: true })) as unknown as {
    grpc: { reflection: { v1: { ServerReflection: new (address: string, creds: ReturnType<typeof credentials.createInsecure>) => Client } } };
  };
  const client = new root.grpc.reflection.v1.ServerReflection(address, credentials.createInsecure()) as Client & {
    ServerReflectionInfo(): ClientDuplexStream<Record<string, string>, ReflectionResponse>;
  };
  const ask = (request: Record<string, string>): Promise<ReflectionResponse> =>
    new Promise((resolve, reject) => {
      const stream = client.ServerReflectionInfo();
      stream.once("data", (response: ReflectionResponse) => {
        resolve(response);
        stream.end();
      });
      stream.on("error", reject);
      stream.write(request);
    });
  return {
    async listServices() {
      const response = await ask({ list_services: "" });
      return (response.list_services_response?.service ?? []).map((service) => service.name).sort();
    },
    async fileContainingSymbol(symbol) {
      const response = await ask({ file_containing_symbol: symbol });
      if (response.error_response) throw new Error(`reflection error ${response.error_response.error_code}: ${response.error_response.error_message}`);
      return (response.file_descriptor_response?.file_descriptor_proto ?? []).map((bytes) => fromBinary(FileDescriptorProtoSchema, bytes));
    },
    close: () => client.close(),
  };
}
