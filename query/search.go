// Package query is relgraph's search language: the request types of a
// search, their parser, and their resolution against a project's declared
// types. It is pure: no driver, no HTTP, no Cypher. Package cypher compiles
// what it parses into statements.
package query

import "github.com/relgraph/relgraph/schema"

// Direction says which way an edge points from the record a request names.
type Direction string

// The directions. Both is only for reading and detaching.
const (
	Out  Direction = "out"
	In   Direction = "in"
	Both Direction = ""
)

// Search is a parsed search request (the Collect search body): which records,
// in which order, which page of them.
type Search struct {
	Labels  []string // record types, any of them; empty: every type
	Where   Where    // nil: every record
	OrderBy []Order  // empty: newest first (by id, descending)
	Skip    int
	Limit   int
	// Paged says skip or limit was given; a delete by query honours the page
	// only then.
	Paged bool
	// RelatedTo, set by the caller, keeps only the records linked to this
	// record id by an edge in either direction.
	RelatedTo string
	// NoTotal says the client asked not to count every match
	// ("total": false): only the page is read.
	NoTotal bool
	// Select are the output keys of a grouped answer (select, aggregate,
	// and the field references of groupBy), in the order written; GroupBy
	// the keys it groups by (see search_select.go).
	Select  []Select
	GroupBy []string
	// Types are the project's declared types, set by Resolve. The compiler
	// reads from them which properties of the searched types are declared
	// scalars, which it compares plainly so that their indexes serve.
	Types *schema.Catalog
}

// Order is one sort key of a search.
type Order struct {
	Property string // the property to sort by; "" sorts by record id
	Desc     bool
}

// Limits of a search request.
const (
	DefaultLimit  = 100
	MaxLimit      = 1000
	MaxSkip       = 1 << 31
	maxConditions = 1000 // nodes of one where tree
	maxWhereDepth = 32   // nesting of one where tree
	maxHops       = 8    // related-record conditions inside one another
	maxOrderKeys  = 16
)

// Where is one node of a parsed search condition: And, Or, Xor, Not, Compare
// or Related. A nil Where matches every record.
type Where interface{ isWhere() }

// And holds when all its conditions hold.
type And []Where

// Or holds when any of its conditions holds.
type Or []Where

// Xor holds when an odd number of its conditions hold (Cypher's XOR chained).
type Xor []Where

// Not holds when its condition does not. Conditions are two-valued: a
// comparison on a missing property is false, never null, so Not is the exact
// complement.
type Not struct{ Where Where }

// Op is a comparison operator of the search language.
type Op string

// The comparison operators.
const (
	OpEq         Op = "$eq"
	OpNe         Op = "$ne"
	OpGt         Op = "$gt"
	OpGte        Op = "$gte"
	OpLt         Op = "$lt"
	OpLte        Op = "$lte"
	OpIn         Op = "$in"
	OpNin        Op = "$nin"
	OpContains   Op = "$contains"
	OpStartsWith Op = "$startsWith"
	OpEndsWith   Op = "$endsWith"
	OpExists     Op = "$exists"
	// OpType tests the type of a property's values (RushDB's $type): Value
	// is one of the ValueTypes.
	OpType Op = "$type"
)

// The value types $type tests, RushDB's property types: a property holding
// a list has the type of its values. "null" is a null or missing property,
// as RushDB reads it.
const (
	TypeString   = "string"
	TypeNumber   = "number"
	TypeBoolean  = "boolean"
	TypeDatetime = "datetime"
	TypeNull     = "null"
)

// Compare compares one property (or the record id) with an operand.
type Compare struct {
	Property string // the property name; "" when ID
	ID       bool   // compares the record id
	Op       Op
	// Value is the operand for stored values that are not datetimes: a
	// string, int64, float64, bool, nil, or for $in and $nin a []any of them.
	// For $exists it is the bool. A datetime object operand leaves it nil.
	Value any
	// Datetime is the operand as UTC datetimes (time.Time, or []any of them
	// for $in and $nin), compared with stored datetimes by instant. It is set
	// when the operand is the SDK's datetime object or a string that reads as
	// an ISO 8601 datetime; nil otherwise.
	Datetime any
}

// Related holds when the record is linked to a record of Type satisfying
// Where.
type Related struct {
	Type      string
	Property  string    // the relation property the edge must have; "" any
	Direction Direction // Out: record → related; In: related → record; Both: either
	Where     Where     // nil: any such record
	// Hops, when set, links through a path of Min to Max edges (each with
	// Property when it is set) instead of one edge: RushDB's $relation hops.
	Hops *Hops
	// Alias names the related records for select ($alias), when a select
	// reads them; ParseSearch keeps it only then, and only on a condition
	// every match must satisfy (see Bound).
	Alias string
}

// Hops bounds a path of edges: from Min to Max edges, 1 ≤ Min ≤ Max ≤
// MaxPathHops.
type Hops struct{ Min, Max int }

// MaxPathHops is the longest path a $relation's hops may ask for (RushDB's
// default ceiling).
const MaxPathHops = 10

func (And) isWhere()     {}
func (Or) isWhere()      {}
func (Xor) isWhere()     {}
func (Not) isWhere()     {}
func (Compare) isWhere() {}
func (Related) isWhere() {}
