package graph

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/schema"
)

// MissingError says which record ids of a request name no record of the
// project (unknown, deleted, or another project's).
type MissingError struct {
	IDs []string
}

func (e *MissingError) Error() string {
	return fmt.Sprintf("graph: no such records: %s", strings.Join(e.IDs, ", "))
}

func (*MissingError) domainError() {}

// Link asks for edges between one record and several others.
type Link struct {
	Project     string
	Source      string
	Targets     []string
	Property    string           // the relation property the edges satisfy
	Direction   cypher.Direction // Out: source → target; In: target → source
	Description *string          // set on new edges, and on existing ones when not nil
	// Properties are merged into each edge's properties bag: a name given
	// replaces its value, a nil value removes it, others are kept.
	Properties map[string]any
}

// Attach stores one edge per target, in one transaction. Attaching an
// existing edge again keeps one edge. ErrNotFound when the source does not
// exist; a *MissingError naming unknown targets, and nothing written, when
// some target does not. When the property's owner is a declared type, its
// rules apply (a *schema.Error when the write breaks one, and nothing is
// written): the link is stored once, from the declaring side of an inverse
// pair; a single property's old link is replaced; counts hold.
func (s *Store) Attach(ctx context.Context, l Link) error {
	_, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (bool, error) {
		ends, err := linkEnds(ctx, tx, l.Project, l.Source, l.Targets)
		if err != nil {
			return false, err
		}
		plan, err := ends.cat.PlanAttach(ends.source, ends.targets, l.Property, l.Direction == cypher.In)
		if err != nil {
			return false, err
		}
		return true, enforceWith(ctx, tx, l.Project, ends.cat, plan, cypher.EdgeFields{Description: l.Description, Properties: l.Properties})
	})
	return err
}

// Unlink asks to remove the edges between one record and several others.
type Unlink struct {
	Project    string
	Source     string
	Targets    []string
	Properties []string         // empty: every property
	Direction  cypher.Direction // Both: either direction
}

// Detach removes the matching edges in one transaction and says how many.
// The same not-found rules as Attach apply. A mirrored property of a
// declared type names the edges its pair stores; a removal that leaves a
// declared property below its minItems is refused (a *schema.Error).
func (s *Store) Detach(ctx context.Context, u Unlink) (int, error) {
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (int, error) {
		ends, err := linkEnds(ctx, tx, u.Project, u.Source, u.Targets)
		if err != nil {
			return 0, err
		}
		named := ends.cat.Unlinks(ends.source, ends.targets, u.Properties, u.Direction != cypher.In, u.Direction != cypher.Out)
		rows := make([]map[string]any, len(named))
		for i, e := range named {
			rows[i] = map[string]any{"from": e.From.ID, "to": e.To.ID, "property": nilIfEmpty(e.Property)}
		}
		removed, err := removedEdges(run(ctx, tx, cypher.DeleteEdges(u.Project, rows)))
		if err != nil {
			return 0, err
		}
		return len(removed), checkCounts(ctx, tx, u.Project, ends.cat.Minimums(removed))
	})
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// ends are the records of a relation write, with the project's types.
type ends struct {
	source  schema.End
	targets []schema.End
	cat     *schema.Catalog
}

// linkEnds reads the source and targets of a relation write and the
// project's declared types. ErrNotFound when the source does not exist, a
// *MissingError when some targets do not.
func linkEnds(ctx context.Context, tx neo4j.ManagedTransaction, project, source string, targets []string) (ends, error) {
	rows, err := run(ctx, tx, cypher.LinkEnds(project, source, targets))
	if err != nil {
		return ends{}, err
	}
	c := columns{row: rows[0]}
	exists, sourceType := get[bool](&c, "found"), get[string](&c, "sourceType")
	pairs, types := get[[]any](&c, "targets"), get[[]any](&c, "types")
	if c.err != nil {
		return ends{}, c.err
	}
	if !exists {
		return ends{}, ErrNotFound
	}
	found, err := endsFound(pairs, targets)
	if err != nil {
		return ends{}, err
	}
	cat, err := catalogFrom(project, types)
	return ends{source: schema.End{ID: source, Type: sourceType}, targets: found, cat: cat}, err
}

