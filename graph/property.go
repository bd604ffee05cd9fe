package graph

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/query"
	"github.com/relgraph/relgraph/schema"
)

// PropertyKey names one property of a project's catalogue: a property name
// of a record type holding values of one value type.
type PropertyKey struct {
	Type      string // the record type
	Name      string // the property name
	ValueType string // string, number, boolean, datetime or null
}

// ID is the key's stable id: the unpadded base64url form of
// type NUL name NUL valueType. It is the same on every call and every
// instance, opaque to clients, and safe in a URL path.
func (k PropertyKey) ID() string {
	return base64.RawURLEncoding.EncodeToString([]byte(k.Type + "\x00" + k.Name + "\x00" + k.ValueType))
}

// ParsePropertyID reads a property id; ok is false when id is not one. An
// id is a client's text, easily crafted: its type and name pass the checks
// of every type and property name (schema.CheckType, schema.CheckProperty),
// so no id names relgraph's own fields (__project, __id, …).
func ParsePropertyID(id string) (PropertyKey, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(id)
	if err != nil {
		return PropertyKey{}, false
	}
	parts := strings.Split(string(raw), "\x00")
	if len(parts) != 3 || schema.CheckType("", parts[0]) != nil || schema.CheckProperty("", parts[1]) != nil {
		return PropertyKey{}, false
	}
	k := PropertyKey{Type: parts[0], Name: parts[1], ValueType: parts[2]}
	switch k.ValueType {
	case schema.TypeString, schema.TypeNumber, schema.TypeBoolean, schema.TypeDatetime, schema.TypeNull:
		return k, true
	}
	return PropertyKey{}, false
}

// CatalogProperty is one entry of a project's property catalogue (the Collect
// SDK's CollectProperty, plus the record type and how many records carry it).
type CatalogProperty struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Type  string `json:"type"`  // the value type
	Label string `json:"label"` // the record type
	Count int    `json:"count"` // records carrying it
}

func propertyOf(k PropertyKey, count int) CatalogProperty {
	return CatalogProperty{ID: k.ID(), Name: k.Name, Type: k.ValueType, Label: k.Type, Count: count}
}

// Properties lists the properties of a project's records matching q (its
// paging does not apply), by record type, name and value type. It is
// derived from the records as they are when it runs.
func (s *Store) Properties(ctx context.Context, project string, q query.Search) ([]CatalogProperty, error) {
	if err := s.resolve(ctx, project, &q); err != nil {
		return nil, err
	}
	res, err := s.read(ctx, cypher.Properties(project, q))
	if err != nil {
		return nil, err
	}
	out := make([]CatalogProperty, 0, len(res.Records))
	for _, row := range res.Records {
		c := columns{row: row}
		k := PropertyKey{Type: get[string](&c, "type"), Name: get[string](&c, "name"), ValueType: get[string](&c, "valueType")}
		n := get[int64](&c, "count")
		if c.err != nil {
			return nil, c.err
		}
		out = append(out, propertyOf(k, int(n)))
	}
	return out, nil
}

// Property finds one property of the catalogue; ErrNotFound when no record
// of the project carries it.
func (s *Store) Property(ctx context.Context, project string, k PropertyKey) (CatalogProperty, error) {
	res, err := s.read(ctx, cypher.PropertyCount(project, k.Type, k.Name, k.ValueType))
	if err != nil {
		return CatalogProperty{}, err
	}
	n, err := firstCount(res.Records, "count")
	if err != nil {
		return CatalogProperty{}, err
	}
	if n == 0 {
		return CatalogProperty{}, ErrNotFound
	}
	return propertyOf(k, n), nil
}

// PropertyValues are one page of a property's distinct values.
type PropertyValues struct {
	Values []any `json:"values"`
	Counts []int `json:"counts"` // records holding each value
	// Total counts the distinct values of all pages; nil in value order,
	// where counting them would read every value to answer one page.
	Total *int `json:"total,omitempty"`
	// Min and Max bound the values (of all pages) of a number or datetime
	// property; nil for other types.
	Min any `json:"min,omitempty"`
	Max any `json:"max,omitempty"`
}

