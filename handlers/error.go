package handlers

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/schema"
)

// apiError is an error the API answers with as it is: a status, a stable
// code, a message and optional details.
type apiError struct {
	Status  int
	Code    string
	Message string
	Details any
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func badRequest(code, message string, details any) error {
	return &apiError{Status: http.StatusBadRequest, Code: code, Message: message, Details: details}
}

// Errors of authentication and authorization.
var (
	errNoToken     = &apiError{Status: http.StatusUnauthorized, Code: "unauthorized", Message: "missing token: send Authorization: Bearer <token> or token: <token>"}
	errBadToken    = &apiError{Status: http.StatusUnauthorized, Code: "unauthorized", Message: "unknown or revoked token"}
	errNotAdmin    = &apiError{Status: http.StatusForbidden, Code: "forbidden", Message: "this route needs the server admin key"}
	errNeedProject = &apiError{Status: http.StatusForbidden, Code: "forbidden", Message: "the admin key manages projects and tokens; data routes need a project token"}
)

// Errors of writes whose outcome a client must know (idempotency.go).
var (
	errCommitUnknown = &apiError{Status: http.StatusServiceUnavailable, Code: "commit_outcome_unknown",
		Message: "the database connection was lost while the write was committing: it may have been applied; retry with the same Idempotency-Key, or read before retrying"}
	errTxAborted = &apiError{Status: http.StatusConflict, Code: "transaction_aborted",
		Message: "the database aborted this transaction (its connection was lost or a statement timed out) and rolled it back; begin a new one"}
	errKeyReused = &apiError{Status: http.StatusUnprocessableEntity, Code: "idempotency_key_reused",
		Message: "this Idempotency-Key was used for another request (another method, path, query or body); use a new key for a new request"}
	errKeyInUse = &apiError{Status: http.StatusConflict, Code: "idempotency_key_in_use",
		Message: "a request with this Idempotency-Key is still running; retry in a moment to get its outcome"}
)

func errRole(need graph.Role) error {
	return &apiError{Status: http.StatusForbidden, Code: "forbidden", Message: "this token's role cannot do this; it needs " + string(need)}
}

// errorBody is the error envelope. Message repeats error.message at the top
// level, where the RushDB SDKs read it (the Python SDK shows nothing else).
type errorBody struct {
	Success   bool       `json:"success"`
	Message   string     `json:"message"`
	Error     errorField `json:"error"`
	RequestID string     `json:"requestId"`
}

type errorField struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Details any    `json:"details,omitempty"`
}