// endsFound reads [id, type] pairs, in the order of ids; a *MissingError
// names the ids without a pair.
func endsFound(pairs []any, ids []string) ([]schema.End, error) {
	types := map[string]string{}
	for _, p := range pairs {
		pair, _ := p.([]any)
		if len(pair) != 2 {
			return nil, fmt.Errorf("graph: a found record reads as %v, not [id, type]", p)
		}
		types[str(pair[0])] = str(pair[1])
	}
	out := make([]schema.End, 0, len(ids))
	var missing []string
	for _, id := range ids {
		typ, ok := types[id]
		if !ok {
			missing = append(missing, id)
		}
		out = append(out, schema.End{ID: id, Type: typ})
	}
	if len(missing) > 0 {
		return nil, &MissingError{IDs: missing}
	}
	return out, nil
}

// Edge is one stored link seen from one of its ends.
type Edge struct {
	SourceID    string    `json:"sourceId"`
	SourceLabel string    `json:"sourceLabel"`
	TargetID    string    `json:"targetId"`
	TargetLabel string    `json:"targetLabel"`
	Type        string    `json:"type"`     // the relation property (Collect's relation type)
	Property    string    `json:"property"` // the same, under the name of the edge's own tag
	Description *string   `json:"description"`
	Direction   string    `json:"direction"` // "out" or "in", seen from the record asked about
	Title       string    `json:"title"`     // the live title of the other end
	CreatedAt   time.Time `json:"createdAt"`
	// Properties is the edge's properties bag (RushDB's edge properties);
	// empty, never null, when it has none.
	Properties map[string]any `json:"properties"`
}

// RelationQuery selects the edges of one record.
type RelationQuery struct {
	Project, ID string
	Property    string           // empty: every property
	Direction   cypher.Direction // Both: either direction
	Page
}

// Relations pages through a record's edges, oldest first, and counts all that
// match. ErrNotFound when the project has no such record. A property that
// is the mirrored side of an inverse pair of the record's declared type
// selects the incoming edges its pair stores; any other relation property
// the type declares selects, unless a direction is asked, the record's own
// (outgoing) edges. A property the record's declared type neither declares
// nor mirrors, asked without a direction, is no view of that type: a
// *schema.Error (property_not_declared), so a one-sided relation shows
// nothing on its other side (its incoming edges are asked with direction
// In, or read as backlinks). Open types list the property's edges both ways.
func (s *Store) Relations(ctx context.Context, q RelationQuery) ([]Edge, int, error) {
	query := cypher.Relations(q.Project, q.ID, q.Property, q.Direction, q.Skip, q.Limit)
	var cat *schema.Catalog
	if q.Property != "" {
		var err error
		if cat, err = s.catalog(ctx, q.Project); err != nil {
			return nil, 0, err
		}
		if slots := slotsNamed(cat, q.Property, q.Direction); len(slots) > 0 {
			query = cypher.RelationsByType(q.Project, q.ID, q.Property, q.Direction, slots, q.Skip, q.Limit)
		}
	}
	res, err := s.read(ctx, query)
	if err != nil {
		return nil, 0, err
	}
	if len(res.Records) == 0 {
		return nil, 0, ErrNotFound
	}
	if cat != nil && q.Direction == cypher.Both {
		if self, _ := res.Records[0].Get("selfType"); !viewable(cat, fmt.Sprint(self), q.Property) {
			return nil, 0, notDeclared(fmt.Sprint(self), q.Property)
		}
	}
	return edgeList(res.Records)
}

