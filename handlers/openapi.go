package handlers

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"
)

// openAPIYAML is the OpenAPI 3 description of every route, written by hand
// beside the routes and kept true by openapi_test.go.
//
//go:embed openapi.yaml
var openAPIYAML []byte

// openAPIDoc is the API's OpenAPI 3 document, loaded and validated once.
var openAPIDoc = sync.OnceValues(func() (*openapi3.T, error) {
	doc, err := openapi3.NewLoader().LoadFromData(openAPIYAML)
	if err != nil {
		return nil, fmt.Errorf("handlers: load openapi.yaml: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("handlers: openapi.yaml is not valid OpenAPI 3: %w", err)
	}
	return doc, nil
})

// openAPIJSON is the document as served.
var openAPIJSON = sync.OnceValues(func() ([]byte, error) {
	doc, err := openAPIDoc()
	if err != nil {
		return nil, err
	}
	return json.Marshal(doc)
})

// openAPIRoutes serve the document at /openapi.json, without a token.
func (a *api) openAPIRoutes(e *echo.Echo) {
	e.GET("/openapi.json", func(c echo.Context) error {
		body, err := openAPIJSON()
		if err != nil {
			return err
		}
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, body)
	})
}