// toAPIError is the one mapping of errors to HTTP answers.
func toAPIError(err error) *apiError {
	var api *apiError
	var rule *schema.Error
	var missing *graph.MissingError
	var httpErr *echo.HTTPError
	var inUse *graph.TypeInUseError
	var cypherErr *graph.CypherError
	switch {
	case errors.As(err, &api):
		return api
	case errors.As(err, &rule):
		status := http.StatusBadRequest
		if rule.Violation {
			status = http.StatusUnprocessableEntity
		}
		return &apiError{Status: status, Code: rule.Code, Message: rule.Message, Details: map[string]string{"field": rule.Field}}
	case errors.As(err, &missing):
		return &apiError{Status: http.StatusNotFound, Code: "records_not_found", Message: "no such records in this project", Details: map[string]any{"ids": missing.IDs}}
	case errors.As(err, &cypherErr):
		// The analyst's statement is at fault: its message (the database's,
		// for a syntax error) is about the statement.
		return &apiError{Status: http.StatusBadRequest, Code: cypherErr.Code, Message: cypherErr.Message}
	case errors.As(err, &inUse):
		msg := "type " + inUse.Type + " still has records"
		if !inUse.Records {
			msg = "type " + inUse.Type + " is named by other types' properties"
		}
		return &apiError{Status: http.StatusConflict, Code: "type_in_use", Message: msg,
			Details: map[string]any{"records": inUse.Records, "referencedBy": inUse.By}}
	case errors.Is(err, graph.ErrCommitUnknown):
		return errCommitUnknown
	case errors.Is(err, graph.ErrTxAborted):
		return errTxAborted
	case errors.Is(err, graph.ErrIdempotencyKeyReused):
		return errKeyReused
	case errors.Is(err, graph.ErrIdempotencyKeyInUse):
		return errKeyInUse
	case errors.Is(err, graph.ErrTxNotFound):
		return &apiError{Status: http.StatusNotFound, Code: "transaction_not_found", Message: "no open transaction with that id (committed, rolled back, expired or failed)"}
	case errors.Is(err, graph.ErrInvalidBookmark):
		return &apiError{Status: http.StatusBadRequest, Code: "invalid_bookmark", Message: "the database cannot read a bookmark of " + bookmarkHeader + "; send back the bookmarks answers carry, as they were sent", Details: map[string]string{"header": bookmarkHeader}}
	case errors.Is(err, graph.ErrTooManyPairs):
		return &apiError{Status: http.StatusRequestEntityTooLarge, Code: "too_many_pairs", Message: "a key link between declared types pairs at most 10000 records at once; narrow it"}
	case errors.Is(err, graph.ErrTooManyTxs):
		return &apiError{Status: http.StatusTooManyRequests, Code: "too_many_transactions", Message: "this project holds the most open transactions it may; commit or roll one back"}
	case errors.Is(err, graph.ErrValueRefused):
		return &apiError{Status: http.StatusBadRequest, Code: "invalid_value", Message: "a value is outside what the database stores"}
	case errors.Is(err, graph.ErrNotFound):
		return &apiError{Status: http.StatusNotFound, Code: "not_found", Message: "not found"}
	case errors.Is(err, graph.ErrConflict):
		return &apiError{Status: http.StatusConflict, Code: "conflict", Message: "the write conflicts with stored data"}
	case errors.Is(err, graph.ErrTransactionMemory):
		return &apiError{Status: http.StatusRequestEntityTooLarge, Code: "transaction_too_large",
			Message: "the database refused this request the transaction memory it needs; split it into smaller requests (an import: fewer records per request, or `relgraph import`, which commits in batches), or narrow it"}
	case errors.Is(err, graph.ErrUnavailable):
		return &apiError{Status: http.StatusServiceUnavailable, Code: "unavailable", Message: "the database is unavailable; retry later"}
	case errors.Is(err, graph.ErrTimeout):
		return &apiError{Status: http.StatusServiceUnavailable, Code: "timeout", Message: "the request timed out; retry later"}
	case errors.As(err, &httpErr):
		return fromEcho(httpErr)
	}
	return &apiError{Status: http.StatusInternalServerError, Code: "internal", Message: "internal error"}
}

func fromEcho(e *echo.HTTPError) *apiError {
	codes := map[int]string{
		http.StatusNotFound:              "route_not_found",
		http.StatusMethodNotAllowed:      "method_not_allowed",
		http.StatusRequestEntityTooLarge: "too_large",
		http.StatusUnsupportedMediaType:  "unsupported_media_type",
		http.StatusServiceUnavailable:    "unavailable",
	}
	code, ok := codes[e.Code]
	if !ok {
		code = "bad_request"
	}
	msg := http.StatusText(e.Code)
	if e.Code == http.StatusRequestEntityTooLarge {
		msg = "the request body is larger than this server takes (RELGRAPH_BODY_LIMIT); send less per request: split an import, or load it with `relgraph import`"
	}
	return &apiError{Status: e.Code, Code: code, Message: msg}
}

// errorHandler answers every error a handler returns, in the error envelope.
// Internal errors are logged with the request id; their text never reaches
// the client.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		api := toAPIError(err)
		if api.Status >= 500 {
			log.Error("request failed", "requestId", requestID(c), "method", c.Request().Method,
				"path", c.Request().URL.Path, "status", api.Status, "error", err.Error())
		}
		if api.Status == http.StatusServiceUnavailable {
			c.Response().Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds))
		}
		body := errorBody{Message: api.Message, Error: errorField{Code: api.Code, Message: api.Message, Details: api.Details}, RequestID: requestID(c)}
		if c.Request().Method == http.MethodHead {
			_ = c.NoContent(api.Status)
			return
		}
		_ = c.JSON(api.Status, body)
	}
}

// retryAfterSeconds is what a 503 tells clients to wait.
const retryAfterSeconds = 2
