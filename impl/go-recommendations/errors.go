package main

import (
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/protoadapt"
)

// errorDomain is the google.rpc.ErrorInfo domain of every error of the Recommendations API.
const errorDomain = "recommendations.onlinebooks"

// The ErrorInfo reasons this server sends; the contract lists them per RPC.
const (
	reasonInvalidFields    = "INVALID_FIELDS"
	reasonInvalidPageToken = "INVALID_PAGE_TOKEN"
	reasonUnknownCategory  = "UNKNOWN_CATEGORY"
	reasonInternalError    = "INTERNAL_ERROR"
	reasonShuttingDown     = "SHUTTING_DOWN"
)

// detailedError is a status error whose google.rpc.Status details hold one ErrorInfo
// (reason, errorDomain, metadata) and, when violations are given, a BadRequest listing them.
func detailedError(code codes.Code, message, reason string, metadata map[string]string, violations ...*errdetails.BadRequest_FieldViolation) error {
	details := []protoadapt.MessageV1{&errdetails.ErrorInfo{Reason: reason, Domain: errorDomain, Metadata: metadata}}
	if code == codes.InvalidArgument {
		details = append(details, &errdetails.BadRequest{FieldViolations: violations})
	}
	st, err := status.New(code, message).WithDetails(details...)
	if err != nil {
		return status.Error(codes.Internal, "internal error")
	}
	return st.Err()
}

// invalidField is an INVALID_ARGUMENT naming one field, for a rule the server checks itself.
func invalidField(reason, field, problem string, metadata map[string]string) error {
	return detailedError(codes.InvalidArgument, field+" "+problem, reason, metadata,
		&errdetails.BadRequest_FieldViolation{Field: field, Description: problem, Reason: reason})
}
