package query

import "bytes"

// RelationshipSearch is a parsed relationship search (RushDB's POST
// /relationships/search): the project's edges whose own conditions hold and
// whose two records satisfy Source and Target, one page of them, oldest
// first unless Desc.
type RelationshipSearch struct {
	// Where holds on the edge itself. A Compare on EdgeType compares the
	// edge's relation property (RushDB's relationship type); any other
	// Compare, the property of that name in the edge's properties bag. Only
	// And, Or, Xor, Not and Compare (never on $id) occur. nil: every edge.
	Where Where
	// Direction is the way the edge points, seen from the Source record:
	// Out (the default) stored source → target, In stored target → source.
	Direction Direction
	// Source and Target select the records at the two ends by their Labels
	// and Where (the other fields of a Search do not apply to them).
	Source, Target Search
	Skip, Limit    int
	Desc           bool // newest edge first
}

// EdgeType is the key of an edge condition that compares the edge's
// relation property; EdgeDirection the key that says its direction.
const (
	EdgeType      = "type"
	EdgeDirection = "direction"
)

// DefaultRelationshipLimit is the page of a relationship search that names
// no limit (RushDB's default); the most is MaxLimit.
const DefaultRelationshipLimit = 1000

// ParseRelationshipSearch reads a relationship search body: {"where"?,
// "source"?: {"labels"?, "where"?}, "target"?: {…}, "skip"?, "limit"?,
// "orderBy"?: "asc"|"desc"}. `where` holds on the edge: "type" is its
// relation property, "direction" ("in" or "out", at the top only) its
// direction, any other key a property of its bag, with every operator of
// the where language.
//
// A body with a top-level "labels" (and no source or target) is a record
// search, as the RushDB JavaScript SDK 1.8.0 sends it: its labels and where
// select the source records, as the Collect relation search does. An empty
// body is every edge. Every error is a *schema.Error whose Field is a JSON
// pointer into the body.
func ParseRelationshipSearch(body []byte) (RelationshipSearch, error) {
	q := RelationshipSearch{Direction: Out, Limit: DefaultRelationshipLimit}
	if len(bytes.TrimSpace(body)) == 0 {
		return q, nil
	}
	v, err := decodeJSON(body, "")
	if err != nil {
		return q, err
	}
	obj, ok := v.(object)
	if !ok {
		return q, notAnObject()
	}
	if _, labels := obj.get("labels"); labels {
		return recordForm(body, obj)
	}
	for _, m := range obj {
		at := pointer("", m.Key)
		if m.Value == nil {
			continue
		}
		switch m.Key {
		case "where":
			q.Where, q.Direction, err = parseEdgeWhere(m.Value, at)
		case "source":
			q.Source, err = parseEnd(m.Value, at)
		case "target":
			q.Target, err = parseEnd(m.Value, at)
		case "skip":
			q.Skip, err = parseInt(m.Value, at, 0, MaxSkip)
		case "limit":
			q.Limit, err = parseInt(m.Value, at, 1, MaxLimit)
		case "orderBy":
			q.Desc, err = parseEdgeOrder(m.Value, at)
		default:
			err = bad("unknown_field", at, "unknown field %s (where, source, target, skip, limit, orderBy)", quote(m.Key))
		}
		if err != nil {
			return q, err
		}
	}
	return q, nil
}

// recordForm reads a body with top-level labels as a record search whose
// matches are the edges' sources.
func recordForm(body []byte, obj object) (RelationshipSearch, error) {
	for _, key := range []string{"source", "target"} {
		if _, found := obj.get(key); found {
			return RelationshipSearch{}, bad("misplaced_key", "/labels", "labels belongs inside source or target when either is given")
		}
	}
	s, err := ParseSearch(body)
	if err != nil {
		return RelationshipSearch{}, err
	}
	if s.Grouped() {
		return RelationshipSearch{}, bad("unsupported_field", "/select", "select, groupBy and aggregate apply to the record searches")
	}
	q := RelationshipSearch{Direction: Out, Source: Search{Labels: s.Labels, Where: s.Where}, Skip: s.Skip, Limit: s.Limit}
	if _, given := obj.get("limit"); !given {
		q.Limit = DefaultRelationshipLimit
	}
	return q, nil
}

