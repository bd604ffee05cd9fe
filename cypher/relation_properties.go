package cypher

import "strconv"

// An edge's properties bag (RushDB's edge "properties") is stored as native
// properties of its :LINK relationship, each name behind EdgePrefix: the
// bag's "role" is the relationship's p_role. relgraph's own fields of an
// edge (property, description, createdAt) never start with the prefix, so
// no bag name can reach them. Names travel as parameter map keys or
// parameters, never as statement text.

// EdgePrefix is what an edge property's stored name starts with.
const EdgePrefix = "p_"

// EdgeKey is the stored name of edge property name.
func EdgeKey(name string) string { return EdgePrefix + name }

// EdgeFields are what an attach sets on the edges it stores, besides their
// ends and relation property.
type EdgeFields struct {
	// Description is set on new edges, and on existing ones when not nil.
	Description *string
	// Properties are merged into the edge's bag: a name given replaces its
	// value, a nil value removes it, a name not given keeps its value.
	Properties map[string]any
}

func (f EdgeFields) description() any {
	if f.Description == nil {
		return nil
	}
	return *f.Description
}

// stored is the bag keyed by stored names, for SET e += $properties.
func (f EdgeFields) stored() map[string]any {
	out := make(map[string]any, len(f.Properties))
	for name, v := range f.Properties {
		out[EdgeKey(name)] = v
	}
	return out
}

// edgeBag renders the bag of edge e as a list of [name, value] pairs.
func edgeBag(e string) string {
	return "[k IN keys(" + e + ") WHERE k STARTS WITH '" + EdgePrefix + "' | [substring(k, " + strconv.Itoa(len(EdgePrefix)) + "), " + e + "[k]]]"
}