// PropertyValues lists one page of a property's distinct values among the
// project's records, most frequent first; contains, when set, keeps values
// whose text contains it. ErrNotFound when no record carries the property.
func (s *Store) PropertyValues(ctx context.Context, project string, k PropertyKey, contains string, p Page) (PropertyValues, error) {
	cat, err := s.catalog(ctx, project)
	if err != nil {
		return PropertyValues{}, err
	}
	res, err := s.read(ctx, cypher.PropertyValues(project, k.Type, k.Name, k.ValueType, contains, scalar(cat, k.Type, k.Name), p.Skip, p.Limit))
	if err != nil {
		return PropertyValues{}, err
	}
	out := PropertyValues{Values: []any{}, Counts: []int{}}
	var lo, hi any
	var page []any
	total := 0
	if len(res.Records) > 0 {
		c := columns{row: res.Records[0]}
		total, lo, hi, page = int(get[int64](&c, "total")), anyOf(&c, "lo"), anyOf(&c, "hi"), get[[]any](&c, "page")
		if c.err != nil {
			return PropertyValues{}, c.err
		}
	}
	out.Total = &total
	if total == 0 {
		// No value to list: a property no record carries is unknown, one
		// whose values are all null or all filtered out is not.
		_, err := s.Property(ctx, project, k)
		return out, err
	}
	if k.ValueType == schema.TypeNumber || k.ValueType == schema.TypeDatetime {
		out.Min, out.Max = WireValue(lo), WireValue(hi)
	}
	for _, e := range page {
		m, _ := e.(map[string]any)
		n, ok := m["n"].(int64)
		if !ok {
			return PropertyValues{}, fmt.Errorf("graph: a value's entry reads as %v, not {v, n}", e)
		}
		out.Values = append(out.Values, WireValue(m["v"]))
		out.Counts = append(out.Counts, int(n))
	}
	return out, nil
}

// PropertyValuesInOrder lists one page of a property's distinct values
// among the project's records in value order (descending when desc), each
// with how many records hold it; contains, when set, keeps values whose
// text contains it. Total is left out. For a declared property the type's
// index gives the page and the bounds, so it costs what it returns.
// ErrNotFound when no record carries the property.
func (s *Store) PropertyValuesInOrder(ctx context.Context, project string, k PropertyKey, contains string, desc bool, p Page) (PropertyValues, error) {
	cat, err := s.catalog(ctx, project)
	if err != nil {
		return PropertyValues{}, err
	}
	res, err := s.read(ctx, cypher.PropertyValuesInOrder(project, k.Type, k.Name, k.ValueType, contains, scalar(cat, k.Type, k.Name), desc, p.Skip, p.Limit))
	if err != nil {
		return PropertyValues{}, err
	}
	out := PropertyValues{Values: []any{}, Counts: []int{}}
	for _, row := range res.Records {
		v, _ := row.Get("v")
		n, _ := row.Get("n")
		out.Values = append(out.Values, WireValue(v))
		out.Counts = append(out.Counts, int(n.(int64)))
	}
	if len(out.Values) == 0 && p.Skip == 0 && contains == "" {
		if _, err := s.Property(ctx, project, k); err != nil {
			return out, err
		}
	}
	if k.ValueType == schema.TypeNumber || k.ValueType == schema.TypeDatetime {
		res, err := s.read(ctx, cypher.PropertyRange(project, k.Type, k.Name, k.ValueType))
		if err != nil {
			return PropertyValues{}, err
		}
		lo, _ := res.Records[0].Get("lo")
		hi, _ := res.Records[0].Get("hi")
		out.Min, out.Max = WireValue(lo), WireValue(hi)
	}
	return out, nil
}

// scalar reports whether property name of type typ is a declared scalar.
func scalar(cat *schema.Catalog, typ, name string) bool {
	_, ok := cat.Scalar(typ, name)
	return ok
}

// DeleteProperty removes a property from every record of the project that
// carries it, in one transaction, and says how many records changed;
// ErrNotFound when none did. A property the record type declares required
// is kept: the delete is refused with a *schema.Error (code "required") and
// writes nothing. It takes the project's lock, as type declarations do: a
// declaration in flight ends first, and the delete obeys the type as it
// leaves it.
func (s *Store) DeleteProperty(ctx context.Context, project string, k PropertyKey) (int, error) {
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (int, error) {
		cat, err := lockedCatalog(ctx, tx, project)
		if err != nil {
			return 0, err
		}
		if err := checkRemovable(cat, k); err != nil {
			return 0, err
		}
		rows, err := run(ctx, tx, cypher.DeleteProperty(project, k.Type, k.Name, k.ValueType))
		if err != nil {
			return 0, err
		}
		n, err := firstCount(rows, "changed")
		if err != nil {
			return 0, err
		}
		if n == 0 {
			return 0, ErrNotFound
		}
		return n, nil
	})
}

// checkRemovable refuses removing property k from the records of its type
// when the type is declared and requires it, whatever k's value type (a
// record write that drops it is refused the same way). A relation property
// of the same name is no obstacle: its values are links, never the node
// property the delete removes.
func checkRemovable(cat *schema.Catalog, k PropertyKey) error {
	t, ok := cat.Type(k.Type)
	if !ok || !slices.Contains(t.Required, k.Name) || cat.IsRelation(k.Type, k.Name) {
		return nil
	}
	return &schema.Error{Code: "required", Field: k.Name, Violation: true,
		Message: fmt.Sprintf("%s is required by type %s: its records cannot lose it", k.Name, k.Type)}
}