// edgeList reads the rows of an edge list (cypher.Relations,
// RelationsByType, SearchRelationships): the total, and an edge per row
// whose property is not null (none: the list is empty).
func edgeList(rows []*neo4j.Record) ([]Edge, int, error) {
	total, err := count(rows[0], "total")
	if err != nil {
		return nil, 0, err
	}
	edges := make([]Edge, 0, len(rows))
	for _, row := range rows {
		e, ok, err := edgeFrom(row)
		if err != nil {
			return nil, 0, err
		}
		if ok {
			edges = append(edges, e)
		}
	}
	return edges, total, nil
}

// viewable reports whether records of typ have a property-scoped view of
// relation property name: typ is open, or declares or mirrors name.
func viewable(cat *schema.Catalog, typ, name string) bool {
	_, ok := cat.Slot(typ, name)
	return ok || !cat.Enforced(typ)
}

// notDeclared is the answer to a property-scoped view of relation property
// name from a record of declared type typ that neither declares nor
// mirrors it.
func notDeclared(typ, name string) error {
	return &schema.Error{Code: "property_not_declared", Field: "property", Violation: true,
		Message: fmt.Sprintf("type %s neither declares nor mirrors relation property %s: the %s edges pointing at its records "+
			"are at /records/{id}/backlinks, or /records/{id}/relations?property=%s&direction=in", typ, name, name, name)}
}

// slotsNamed resolves relation property name, asked in direction d, for
// each declared type: the [property, direction] of the edges to read. The
// mirrored side of a pair reads the incoming edges its pair stores (unless
// "out" is asked); another declared relation property reads, unless a
// direction is asked, the record's own outgoing edges; a type that neither
// declares nor mirrors name reads nothing unless a direction is asked
// (Relations then refuses the view).
func slotsNamed(cat *schema.Catalog, name string, d cypher.Direction) map[string]any {
	slots := map[string]any{}
	for _, typ := range cat.IDs() {
		slot, ok := cat.Slot(typ, name)
		switch {
		case ok && slot.Incoming && d != cypher.Out:
			slots[typ] = []any{slot.Tag, string(cypher.In)}
		case ok && !slot.Incoming && d == cypher.Both:
			slots[typ] = []any{name, string(cypher.Out)}
		case !ok && d == cypher.Both:
			slots[typ] = []any{name, cypher.NoEdges}
		}
	}
	return slots
}

// edgeFrom converts a row of an edge list; ok is false for a row without
// an edge (a null property: the row only carries the total).
func edgeFrom(row *neo4j.Record) (e Edge, ok bool, err error) {
	c := columns{row: row}
	property, ok := nullable[string](&c, "property")
	description, described := nullable[string](&c, "description")
	e = Edge{Property: property, Type: property, Direction: "in", CreatedAt: get[time.Time](&c, "createdAt"),
		Title: fmt.Sprint(anyOf(&c, "title")), Properties: edgeBagFrom(get[[]any](&c, "properties"))}
	other, otherType := get[string](&c, "otherId"), get[string](&c, "otherType")
	self, selfType := get[string](&c, "selfId"), get[string](&c, "selfType")
	out := get[bool](&c, "outgoing")
	if c.err != nil || !ok {
		return Edge{}, false, c.err
	}
	if described {
		e.Description = &description
	}
	if out {
		e.Direction = "out"
		e.SourceID, e.SourceLabel, e.TargetID, e.TargetLabel = self, selfType, other, otherType
		return e, true, nil
	}
	e.SourceID, e.SourceLabel, e.TargetID, e.TargetLabel = other, otherType, self, selfType
	return e, true, nil
}

// edgeBagFrom reads an edge's properties bag from the [name, value] pairs
// of a statement's properties column.
func edgeBagFrom(pairs []any) map[string]any {
	bag := map[string]any{}
	for _, p := range pairs {
		if pair, ok := p.([]any); ok && len(pair) == 2 {
			bag[str(pair[0])] = pair[1]
		}
	}
	return bag
}

func stringList(v any) []string {
	list, _ := v.([]any)
	out := make([]string, len(list))
	for i, x := range list {
		out[i], _ = x.(string)
	}
	return out
}
