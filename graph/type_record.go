package graph

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/schema"
)

// recordWrite is a record write split by the rules of the record's type:
// the scalar values for the node, and the links of relation properties.
type recordWrite struct {
	cat     *schema.Catalog
	typ     string
	scalars []Property
	links   []relationValue
}

// relationValue is the links a write gives one relation property.
type relationValue struct {
	name    string
	targets []schema.End
}

// prepareWrite reads what a record write needs: the project's types, and
// the record's type (for an existing record id; ErrNotFound when there is
// none) or typ (for a new one). For a declared type it splits props into
// scalars and relation values, finds the targets, and checks the scalars;
// whole says the write gives the record all its scalar properties.
func prepareWrite(ctx context.Context, tx neo4j.ManagedTransaction, project, id, typ string, props []Property, whole bool) (recordWrite, error) {
	var ids []string
	if id != "" {
		ids = []string{id}
	}
	rows, err := run(ctx, tx, cypher.RecordsAndTypes(project, ids))
	if err != nil {
		return recordWrite{}, err
	}
	c := columns{row: rows[0]}
	records, types := get[[]any](&c, "records"), get[[]any](&c, "types")
	if c.err != nil {
		return recordWrite{}, c.err
	}
	if id != "" {
		found, err := endsFound(records, ids)
		if err != nil {
			return recordWrite{}, ErrNotFound
		}
		typ = found[0].Type
	}
	cat, err := catalogFrom(project, types)
	if err != nil {
		return recordWrite{}, err
	}
	w := recordWrite{cat: cat, typ: typ, scalars: props}
	if !cat.Enforced(typ) {
		return w, nil
	}
	return w, w.split(ctx, tx, project, props, whole)
}

// split separates relation values from scalars, finds the targets, and
// checks the scalar values against the type.
func (w *recordWrite) split(ctx context.Context, tx neo4j.ManagedTransaction, project string, props []Property, whole bool) error {
	w.scalars = nil
	values := map[string]any{}
	var names [][]string
	var all []string
	for _, p := range props {
		if !w.cat.IsRelation(w.typ, p.Name) {
			w.scalars = append(w.scalars, p)
			values[p.Name] = p.Value
			continue
		}
		ids, err := relationTargets(p)
		if err != nil {
			return err
		}
		names = append(names, append([]string{p.Name}, ids...))
		all = append(all, ids...)
	}
	if err := w.cat.CheckValues(w.typ, values, whole); err != nil {
		return err
	}
	return w.findTargets(ctx, tx, project, names, all)
}

// findTargets resolves the target ids of each relation value (a list of
// the property name, then its ids) into records.
func (w *recordWrite) findTargets(ctx context.Context, tx neo4j.ManagedTransaction, project string, names [][]string, all []string) error {
	if len(names) == 0 {
		return nil
	}
	rows, err := run(ctx, tx, cypher.RecordsAndTypes(project, all))
	if err != nil {
		return err
	}
	records, err := column[[]any](rows[0], "records")
	if err != nil {
		return err
	}
	found, err := endsFound(records, dedupe(all))
	if err != nil {
		return err
	}
	types := make(map[string]string, len(found))
	for _, e := range found {
		types[e.ID] = e.Type
	}
	for _, n := range names {
		v := relationValue{name: n[0], targets: make([]schema.End, 0, len(n)-1)}
		for _, id := range n[1:] {
			v.targets = append(v.targets, schema.End{ID: id, Type: types[id]})
		}
		w.links = append(w.links, v)
	}
	return nil
}

// relationTargets reads the value of a relation property: a record id, a
// list of ids, or null (no links).
func relationTargets(p Property) ([]string, error) {
	bad := &schema.Error{Code: "invalid_relation_value", Field: p.Name,
		Message: p.Name + " is a relation property: its value is a record id, a list of ids, or null"}
	switch v := p.Value.(type) {
	case nil:
		return []string{}, nil
	case string:
		if v == "" {
			return nil, bad
		}
		return []string{v}, nil
	case []any:
		ids := make([]string, 0, len(v))
		for _, x := range v {
			id, ok := x.(string)
			if !ok || id == "" {
				return nil, bad
			}
			ids = append(ids, id)
		}
		return dedupe(ids), nil
	}
	return nil, bad
}

func dedupe(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// link stores the links of the write for record id, once its node is
// written, under the rules of its type; a new record must also get the
// links its type requires.
func (w recordWrite) link(ctx context.Context, tx neo4j.ManagedTransaction, project, id string, created bool) error {
	if !w.cat.Enforced(w.typ) {
		return nil
	}
	rec, p := schema.End{ID: id, Type: w.typ}, schema.NewPlan()
	for _, v := range w.links {
		if err := w.cat.PlanSet(p, rec, v.name, v.targets); err != nil {
			return err
		}
	}
	if created {
		w.cat.PlanMinimums(p, rec)
	}
	return enforce(ctx, tx, project, w.cat, p, nil)
}
