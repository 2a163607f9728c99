package main

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"

	recommendationsv2 "github.com/onlinebooks/contracts/clients/go/recommendations/v2"
	"google.golang.org/protobuf/encoding/protojson"
)

//go:embed catalog.json
var catalogJSON []byte

// bookID is the form of Book.id the contract documents: a positive decimal integer
// without leading zeros.
var bookID = regexp.MustCompile(`^[1-9][0-9]*$`)

// displayNames are the category names shown to readers, as ListCategories returns them.
var displayNames = map[recommendationsv2.BookCategory]string{
	recommendationsv2.BookCategory_BOOK_CATEGORY_MYSTERY:          "Mystery",
	recommendationsv2.BookCategory_BOOK_CATEGORY_SCIENCE_FICTION:  "Science fiction",
	recommendationsv2.BookCategory_BOOK_CATEGORY_SELF_HELP:        "Self-help",
	recommendationsv2.BookCategory_BOOK_CATEGORY_FANTASY:          "Fantasy",
	recommendationsv2.BookCategory_BOOK_CATEGORY_HISTORY:          "History",
	recommendationsv2.BookCategory_BOOK_CATEGORY_BIOGRAPHY:        "Biography and memoir",
	recommendationsv2.BookCategory_BOOK_CATEGORY_POPULAR_SCIENCE:  "Popular science",
	recommendationsv2.BookCategory_BOOK_CATEGORY_LITERARY_FICTION: "Literary fiction",
	recommendationsv2.BookCategory_BOOK_CATEGORY_HORROR:           "Horror",
	recommendationsv2.BookCategory_BOOK_CATEGORY_ROMANCE:          "Romance",
}

// loadCatalog decodes the embedded catalog: a JSON array of v2 Book messages in their
// canonical proto JSON form, so the contract's own types describe the data file.
func loadCatalog() ([]*recommendationsv2.Book, error) {
	var list []json.RawMessage
	if err := json.Unmarshal(catalogJSON, &list); err != nil {
		return nil, fmt.Errorf("catalog.json: %w", err)
	}
	books := make([]*recommendationsv2.Book, 0, len(list))
	seen := map[string]bool{}
	for i, raw := range list {
		book := &recommendationsv2.Book{}
		if err := protojson.Unmarshal(raw, book); err != nil {
			return nil, fmt.Errorf("catalog.json book %d: %w", i, err)
		}
		if !bookID.MatchString(book.GetId()) || seen[book.GetId()] || book.GetTitle() == "" || len(book.GetAuthors()) == 0 {
			return nil, fmt.Errorf("catalog.json book %d: needs a unique well-formed id, a title and authors", i)
		}
		if _, known := displayNames[book.GetCategory()]; !known {
			return nil, fmt.Errorf("catalog.json book %d: unknown category %s", i, book.GetCategory())
		}
		seen[book.GetId()] = true
		books = append(books, book)
	}
	return books, nil
}
