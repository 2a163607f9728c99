package main

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"time"

	recommendationsv2 "github.com/onlinebooks/contracts/clients/go/recommendations/v2"
)

// defaultPageSize is the page size of a request that leaves page_size at 0.
const defaultPageSize = 10

// service implements recommendations.v2.RecommendationService over a fixed catalog.
// Ranking is a per-reader, per-day (UTC) shuffle of the catalog; a page token carries
// the day and the offset, bound to the request by a hash.
type service struct {
	recommendationsv2.UnimplementedRecommendationServiceServer
	books []*recommendationsv2.Book
	now   func() time.Time
	// categories is the ListCategories response, counted once: the catalog never
	// changes. It is shared by every call and never modified.
	categories *recommendationsv2.ListCategoriesResponse
	// draining is closed when the server starts shutting down: open batch streams end.
	draining <-chan struct{}
	// validation checks each BatchRecommend item as the interceptor checks a Recommend request.
	validation *requestValidation
}

// newService serves books, ranking them for the day that now() falls on (UTC); open
// batch streams end once draining is closed.
func newService(books []*recommendationsv2.Book, now func() time.Time, draining <-chan struct{}, validation *requestValidation) *service {
	return &service{books: books, now: now, categories: categorySummaries(books), draining: draining, validation: validation}
}

// categorySummaries lists every known category with its display name and its number of books.
func categorySummaries(books []*recommendationsv2.Book) *recommendationsv2.ListCategoriesResponse {
	counts := map[recommendationsv2.BookCategory]int32{}
	for _, book := range books {
		counts[book.GetCategory()]++
	}
	response := &recommendationsv2.ListCategoriesResponse{}
	for number := range int32(len(recommendationsv2.BookCategory_name)) {
		category := recommendationsv2.BookCategory(number)
		if name, ok := displayNames[category]; ok {
			response.Categories = append(response.Categories, &recommendationsv2.CategorySummary{
				Category: category, DisplayName: name, BookCount: counts[category],
			})
		}
	}
	return response
}

func (s *service) ListCategories(context.Context, *recommendationsv2.ListCategoriesRequest) (*recommendationsv2.ListCategoriesResponse, error) {
	return s.categories, nil
}

func (s *service) Recommend(_ context.Context, request *recommendationsv2.RecommendRequest) (*recommendationsv2.RecommendResponse, error) {
	// The request has passed the contract's rules (requestValidation); what remains
	// are the rules no field rule states: a category the catalog lacks, a page token.
	categories := map[recommendationsv2.BookCategory]bool{}
	for i, category := range request.GetCategories() {
		if _, known := displayNames[category]; !known {
			return nil, invalidField(reasonUnknownCategory, "categories["+strconv.Itoa(i)+"]",
				"is a category this server's catalog does not have ("+category.String()+")",
				map[string]string{"category": category.String()})
		}
		categories[category] = true
	}
	excluded := map[string]bool{}
	for _, id := range request.GetExcludeBookIds() {
		excluded[id] = true
	}
	scope := scopeOf(request.GetUserId(), categories, excluded)
	day, offset := s.now().UTC().Unix()/86400, uint64(0)
	if token := request.GetPageToken(); token != "" {
		var ok bool
		if day, offset, ok = decodeToken(token, scope); !ok {
			return nil, invalidField(reasonInvalidPageToken, "page_token", "is not a token returned for this request; start again without page_token", nil)
		}
	}
	size := int(request.GetPageSize())
	if size == 0 {
		size = defaultPageSize
	}
	ranked := s.rank(request.GetUserId(), day, categories, excluded)
	response := &recommendationsv2.RecommendResponse{}
	end := min(int(offset)+size, len(ranked))
	for _, book := range ranked[min(int(offset), len(ranked)):end] {
		response.Recommendations = append(response.Recommendations, &recommendationsv2.Recommendation{Book: book})
	}
	if end < len(ranked) {
		response.NextPageToken = encodeToken(day, uint64(end), scope)
	}
	return response, nil
}

// rank orders the eligible books by a hash of (reader, day, book): stable for a day,
// different for another reader.
func (s *service) rank(user string, day int64, categories map[recommendationsv2.BookCategory]bool, excluded map[string]bool) []*recommendationsv2.Book {
	type scored struct {
		book  *recommendationsv2.Book
		score uint64
	}
	var eligible []scored
	dayText := strconv.FormatInt(day, 10)
	for _, book := range s.books {
		if (len(categories) == 0 || categories[book.GetCategory()]) && !excluded[book.GetId()] {
			eligible = append(eligible, scored{book, hash(user, dayText, book.GetId())})
		}
	}
	slices.SortFunc(eligible, func(a, b scored) int {
		if a.score < b.score {
			return -1
		}
		if a.score > b.score {
			return 1
		}
		return strings.Compare(a.book.GetId(), b.book.GetId())
	})
	books := make([]*recommendationsv2.Book, len(eligible))
	for i, e := range eligible {
		books[i] = e.book
	}
	return books
}

func hash(parts ...string) uint64 {
	h := fnv.New64a()
	for _, part := range parts {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// scopeOf fingerprints what a page token belongs to: reader, categories and exclusions.
func scopeOf(user string, categories map[recommendationsv2.BookCategory]bool, excluded map[string]bool) uint64 {
	parts := []string{user}
	for category := range categories {
		parts = append(parts, "c"+strconv.Itoa(int(category)))
	}
	for id := range excluded {
		parts = append(parts, "x"+id)
	}
	slices.Sort(parts[1:])
	return hash(parts...)
}

func encodeToken(day int64, offset, scope uint64) string {
	buf := binary.AppendVarint(nil, day)
	buf = binary.AppendUvarint(buf, offset)
	buf = binary.BigEndian.AppendUint64(buf, hash(string(buf), strconv.FormatUint(scope, 16)))
	return base64.RawURLEncoding.EncodeToString(buf)
}

func decodeToken(token string, scope uint64) (day int64, offset uint64, ok bool) {
	buf, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(buf) <= 8 {
		return 0, 0, false
	}
	payload, mac := buf[:len(buf)-8], binary.BigEndian.Uint64(buf[len(buf)-8:])
	if mac != hash(string(payload), strconv.FormatUint(scope, 16)) {
		return 0, 0, false
	}
	day, n := binary.Varint(payload)
	if n <= 0 {
		return 0, 0, false
	}
	offset, m := binary.Uvarint(payload[n:])
	return day, offset, m > 0 && n+m == len(payload)
}
