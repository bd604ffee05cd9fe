package schema

// Indexes of declared types. A declared type asks for the indexes that
// serve searches on its records: one on the project of its records, and one
// per declared scalar property, keyed by the project first so that one
// project's records never slow another project's lookups. Package graph
// creates and drops them as declarations change; searches never depend on
// them for their answers.

// The kinds of index a declared type asks for.
const (
	// IndexRange is a range index: equality, $in, comparisons, $startsWith
	// and $exists.
	IndexRange = "range"
	// IndexText is a text index on one string property: $contains and
	// $endsWith.
	IndexText = "text"
)

// ProjectKey is the node property holding a record's project: the first key
// of every range index a declared type asks for.
const ProjectKey = "__project"

// indexedTypes are the scalar property types that get a range index, and
// that the index options apply to.
var indexedTypes = []string{TypeString, TypeNumber, TypeInteger, TypeBoolean, TypeDatetime}

// Index is an index declared type Type asks for. Property is the declared
// property it serves, "" for the type's own project index.
type Index struct {
	Kind     string // IndexRange or IndexText
	Type     string
	Property string
}

// Keys are the node properties the index covers, in order: a range index
// covers the project first, a text index its one property.
func (i Index) Keys() []string {
	switch {
	case i.Kind == IndexText:
		return []string{i.Property}
	case i.Property == "":
		return []string{ProjectKey}
	}
	return []string{ProjectKey, i.Property}
}

// Indexes lists the indexes type t asks for: a range index on its records'
// project; for each scalar property of type string, number, integer,
// boolean or datetime (declared or overridden), a range index on (project,
// property) unless it says "index": false; and for each string property
// with "text": true, a text index on the property. The project index comes
// first, then the properties by name, range before text.
func (t Type) Indexes() []Index {
	out := []Index{{Kind: IndexRange, Type: t.ID}}
	own := t.own()
	for _, name := range sortedKeys(own) {
		p := own[name]
		if p.IsRelation() || !contains(indexedTypes, p.Type) {
			continue
		}
		if p.Index == nil || *p.Index {
			out = append(out, Index{Kind: IndexRange, Type: t.ID, Property: name})
		}
		if p.Text && p.Type == TypeString {
			out = append(out, Index{Kind: IndexText, Type: t.ID, Property: name})
		}
	}
	return out
}

// Indexes lists the indexes every type of the catalog asks for, by type.
func (c *Catalog) Indexes() []Index {
	var out []Index
	for _, id := range c.IDs() {
		out = append(out, c.types[id].Indexes()...)
	}
	return out
}

// Indexed reports whether declared type typ asks for an index of kind
// (IndexRange or IndexText) on property ("" for the project index). It says
// what the declaration asks for: the index may still be building, and a
// name cypher.Name cannot quote gets none.
func (c *Catalog) Indexed(typ, property, kind string) bool {
	t, ok := c.types[typ]
	if !ok {
		return false
	}
	for _, i := range t.Indexes() {
		if i.Property == property && i.Kind == kind {
			return true
		}
	}
	return false
}

// checkIndexOptions applies the rules of the index options of the property
// declared as m at at: "index" on a scalar property of an indexed type,
// "text" on a string property.
func checkIndexOptions(p Property, m map[string]any, at string) error {
	for _, key := range []string{"index", "text"} {
		if _, set := m[key]; !set {
			continue
		}
		switch {
		case p.IsRelation():
			return invalid("invalid_option", child(at, key), "%s applies to scalar properties; a relation property's links are served by the edge index", key)
		case key == "index" && !contains(indexedTypes, p.Type):
			return invalid("invalid_option", child(at, key), `index applies to type "string", "number", "integer", "boolean" or "datetime"`)
		case key == "text" && p.Type != TypeString:
			return invalid("invalid_option", child(at, key), `text applies to type "string"`)
		}
	}
	return nil
}
