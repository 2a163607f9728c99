package main

import (
	"context"
	"errors"
	"io"

	recommendationsv2 "github.com/onlinebooks/contracts/clients/go/recommendations/v2"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// BatchRecommend answers each request exactly as Recommend does — the same page, or
// the same status code, message and details as the item's error — in request order, one at a
// time: the next request is read once the answer to this one is sent, so at most one
// request is read and not yet answered (the contract allows 64). Once the server is
// draining, the stream ends UNAVAILABLE before the next request; requests without an
// answer can be sent again elsewhere.
func (s *service) BatchRecommend(stream recommendationsv2.RecommendationService_BatchRecommendServer) error {
	for {
		item, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		select {
		case <-s.draining:
			return detailedError(codes.Unavailable, "server is shutting down", reasonShuttingDown, nil)
		default:
		}
		request := item.GetRequest()
		if request == nil {
			request = &recommendationsv2.RecommendRequest{}
		}
		answer := &recommendationsv2.BatchRecommendResponse{RequestId: item.GetRequestId()}
		page, err := s.recommendChecked(stream.Context(), request)
		if err != nil {
			failure := status.Convert(err).Proto()
			answer.Result = &recommendationsv2.BatchRecommendResponse_Error{
				Error: &recommendationsv2.BatchRecommendError{Code: failure.GetCode(), Message: failure.GetMessage(), Details: failure.GetDetails()},
			}
		} else {
			answer.Result = &recommendationsv2.BatchRecommendResponse_Response{Response: page}
		}
		if err := stream.Send(answer); err != nil {
			return err
		}
	}
}

// recommendChecked is Recommend after the validation the interceptor gives a unary call.
func (s *service) recommendChecked(ctx context.Context, request *recommendationsv2.RecommendRequest) (*recommendationsv2.RecommendResponse, error) {
	if err := s.validation.check(request); err != nil {
		return nil, err
	}
	return s.Recommend(ctx, request)
}
