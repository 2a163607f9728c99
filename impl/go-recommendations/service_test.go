package main

import (
	"context"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	recommendationsv2 "github.com/onlinebooks/contracts/clients/go/recommendations/v2"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

// dial starts the server on a loopback port and returns a generated client of it.
func dial(t *testing.T) (recommendationsv2.RecommendationServiceClient, *grpc.ClientConn) {
	t.Helper()
	books, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	server, _, err := newServer(books, func() time.Time { return time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC) }, make(chan struct{}))
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = server.Serve(listener) }()
	t.Cleanup(server.Stop)
	conn, err := grpc.NewClient(listener.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return recommendationsv2.NewRecommendationServiceClient(conn), conn
}

func TestPagesCoverTheCategoryWithoutRepeats(t *testing.T) {
	client, _ := dial(t)
	request := &recommendationsv2.RecommendRequest{
		UserId:     "42",
		Categories: []recommendationsv2.BookCategory{recommendationsv2.BookCategory_BOOK_CATEGORY_MYSTERY, recommendationsv2.BookCategory_BOOK_CATEGORY_HORROR},
		PageSize:   2,
	}
	seen := map[string]bool{}
	for page := 0; ; page++ {
		response, err := client.Recommend(context.Background(), request)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range response.GetRecommendations() {
			category := r.GetBook().GetCategory()
			if seen[r.GetBook().GetId()] || (category != recommendationsv2.BookCategory_BOOK_CATEGORY_MYSTERY && category != recommendationsv2.BookCategory_BOOK_CATEGORY_HORROR) {
				t.Fatalf("page %d: unexpected book %v", page, r.GetBook())
			}
			seen[r.GetBook().GetId()] = true
		}
		if response.GetNextPageToken() == "" {
			break
		}
		request.PageToken = response.GetNextPageToken()
	}
	if len(seen) != 7 { // 4 mystery + 3 horror books in catalog.json
		t.Fatalf("paging returned %d books, want all 7", len(seen))
	}
}

func TestSameReaderSameDaySameBooks(t *testing.T) {
	client, _ := dial(t)
	ask := func(user string) []string {
		response, err := client.Recommend(context.Background(), &recommendationsv2.RecommendRequest{UserId: user, PageSize: 5})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range response.GetRecommendations() {
			ids = append(ids, r.GetBook().GetId())
		}
		return ids
	}
	first, again, other := ask("1"), ask("1"), ask("2")
	if len(first) != 5 || len(other) != 5 {
		t.Fatalf("want 5 books, got %v and %v", first, other)
	}
	if !slices.Equal(first, again) {
		t.Fatalf("the same request gave %v then %v", first, again)
	}
	if slices.Equal(first, other) {
		t.Fatalf("readers 1 and 2 got the same books %v", first)
	}
}

// details are the ErrorInfo reason and the BadRequest field paths of a status error.
func details(t *testing.T, err error) (reason string, fields []string) {
	t.Helper()
	for _, detail := range status.Convert(err).Details() {
		switch d := detail.(type) {
		case *errdetails.ErrorInfo:
			if d.GetDomain() != errorDomain {
				t.Errorf("ErrorInfo domain %q", d.GetDomain())
			}
			reason = d.GetReason()
		case *errdetails.BadRequest:
			for _, violation := range d.GetFieldViolations() {
				fields = append(fields, violation.GetField())
			}
		}
	}
	return reason, fields
}

func TestInvalidRequestsListTheFieldsInTheirDetails(t *testing.T) {
	client, _ := dial(t)
	first, err := client.Recommend(context.Background(), &recommendationsv2.RecommendRequest{UserId: "1", PageSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		request *recommendationsv2.RecommendRequest
		reason  string
		fields  []string
	}{
		{&recommendationsv2.RecommendRequest{}, reasonInvalidFields, []string{"user_id"}},
		{&recommendationsv2.RecommendRequest{UserId: "1", Categories: []recommendationsv2.BookCategory{recommendationsv2.BookCategory_BOOK_CATEGORY_UNSPECIFIED}}, reasonInvalidFields, []string{"categories[0]"}},
		{&recommendationsv2.RecommendRequest{UserId: "1", PageSize: 101}, reasonInvalidFields, []string{"page_size"}},
		{&recommendationsv2.RecommendRequest{UserId: "1", ExcludeBookIds: []string{"7", "007"}}, reasonInvalidFields, []string{"exclude_book_ids[1]"}},
		{&recommendationsv2.RecommendRequest{UserId: "not valid!", PageSize: 500, ExcludeBookIds: []string{"007"}}, reasonInvalidFields, []string{"user_id", "page_size", "exclude_book_ids[0]"}},
		{&recommendationsv2.RecommendRequest{UserId: "2", PageToken: first.GetNextPageToken()}, reasonInvalidPageToken, []string{"page_token"}},
	}
	for _, c := range cases {
		_, err := client.Recommend(context.Background(), c.request)
		reason, fields := details(t, err)
		if status.Code(err) != codes.InvalidArgument || reason != c.reason || !slices.Equal(fields, c.fields) {
			t.Errorf("%v: got %v (reason %s, fields %v), want INVALID_ARGUMENT %s %v", c.request, err, reason, fields, c.reason, c.fields)
		}
		if !strings.Contains(status.Convert(err).Message(), c.fields[0]) {
			t.Errorf("message %q does not name %s", status.Convert(err).Message(), c.fields[0])
		}
	}
}

func TestListCategoriesAndHealth(t *testing.T) {
	client, conn := dial(t)
	response, err := client.ListCategories(context.Background(), &recommendationsv2.ListCategoriesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(response.GetCategories()) != 10 || response.GetCategories()[0].GetCategory() != recommendationsv2.BookCategory_BOOK_CATEGORY_MYSTERY {
		t.Fatalf("categories: %v", response.GetCategories())
	}
	checked, err := healthpb.NewHealthClient(conn).Check(context.Background(), &healthpb.HealthCheckRequest{Service: "recommendations.v2.RecommendationService"})
	if err != nil || checked.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("health: %v %v", checked, err)
	}
}

func TestViolationListsAreBounded(t *testing.T) {
	client, _ := dial(t)
	violationCount := func(err error) string {
		for _, detail := range status.Convert(err).Details() {
			if info, ok := detail.(*errdetails.ErrorInfo); ok {
				return info.GetMetadata()["violation_count"]
			}
		}
		return ""
	}
	_, err := client.Recommend(context.Background(), &recommendationsv2.RecommendRequest{UserId: "1", ExcludeBookIds: slices.Repeat([]string{"0"}, 60)})
	if _, fields := details(t, err); len(fields) != maxListedViolations || violationCount(err) != "60" {
		t.Errorf("60 bad ids: %d listed, violation_count %q; want %d and 60", len(fields), violationCount(err), maxListedViolations)
	}
	_, err = client.Recommend(context.Background(), &recommendationsv2.RecommendRequest{Categories: slices.Repeat([]recommendationsv2.BookCategory{0}, maxFullyCheckedValues+1)})
	if _, fields := details(t, err); !slices.Equal(fields, []string{"user_id"}) || violationCount(err) != "1" {
		t.Errorf("a huge request: fields %v, violation_count %q; want its first violation only", fields, violationCount(err))
	}
}
