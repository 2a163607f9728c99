package main

import (
	"context"
	"errors"
	"io"
	"testing"

	recommendationsv2 "github.com/onlinebooks/contracts/clients/go/recommendations/v2"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// batch sends items on one BatchRecommend stream, half-closes, and returns every answer.
func batch(t *testing.T, client recommendationsv2.RecommendationServiceClient, items []*recommendationsv2.BatchRecommendRequest) []*recommendationsv2.BatchRecommendResponse {
	t.Helper()
	stream, err := client.BatchRecommend(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, item := range items {
		if err := stream.Send(item); err != nil {
			t.Fatal(err)
		}
	}
	if err := stream.CloseSend(); err != nil {
		t.Fatal(err)
	}
	var answers []*recommendationsv2.BatchRecommendResponse
	for {
		answer, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return answers
		}
		if err != nil {
			t.Fatal(err)
		}
		answers = append(answers, answer)
	}
}

// Each item gets what Recommend answers: the same page, or the same code, message and
// status details (ErrorInfo, BadRequest) as its error.
func TestBatchAnswersEachItemAsRecommendDoesInOrder(t *testing.T) {
	client, _ := dial(t)
	items := []*recommendationsv2.BatchRecommendRequest{
		{RequestId: "a", Request: &recommendationsv2.RecommendRequest{UserId: "42", PageSize: 3}},
		{RequestId: "b", Request: &recommendationsv2.RecommendRequest{UserId: "not valid!"}},
		{RequestId: "c", Request: &recommendationsv2.RecommendRequest{UserId: "42", PageSize: 101}},
		{RequestId: "d"},
		{RequestId: "a", Request: &recommendationsv2.RecommendRequest{UserId: "7", Categories: []recommendationsv2.BookCategory{recommendationsv2.BookCategory_BOOK_CATEGORY_MYSTERY}}},
	}
	answers := batch(t, client, items)
	if len(answers) != len(items) {
		t.Fatalf("%d answers to %d requests", len(answers), len(items))
	}
	for i, item := range items {
		answer := answers[i]
		if answer.GetRequestId() != item.GetRequestId() {
			t.Fatalf("answer %d is for %q, want %q", i, answer.GetRequestId(), item.GetRequestId())
		}
		request := item.GetRequest()
		if request == nil {
			request = &recommendationsv2.RecommendRequest{}
		}
		page, err := client.Recommend(context.Background(), request)
		if err != nil {
			failure := status.Convert(err).Proto()
			got := answer.GetError()
			same := &spb.Status{Code: got.GetCode(), Message: got.GetMessage(), Details: got.GetDetails()}
			if got == nil || !proto.Equal(same, failure) || len(failure.GetDetails()) == 0 {
				t.Errorf("item %d: got %v, Recommend fails with %v", i, answer, failure)
			}
		} else if !proto.Equal(answer.GetResponse(), page) {
			t.Errorf("item %d: got %v, Recommend returns %v", i, answer, page)
		}
	}
}

func TestBatchOfNothingEndsOK(t *testing.T) {
	client, _ := dial(t)
	if answers := batch(t, client, nil); len(answers) != 0 {
		t.Fatalf("answers to no requests: %v", answers)
	}
}
