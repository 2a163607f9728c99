#!/bin/sh
# Installs the Go code generators into clients/go/.bin (git-ignored) and downloads the
# module's dependencies. protoc-gen-go is installed at the google.golang.org/protobuf
# version that go.mod requires, so generated code and runtime always match;
# protoc-gen-go-grpc (its own module) is pinned here. Quick when already installed.
set -eu
cd "$(dirname "$0")/.."
GRPC_GEN_VERSION=v1.6.2
command -v go >/dev/null 2>&1 || { echo "go: a Go toolchain (>= 1.26) is required" >&2; exit 1; }
echo "go: go mod download ($(go version | cut -d' ' -f3))"
go mod download
proto_version=$(go list -m -f '{{.Version}}' google.golang.org/protobuf)
if [ "$(.bin/protoc-gen-go --version 2>/dev/null || true)" != "protoc-gen-go $proto_version" ]; then
  echo "go: go install google.golang.org/protobuf/cmd/protoc-gen-go@$proto_version"
  GOBIN="$PWD/.bin" go install "google.golang.org/protobuf/cmd/protoc-gen-go@$proto_version"
fi
if [ "$(.bin/protoc-gen-go-grpc --version 2>/dev/null || true)" != "protoc-gen-go-grpc ${GRPC_GEN_VERSION#v}" ]; then
  echo "go: go install google.golang.org/grpc/cmd/protoc-gen-go-grpc@$GRPC_GEN_VERSION"
  GOBIN="$PWD/.bin" go install "google.golang.org/grpc/cmd/protoc-gen-go-grpc@$GRPC_GEN_VERSION"
fi
echo "go: $(.bin/protoc-gen-go --version), $(.bin/protoc-gen-go-grpc --version)"
