package handlers

import (
	"fmt"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
)

// bookmarkHeader carries causal consistency from one instance to another:
// an answer to a request that committed a write carries the write's
// bookmark in it, and a request that sends bookmarks back in it runs only
// once the database it reads from has reached them (docs/scaling.md).
// Several bookmarks are separated by commas.
const bookmarkHeader = "X-Relgraph-Bookmark"

// Bounds of the bookmarks a request may send: an answer carries one per
// write it committed concurrently, which is one, so a client sends one per
// instance it wrote through and has not read from since.
const (
	maxBookmarks      = 16
	maxBookmarkLength = 512  // bytes, one bookmark
	maxBookmarkHeader = 4096 // bytes, every value of the header together
)

// bookmarks reads the bookmarks a request sends, makes its database work
// wait for them, and answers the bookmarks of the writes it committed.
func bookmarks(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		wait, err := parseBookmarks(c.Request().Header.Values(bookmarkHeader))
		if err != nil {
			return err
		}
		ctx, written := graph.WithBookmarks(c.Request().Context(), wait)
		c.SetRequest(c.Request().WithContext(ctx))
		c.Response().Before(func() {
			if b := written.Written(); len(b) > 0 {
				c.Response().Header().Set(bookmarkHeader, strings.Join(b, ", "))
			}
		})
		return next(c)
	}
}

// parseBookmarks reads the values of the bookmark header: bookmarks
// separated by commas, spaces around them ignored. Bookmarks are opaque to
// relgraph (the database reads them); one of printable ASCII without
// commas or spaces is passed on. An empty header is no bookmark.
func parseBookmarks(values []string) ([]string, error) {
	size := 0
	for _, v := range values {
		size += len(v)
	}
	if size > maxBookmarkHeader {
		return nil, errBookmark(fmt.Sprintf("%s holds at most %d bytes", bookmarkHeader, maxBookmarkHeader))
	}
	var out []string
	for _, v := range values {
		if strings.TrimSpace(v) == "" {
			continue
		}
		for _, b := range strings.Split(v, ",") {
			b = strings.TrimSpace(b)
			if b == "" || len(b) > maxBookmarkLength || !printable(b) {
				return nil, errBookmark(fmt.Sprintf("%s is a comma-separated list of the bookmarks answers carry, as they were sent", bookmarkHeader))
			}
			out = append(out, b)
		}
	}
	if len(out) > maxBookmarks {
		return nil, errBookmark(fmt.Sprintf("%s holds at most %d bookmarks", bookmarkHeader, maxBookmarks))
	}
	return out, nil
}

func errBookmark(message string) error {
	return badRequest("invalid_bookmark", message, map[string]string{"header": bookmarkHeader})
}
