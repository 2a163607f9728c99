"""A protoc plugin that runs grpcio-tools' built-in grpc_python generator.

grpcio-tools compiles the gRPC Python generator into its own protoc instead of shipping
a protoc-gen-grpc_python executable, and buf only runs protoc built-ins it knows. This
adapter speaks the plugin protocol: it reads a CodeGeneratorRequest on stdin, hands the
request's descriptors to grpcio-tools' protoc (--descriptor_set_in, --grpc_python_out),
and answers with the files it wrote as a CodeGeneratorResponse on stdout.
"""

import os
import sys
import tempfile

from google.protobuf import descriptor_pb2
from google.protobuf.compiler import plugin_pb2
from grpc_tools import protoc


def main() -> int:
    request = plugin_pb2.CodeGeneratorRequest.FromString(sys.stdin.buffer.read())
    response = plugin_pb2.CodeGeneratorResponse()
    response.supported_features = plugin_pb2.CodeGeneratorResponse.FEATURE_PROTO3_OPTIONAL
    with tempfile.TemporaryDirectory() as work:
        descriptors = os.path.join(work, "descriptors.binpb")
        with open(descriptors, "wb") as out:
            out.write(descriptor_pb2.FileDescriptorSet(file=request.proto_file).SerializeToString())
        generated = os.path.join(work, "out")
        os.mkdir(generated)
        args = ["grpc_tools.protoc", f"--descriptor_set_in={descriptors}", f"--grpc_python_out={generated}"]
        if request.parameter:
            args.append(f"--grpc_python_opt={request.parameter}")
        if protoc.main(args + list(request.file_to_generate)) != 0:
            response.error = "grpcio-tools protoc failed to generate the gRPC stubs"
        else:
            for root, _, files in os.walk(generated):
                for name in sorted(files):
                    path = os.path.join(root, name)
                    with open(path, encoding="utf-8") as source:
                        response.file.add(name=os.path.relpath(path, generated), content=source.read())
    sys.stdout.buffer.write(response.SerializeToString())
    return 0


if __name__ == "__main__":
    sys.exit(main())
