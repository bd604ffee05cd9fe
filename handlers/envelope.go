package handlers

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
)

// envelope is the success envelope; Total is set on lists.
type envelope struct {
	Success bool `json:"success"`
	Data    any  `json:"data"`
	Total   *int `json:"total,omitempty"`
}

func ok(c echo.Context, status int, data any) error {
	return answerJSON(c, status, envelope{Success: true, Data: data})
}

// answerJSON answers v as JSON (answer), or as c.JSON writes it, indented,
// when the client asks for ?pretty.
func answerJSON(c echo.Context, status int, v any) error {
	if c.QueryParams().Has("pretty") {
		return c.JSON(status, v)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return answer(c, status, append(b, '\n'))
}

// answer writes a whole JSON answer with its Content-Length and sends it
// at once: the client has its answer while the request's middleware
// (access log, metrics, limits) finishes, rather than after.
func answer(c echo.Context, status int, body []byte) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(body)))
	c.Response().WriteHeader(status)
	if _, err := c.Response().Write(body); err != nil {
		return err
	}
	_ = http.NewResponseController(c.Response().Writer).Flush() // a writer that cannot flush sends it when the request ends
	return nil
}

// list answers a list with its total; a negative total (a search sent
// with "total": false) leaves total out.
func list(c echo.Context, data any, total int) error {
	if records, ok := data.([]graph.Record); ok && records != nil && !c.QueryParams().Has("pretty") {
		return recordList(c, records, total)
	}
	e := envelope{Success: true, Data: data}
	if total >= 0 {
		e.Total = &total
	}
	return answerJSON(c, http.StatusOK, e)
}

// recordList is list of records, written with graph.Record.AppendJSON: the
// bytes c.JSON writes (the trailing newline included), without
// encoding/json's reflection over every record and its second pass over
// what each record's MarshalJSON wrote.
func recordList(c echo.Context, records []graph.Record, total int) error {
	b := append(make([]byte, 0, 64+512*len(records)), `{"success":true,"data":[`...)
	var err error
	for i, r := range records {
		if i > 0 {
			b = append(b, ',')
		}
		if b, err = r.AppendJSON(b); err != nil {
			return err
		}
	}
	b = append(b, ']')
	if total >= 0 {
		b = strconv.AppendInt(append(b, `,"total":`...), int64(total), 10)
	}
	return answer(c, http.StatusOK, append(b, "}\n"...))
}

// number is a JSON body's number member. Unlike json.Number, which
// encoding/json also fills from a string of digits ("5000"), it keeps
// anything but a number token as text that is no number, so the member's
// own check refuses it by name.
type number json.Number

func (n *number) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9') {
		*n = number(b)
	} else {
		*n = "not a number"
	}
	return nil
}

// Int64 is the number as a whole number; an error when it is not one.
func (n number) Int64() (int64, error) { return json.Number(n).Int64() }

type message struct {
	Message string `json:"message"`
}

// Pagination limits of list routes.
const (
	defaultLimit = 100
	maxLimit     = 1000
)

// page reads ?skip= and ?limit= (1..1000, default 100).
func page(c echo.Context) (graph.Page, error) {
	p := graph.Page{Limit: defaultLimit}
	var err error
	if p.Skip, err = intParam(c, "skip", 0, 0, 1<<31); err != nil {
		return p, err
	}
	p.Limit, err = intParam(c, "limit", defaultLimit, 1, maxLimit)
	return p, err
}

func intParam(c echo.Context, name string, def, min, max int) (int, error) {
	raw := c.QueryParam(name)
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < min || n > max {
		return 0, badRequest("invalid_parameter", fmt.Sprintf("%s must be a whole number from %d to %d", name, min, max), map[string]string{"field": name})
	}
	return n, nil
}
