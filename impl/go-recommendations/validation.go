package main

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"buf.build/go/protovalidate"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

const (
	// maxListedViolations is the most field violations one error lists; ErrorInfo's
	// "violation_count" counts them all.
	maxListedViolations = 50
	// maxFullyCheckedValues: a request with more values than this in its repeated fields
	// is checked only up to its first violation.
	maxFullyCheckedValues = 2048
	// namedInMessage is how many violations the status message names.
	namedInMessage = 3
)

// requestValidation checks requests against the buf.validate rules of their contract
// with one protovalidate validator, made once: a request that breaks them is answered
// INVALID_ARGUMENT, reason INVALID_FIELDS, listing every violation in a BadRequest.
type requestValidation struct {
	validator protovalidate.Validator
}

func newRequestValidation() (*requestValidation, error) {
	validator, err := protovalidate.New()
	if err != nil {
		return nil, err
	}
	return &requestValidation{validator}, nil
}

// check is nil when message meets every rule, else the INVALID_FIELDS status error.
func (v *requestValidation) check(message proto.Message) error {
	var options []protovalidate.ValidationOption
	if valueCount(message.ProtoReflect(), maxFullyCheckedValues) > maxFullyCheckedValues {
		options = append(options, protovalidate.WithFailFast())
	}
	if err := v.validator.Validate(message, options...); err != nil {
		return invalidFields(err)
	}
	return nil
}

// unaryInterceptor checks every unary request before its handler runs.
func (v *requestValidation) unaryInterceptor(ctx context.Context, request any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	if message, ok := request.(proto.Message); ok {
		if err := v.check(message); err != nil {
			return nil, err
		}
	}
	return handler(ctx, request)
}

// invalidFields turns protovalidate's error into the INVALID_FIELDS status error.
func invalidFields(err error) error {
	var invalid *protovalidate.ValidationError
	if !errors.As(err, &invalid) {
		return detailedError(codes.Internal, "internal error", reasonInternalError, nil)
	}
	var violations []*errdetails.BadRequest_FieldViolation
	var named []string
	for i, violation := range invalid.Violations {
		field := protovalidate.FieldPathString(violation.Proto.GetField())
		if i < namedInMessage {
			named = append(named, field+": "+violation.Proto.GetMessage())
		}
		if i < maxListedViolations {
			violations = append(violations, &errdetails.BadRequest_FieldViolation{
				Field:       field,
				Description: violation.Proto.GetMessage(),
				Reason:      upperSnake(violation.Proto.GetRuleId()),
			})
		}
	}
	message := "invalid request: " + strings.Join(named, "; ")
	if more := len(invalid.Violations) - len(named); more > 0 {
		message += "; and " + strconv.Itoa(more) + " more"
	}
	metadata := map[string]string{"violation_count": strconv.Itoa(len(invalid.Violations))}
	return detailedError(codes.InvalidArgument, message, reasonInvalidFields, metadata, violations...)
}

// upperSnake writes a rule id such as "int32.gte_lte" as an AIP-193 reason: INT32_GTE_LTE.
func upperSnake(ruleID string) string {
	mapped := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9'):
			return r
		default:
			return '_'
		}
	}, ruleID)
	return strings.Trim(mapped, "_")
}

// valueCount counts the values of the repeated and map fields of message and of the
// messages in it, up to just over limit.
func valueCount(message protoreflect.Message, limit int) int {
	count := 0
	message.Range(func(field protoreflect.FieldDescriptor, value protoreflect.Value) bool {
		switch {
		case field.IsList():
			list := value.List()
			count += list.Len()
			for i := 0; field.Message() != nil && i < list.Len() && count <= limit; i++ {
				count += valueCount(list.Get(i).Message(), limit-count)
			}
		case field.IsMap():
			count += value.Map().Len()
		case field.Message() != nil:
			count += valueCount(value.Message(), limit-count)
		}
		return count <= limit
	})
	return count
}
