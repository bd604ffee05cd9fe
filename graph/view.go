package graph

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/schema"
)

// RelationCounts counts the links of a record by the property they belong
// to seen from the record: its outgoing edges by their property, and the
// incoming edges of a mirrored inverse under the mirrored property's name.
// Other incoming edges are backlinks (see Backlinks) and are not counted.
// ErrNotFound when the project has no such record.
func (s *Store) RelationCounts(ctx context.Context, project, id string) (map[string]int, error) {
	cat, err := s.catalog(ctx, project)
	if err != nil {
		return nil, err
	}
	res, err := s.read(ctx, cypher.RelationCounts(project, id))
	if err != nil {
		return nil, err
	}
	if len(res.Records) == 0 {
		return nil, ErrNotFound
	}
	counts := map[string]int{}
	for _, row := range res.Records {
		c := columns{row: row}
		typ, tag, other := get[string](&c, "recordType"), get[string](&c, "property"), get[string](&c, "otherType")
		n, out := get[int64](&c, "n"), get[bool](&c, "outgoing") // null n: the record has no edges
		if c.err != nil {
			return nil, c.err
		}
		if out {
			counts[tag] += int(n)
		} else if name, ok := mirrored(cat, typ, tag, other); ok {
			counts[name] += int(n)
		}
	}
	return counts, nil
}

// mirrored names the property of type typ that holds the incoming edges
// tagged tag from records of type from: the mirrored side of a declared
// inverse pair. False when no such property is declared.
func mirrored(cat *schema.Catalog, typ, tag, from string) (string, bool) {
	for _, slot := range cat.Slots(typ) {
		if slot.Incoming && slot.Tag == tag && (slot.Others == nil || slices.Contains(slot.Others, from)) {
			return slot.Name, true
		}
	}
	return "", false
}

// LinkedQuery selects the records of a type linked to one record through
// a relation property of the type.
type LinkedQuery struct {
	Project, Type string
	LinkedTo      string // the record the results link to
	Via           string // a relation property of Type: declared, mirrored, or undeclared
	Page
}

// Linked pages through the records of q.Type whose property q.Via links to
// q.LinkedTo, by id, and counts them all. A declared property reads the
// edges its slot holds (the mirrored side of a pair reads its pair's
// edges); an undeclared one the edges the records store with that
// property. ErrNotFound when the project has no record q.LinkedTo.
func (s *Store) Linked(ctx context.Context, q LinkedQuery) ([]Record, int, error) {
	tag, d, err := s.slotOf(ctx, q.Project, q.Type, q.Via)
	if err != nil {
		return nil, 0, err
	}
	res, err := s.read(ctx, cypher.Linked(q.Project, q.Type, q.LinkedTo, tag, d, q.Skip, q.Limit))
	if err != nil {
		return nil, 0, err
	}
	if len(res.Records) == 0 {
		return nil, 0, ErrNotFound
	}
	records := make([]Record, 0, len(res.Records))
	for _, row := range res.Records {
		n, err := column[neo4j.Node](row, "r")
		if err != nil {
			return nil, 0, err
		}
		if n.ElementId != "" { // null: no record linked
			records = append(records, recordFrom(n))
		}
	}
	total, err := count(res.Records[0], "total")
	return records, total, err
}

// slotOf resolves property name of type typ to the edges holding its
// links: their property, and In when they point at the type's records.
func (s *Store) slotOf(ctx context.Context, project, typ, name string) (string, cypher.Direction, error) {
	cat, err := s.catalog(ctx, project)
	if err != nil {
		return "", "", err
	}
	if slot, ok := cat.Slot(typ, name); ok {
		if slot.Incoming {
			return slot.Tag, cypher.In, nil
		}
		return slot.Tag, cypher.Out, nil
	}
	return name, cypher.Out, nil
}

// Backlink is an edge pointing at a record, seen from the record.
type Backlink struct {
	ID          string    `json:"id"`    // the record the edge starts at
	Type        string    `json:"type"`  // its type
	Title       string    `json:"title"` // its live title
	Property    string    `json:"property"`
	Inverse     string    `json:"inverse,omitempty"` // see BacklinkGroup.Inverse
	Description *string   `json:"description"`
	CreatedAt   time.Time `json:"createdAt"`
}

// Backlinks pages through the edges pointing at a record, declared inverse
// or not, by the other end's type, the property, then age, and counts them
// all. ErrNotFound when the project has no such record.
func (s *Store) Backlinks(ctx context.Context, project, id string, page Page) ([]Backlink, int, error) {
	cat, err := s.catalog(ctx, project)
	if err != nil {
		return nil, 0, err
	}
	res, err := s.read(ctx, cypher.Backlinks(project, id, page.Skip, page.Limit))
	if err != nil {
		return nil, 0, err
	}
	if len(res.Records) == 0 {
		return nil, 0, ErrNotFound
	}
	out := make([]Backlink, 0, len(res.Records))
	for _, row := range res.Records {
		c := columns{row: row}
		b := Backlink{Property: get[string](&c, "property"), ID: get[string](&c, "otherId"), Type: get[string](&c, "otherType"),
			Title: fmt.Sprint(anyOf(&c, "title")), CreatedAt: get[time.Time](&c, "createdAt")}
		description, described := nullable[string](&c, "description")
		recordType := get[string](&c, "recordType")
		if c.err != nil {
			return nil, 0, c.err
		}
		if b.Property == "" { // no backlink: the row only carries the total
			continue
		}
		if described {
			b.Description = &description
		}
		b.Inverse, _ = mirrored(cat, recordType, b.Property, b.Type)
		out = append(out, b)
	}
	total, err := count(res.Records[0], "total")
	return out, total, err
}

// BacklinkGroup counts the edges of one property from records of one type
// pointing at a record.
type BacklinkGroup struct {
	Type     string `json:"type"`
	Property string `json:"property"`
	// Inverse is the name, seen from the record, of the mirrored side of the
	// declared inverse pair the edges belong to; empty when they belong to
	// none.
	Inverse string `json:"inverse,omitempty"`
	Count   int    `json:"count"`
}

// BacklinkGroups pages through the groups of the edges pointing at a
// record, by type then property, and counts the groups. ErrNotFound when
// the project has no such record.
func (s *Store) BacklinkGroups(ctx context.Context, project, id string, page Page) ([]BacklinkGroup, int, error) {
	cat, err := s.catalog(ctx, project)
	if err != nil {
		return nil, 0, err
	}
	res, err := s.read(ctx, cypher.BacklinkGroups(project, id, page.Skip, page.Limit))
	if err != nil {
		return nil, 0, err
	}
	if len(res.Records) == 0 {
		return nil, 0, ErrNotFound
	}
	row := res.Records[0].Values
	groups, _ := row[1].([]any)
	out := make([]BacklinkGroup, len(groups))
	for i, g := range groups {
		v := g.([]any)
		out[i] = BacklinkGroup{Type: str(v[0]), Property: str(v[1]), Count: int(v[2].(int64))}
		out[i].Inverse, _ = mirrored(cat, str(row[2]), out[i].Property, out[i].Type)
	}
	return out, int(row[0].(int64)), nil
}