// parseEnd reads the conditions on one end of the edges: {labels?, where?}.
func parseEnd(v any, at string) (Search, error) {
	var s Search
	obj, ok := v.(object)
	if !ok {
		return s, bad("invalid_query", at, "%s must be an object {labels?, where?}", at[1:])
	}
	for _, m := range obj {
		key := pointer(at, m.Key)
		var err error
		switch m.Key {
		case "labels":
			s.Labels, err = parseLabels(m.Value, key)
		case "where":
			s.Where, err = parseWhereValue(m.Value, key)
		default:
			err = bad("unknown_field", key, "unknown field %s (labels, where)", quote(m.Key))
		}
		if err != nil {
			return s, err
		}
	}
	return s, nil
}

// parseEdgeOrder reads "asc" or "desc": the edges' creation order.
func parseEdgeOrder(v any, at string) (bool, error) {
	switch v {
	case "asc":
		return false, nil
	case "desc":
		return true, nil
	}
	return false, bad("invalid_order", at, `orderBy of a relationship search is "asc" or "desc" (by creation time)`)
}

// parseEdgeWhere reads the conditions on the edge, and its direction.
func parseEdgeWhere(v any, at string) (Where, Direction, error) {
	w, err := parseWhereValue(v, at)
	if err != nil {
		return nil, Out, err
	}
	w, d, err := edgeDirection(w, at)
	if err != nil {
		return nil, Out, err
	}
	return w, d, checkEdgeWhere(w, at)
}

// edgeDirection takes the direction condition out of the top of w.
func edgeDirection(w Where, at string) (Where, Direction, error) {
	d := Out
	take := func(c Compare) (bool, error) {
		if c.ID || c.Property != EdgeDirection {
			return false, nil
		}
		s, _ := c.Value.(string)
		if c.Op != OpEq || (s != string(In) && s != string(Out)) {
			return false, bad("invalid_direction", pointer(at, EdgeDirection), `direction is "in" or "out"`)
		}
		d = Direction(s)
		return true, nil
	}
	switch x := w.(type) {
	case Compare:
		if found, err := take(x); found || err != nil {
			return nil, d, err
		}
	case And:
		rest := And{}
		for _, part := range x {
			c, isCompare := part.(Compare)
			if !isCompare {
				rest = append(rest, part)
				continue
			}
			found, err := take(c)
			if err != nil {
				return nil, d, err
			}
			if !found {
				rest = append(rest, part)
			}
		}
		return join(rest), d, nil
	}
	return w, d, nil
}

// checkEdgeWhere refuses what an edge condition cannot hold: the record id,
// related records, a direction below the top.
func checkEdgeWhere(w Where, at string) error {
	switch x := w.(type) {
	case And:
		return checkEdgeAll(x, at)
	case Or:
		return checkEdgeAll(x, at)
	case Xor:
		return checkEdgeAll(x, at)
	case Not:
		return checkEdgeWhere(x.Where, at)
	case Compare:
		switch {
		case x.ID:
			return bad("invalid_where", pointer(at, "$id"), "an edge has no $id: conditions on its records' ids go in source and target")
		case x.Property == EdgeDirection:
			return bad("invalid_direction", pointer(at, EdgeDirection), `direction is one "in" or "out" at the top of where`)
		}
	case Related:
		return bad("invalid_where", pointer(at, x.Type), "an edge condition compares the edge's type and properties; conditions on its records go in source and target")
	case Via:
		return bad("invalid_where", pointer(at, x.Property), "an edge condition compares the edge's type and properties; conditions on its records go in source and target")
	}
	return nil
}

func checkEdgeAll(ws []Where, at string) error {
	for _, w := range ws {
		if err := checkEdgeWhere(w, at); err != nil {
			return err
		}
	}
	return nil
}
