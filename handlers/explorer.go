package handlers

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// explorerFiles is the explorer page: its own files (explorer/src) and
// Cytoscape.js, copied from its npm package into explorer/dist by
// `make explorer` and committed, so the binary serves the page with no
// network and no npm.
//
//go:embed explorer/src explorer/dist
var explorerFiles embed.FS

// explorerCSP keeps the page to its own scripts and to this server: a
// pasted token can only travel to relgraph.
const explorerCSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// explorerRoutes serve the explorer page without a token; the page asks for
// one and sends it to the API itself.
func (a *api) explorerRoutes(e *echo.Echo) {
	e.GET("/explorer", a.explorerFile)
	e.GET("/explorer/", a.explorerFile)
	e.GET("/explorer/:file", a.explorerFile)
}

// explorerFile answers one file of the page; /explorer and /explorer/ are
// its index.html.
func (a *api) explorerFile(c echo.Context) error {
	name := c.Param("file")
	if name == "" {
		name = "index.html"
	}
	body, err := fs.ReadFile(explorerFiles, path.Join("explorer/src", path.Base(name)))
	if err != nil {
		body, err = fs.ReadFile(explorerFiles, path.Join("explorer/dist", path.Base(name)))
	}
	if err != nil {
		return &apiError{Status: http.StatusNotFound, Code: "not_found", Message: "no such file of the explorer"}
	}
	typ := mime.TypeByExtension(path.Ext(name))
	if typ == "" {
		typ = "application/octet-stream"
	}
	h := c.Response().Header()
	h.Set("Content-Security-Policy", explorerCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Type", typ)
	h.Set("ETag", explorerETag(name, body))
	// Revalidated on every load (no-cache), answered 304 while the file is
	// the same: Cytoscape.js is downloaded once, not per visit.
	http.ServeContent(c.Response(), c.Request(), name, time.Time{}, bytes.NewReader(body))
	return nil
}

// explorerETags holds the strong validator of each file of the page, by
// name: the files are built in, so each is hashed once.
var explorerETags sync.Map

func explorerETag(name string, body []byte) string {
	if tag, ok := explorerETags.Load(name); ok {
		return tag.(string)
	}
	sum := sha256.Sum256(body)
	tag := `"` + hex.EncodeToString(sum[:12]) + `"`
	explorerETags.Store(name, tag)
	return tag
}
