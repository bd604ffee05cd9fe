package graph

import (
	"context"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/schema"
)

// Removal is what deleting a record removes: the record, the records its
// cascade properties take with it, and every edge touching them.
type Removal struct {
	Records []RemovedRecord `json:"records"`
	Edges   []RemovedEdge   `json:"edges"`
}

// RemovedRecord is a record a deletion removes.
type RemovedRecord struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

// RemovedEdge is an edge a deletion removes.
type RemovedEdge struct {
	Source   string `json:"source"`
	Target   string `json:"target"`
	Property string `json:"property"`
}

// MaxCascade is the most records one deletion may remove.
const MaxCascade = 10000

// Delete removes record id and every edge touching it, in one transaction,
// applying the onDelete rule of each relation property of a declared type
// that links it: unlink (the edge goes), cascade (the linked record goes
// too, with its own rules), restrict (a *schema.Error while the link
// exists, and nothing is removed). With dryRun it removes nothing and says
// what it would remove. ErrNotFound when the project has no such record.
func (s *Store) Delete(ctx context.Context, project, id string, dryRun bool) (Removal, error) {
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (Removal, error) {
		cat, err := loadCatalog(ctx, tx, project)
		if err != nil {
			return Removal{}, err
		}
		if !dryRun && len(cat.DeleteRuleTags()) == 0 {
			return Removal{}, deleteOne(ctx, tx, project, id)
		}
		d := &deletion{project: project, cat: cat, dryRun: dryRun, records: map[string]string{}, edges: map[schema.Edge]bool{}}
		if err := d.walk(ctx, tx, id); err != nil {
			return Removal{}, err
		}
		if !dryRun {
			if _, err := run(ctx, tx, cypher.DeleteRecords(project, d.order)); err != nil {
				return Removal{}, err
			}
		}
		return d.removal(), nil
	})
}

// deleteOne removes one record and its edges, when no rule asks for more.
func deleteOne(ctx context.Context, tx neo4j.ManagedTransaction, project, id string) error {
	rows, err := run(ctx, tx, cypher.DeleteRecords(project, []string{id}))
	if err != nil {
		return err
	}
	n, err := firstCount(rows, "deleted")
	if err == nil && n == 0 {
		return ErrNotFound
	}
	return err
}

// deletion walks the records a deletion removes.
type deletion struct {
	project  string
	cat      *schema.Catalog
	dryRun   bool
	records  map[string]string // id → type
	order    []string
	edges    map[schema.Edge]bool
	edgeList []schema.Edge
	restrict []restriction
}

// restriction is a link that forbids the deletion unless its other end is
// removed too.
type restriction struct {
	held  schema.Held
	other string
}

// walk visits id and, breadth first, the records cascade rules take with
// it. Each round locks the records it visits before reading their edges, so
// no link can be added to them behind the deletion's back.
func (d *deletion) walk(ctx context.Context, tx neo4j.ManagedTransaction, ids ...string) error {
	var tags []string
	if !d.dryRun {
		tags = d.cat.DeleteRuleTags()
		if tags == nil {
			tags = []string{}
		}
	}
	for frontier := ids; len(frontier) > 0; {
		if !d.dryRun {
			if _, err := lockRecords(ctx, tx, d.project, frontier, nil); err != nil {
				return err
			}
		}
		rows, err := run(ctx, tx, cypher.RecordEdges(d.project, frontier, tags))
		if err != nil {
			return err
		}
		if len(d.order) == 0 && len(rows) == 0 {
			return ErrNotFound
		}
		if frontier, err = d.visit(rows); err != nil {
			return err
		}
	}
	for _, r := range d.restrict {
		if _, removed := d.records[r.other]; !removed {
			return r.held.Restricted(r.other)
		}
	}
	return nil
}

// visit takes in one round's rows and returns the records to visit next.
func (d *deletion) visit(rows []*neo4j.Record) ([]string, error) {
	var next []string
	for _, row := range rows {
		c := columns{row: row}
		self := schema.End{ID: get[string](&c, "selfId"), Type: get[string](&c, "selfType")}
		property, linked := nullable[string](&c, "property")
		other := schema.End{ID: get[string](&c, "otherId"), Type: get[string](&c, "otherType")}
		out := get[bool](&c, "outgoing")
		if c.err != nil {
			return nil, c.err
		}
		d.add(self)
		if !linked {
			continue
		}
		e := schema.Edge{From: self, To: other, Property: property}
		if !out {
			e.From, e.To = other, self
		}
		d.addEdge(e)
		h, ok := d.cat.HeldBy(self, e)
		switch {
		case !ok:
		case h.Slot.OnDelete == schema.OnDeleteCascade && !d.has(other.ID) && !slices.Contains(next, other.ID):
			next = append(next, other.ID)
		case h.Slot.OnDelete == schema.OnDeleteRestrict:
			d.restrict = append(d.restrict, restriction{h, other.ID})
		}
	}
	if len(d.order)+len(next) > MaxCascade {
		return nil, &schema.Error{Code: "cascade_too_large", Violation: true,
			Message: "this deletion would remove more than 10000 records through cascade rules"}
	}
	return next, nil
}

func (d *deletion) has(id string) bool {
	_, ok := d.records[id]
	return ok
}

func (d *deletion) add(r schema.End) {
	if !d.has(r.ID) {
		d.records[r.ID] = r.Type
		d.order = append(d.order, r.ID)
	}
}

func (d *deletion) addEdge(e schema.Edge) {
	if !d.edges[e] {
		d.edges[e] = true
		d.edgeList = append(d.edgeList, e)
	}
}

func (d *deletion) removal() Removal {
	r := Removal{Records: make([]RemovedRecord, len(d.order)), Edges: make([]RemovedEdge, len(d.edgeList))}
	for i, id := range d.order {
		r.Records[i] = RemovedRecord{ID: id, Type: d.records[id]}
	}
	for i, e := range d.edgeList {
		r.Edges[i] = RemovedEdge{Source: e.From.ID, Target: e.To.ID, Property: e.Property}
	}
	return r
}
