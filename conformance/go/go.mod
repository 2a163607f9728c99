module github.com/onlinebooks/contracts/conformance/go

go 1.26.0

require (
	github.com/onlinebooks/contracts/clients/go v1.0.0
	google.golang.org/genproto/googleapis/rpc v0.0.0-20260817212433-ac3dfec99bb1
	google.golang.org/grpc v1.85.0
	google.golang.org/protobuf v1.36.12
)

require (
	buf.build/gen/go/bufbuild/protovalidate/protocolbuffers/go v1.36.12-20260825204119-511051f7f437.1 // indirect
	golang.org/x/net v0.60.0 // indirect
	golang.org/x/sys v0.48.0 // indirect
	golang.org/x/text v0.42.0 // indirect
)

// The client module is used from this checkout, exactly as generated.
replace github.com/onlinebooks/contracts/clients/go => ../../clients/go
