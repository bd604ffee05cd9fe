package graph

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/schema"
)

// A statement's parameters travel in its request message, which Neo4j
// decodes before it runs anything. A value it cannot decode (a datetime
// past year 999,999,999, a time zone it does not know, a list nested
// thousands deep) is refused with the message itself (Request.Invalid or an
// ArgumentError) or closes the connection, and on a refusal the
// neo4j-go-driver (v5.28.4) returns the connection to its pool without
// resetting it: the refused RUN's pipelined PULL is refused too, which ends
// the driver's reset before it sends RESET, so the connection waits in the
// pool in a failed state for the next statement, of any project, to fail
// on it ("invalid state 4"). So the store never sends such a value:
// sendable is checked wherever a statement leaves the store, and refuses it
// with ErrValueRefused, a client error. AutoRead, which sends what it is
// given, flushes the failed connection out of the pool when Neo4j refuses a
// request (flushRefused).

// ErrValueRefused: a statement parameter holds a value Neo4j cannot take;
// nothing was run. It is the client's value at fault.
var ErrValueRefused = errors.New("graph: a value Neo4j cannot store or read")

// maxParamDepth is how deep lists and maps may nest in a parameter; Neo4j
// drops the connection of a request nested some thousands deep.
const maxParamDepth = 1000

// maxZoneOffset is the widest offset from UTC Neo4j takes (18 hours).
const maxZoneOffset = 18 * 60 * 60

// sendable checks that Neo4j can decode every value of params. Its error
// wraps ErrValueRefused.
func sendable(params map[string]any) error {
	for name, v := range params {
		if err := sendableValue(reflect.ValueOf(v), 0); err != nil {
			return fmt.Errorf("%w: parameter %s: %s", ErrValueRefused, name, err)
		}
	}
	return nil
}

// sendableValue is sendable for one value, depth levels down.
func sendableValue(v reflect.Value, depth int) error {
	if depth > maxParamDepth {
		return fmt.Errorf("lists and maps nest more than %d deep", maxParamDepth)
	}
	if !v.IsValid() {
		return nil // nil
	}
	switch x := v.Interface().(type) {
	case time.Time:
		return sendableTime(x)
	case dbtype.Date:
		return sendableYear(time.Time(x).Year())
	case dbtype.LocalDateTime:
		return sendableYear(time.Time(x).Year())
	case dbtype.Duration, dbtype.Time, dbtype.LocalTime, dbtype.Point2D, dbtype.Point3D:
		return fmt.Errorf("relgraph sends no %T", x) // so none is checked
	case []byte:
		return nil
	}
	switch v.Kind() {
	case reflect.Bool, reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Float32, reflect.Float64:
		return nil
	case reflect.Uint, reflect.Uint64, reflect.Uintptr:
		if v.Uint() > math.MaxInt64 {
			return fmt.Errorf("%d is larger than a 64-bit integer", v.Uint())
		}
		return nil
	case reflect.Pointer, reflect.Interface:
		return sendableValue(v.Elem(), depth)
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := sendableValue(v.Index(i), depth+1); err != nil {
				return err
			}
		}
		return nil
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if err := sendableValue(it.Value(), depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("relgraph sends no %s", v.Type())
}

// sendableTime checks a datetime: its year, and its zone, which the driver
// sends by name (Neo4j knows UTC; relgraph stores every datetime in it) or,
// for a zone named "Offset" (as the driver reads a fixed offset back), as
// the offset.
func sendableTime(t time.Time) error {
	switch name, offset := t.Zone(); {
	case t.Location().String() == "UTC":
	case name == "Offset" && offset >= -maxZoneOffset && offset <= maxZoneOffset:
	default:
		return fmt.Errorf("a datetime in zone %q: relgraph sends datetimes in UTC", t.Location().String())
	}
	if err := sendableYear(t.Year()); err != nil {
		return err
	}
	return sendableYear(t.UTC().Year())
}

func sendableYear(year int) error {
	if year < schema.MinYear || year > schema.MaxYear {
		return fmt.Errorf("year %d: Neo4j stores years %d to %d", year, schema.MinYear, schema.MaxYear)
	}
	return nil
}

// refusedRequest says whether err is Neo4j refusing a request message
// itself (Neo.ClientError.Request.*, or an ArgumentError about a
// parameter's value): what it was sent, not the graph, is at fault.
func refusedRequest(err error) bool {
	var n4j *neo4j.Neo4jError
	if !errors.As(err, &n4j) {
		return false
	}
	return strings.HasPrefix(n4j.Code, "Neo.ClientError.Request.") || n4j.Code == "Neo.ClientError.Statement.ArgumentError"
}

// flushRefused, after Neo4j refused a request message (err), runs one
// statement right away so that the connection the refusal left in a
// failed state is not handed to another request: the pool hands out the
// connection returned last first, the statement fails on it before it
// sends anything, and that failure closes it. It returns err.
func flushRefused(ctx context.Context, driver neo4j.DriverWithContext, db string, err error) error {
	if !refusedRequest(err) {
		return err
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	for range 2 { // the first fails on the failed connection, the second checks a fresh one
		session := driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: db, AccessMode: neo4j.AccessModeRead})
		ping := cypher.Ping()
		res, runErr := session.Run(ctx, ping.Text, ping.Params)
		if runErr == nil {
			_, runErr = res.Consume(ctx)
		}
		session.Close(ctx)
		if runErr == nil {
			break
		}
	}
	return err
}
