import { create, toBinary } from "@bufbuild/protobuf";
import { expect } from "chai";
import { createServiceDefinition } from "./service-definition.js";
import { EchoRequestSchema, StreamingService } from "./testing/echo-service.js";

describe("createServiceDefinition", () => {
  const definition = createServiceDefinition(StreamingService);

  it("keys methods by local name and builds paths from the fully qualified service name", () => {
    expect(Object.keys(definition)).to.deep.equal(["echo", "watch", "collect", "chat"]);
    expect(definition["echo"]?.path).to.equal("/test.v1.StreamingService/Echo");
    expect(definition["echo"]?.originalName).to.equal("echo");
  });

  it("describes the streaming shape of every method kind", () => {
    expect(definition["echo"]).to.include({ requestStream: false, responseStream: false });
    expect(definition["watch"]).to.include({ requestStream: false, responseStream: true });
    expect(definition["collect"]).to.include({ requestStream: true, responseStream: false });
    expect(definition["chat"]).to.include({ requestStream: true, responseStream: true });
  });

  it("uses a replacement service name in paths", () => {
    expect(createServiceDefinition(StreamingService, { serviceName: "Legacy" })["watch"]?.path).to.equal("/Legacy/Watch");
  });

  it("serializes with protobuf-es binary encoding", () => {
    const message = create(EchoRequestSchema, { text: "hi", count: 3 });
    const bytes = definition["echo"]?.requestSerialize(message);
    expect(bytes).to.deep.equal(Buffer.from(toBinary(EchoRequestSchema, message)));
    expect(definition["echo"]?.requestDeserialize(bytes as Buffer)).to.deep.equal(message);
  });
});
