package graph

import (
	"context"
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/schema"
)

// An upsert (RushDB's options.mergeBy and options.mergeStrategy) writes a
// record of a type unless one with the same values of its merge keys
// exists, which it then updates instead. Both go through the write path of
// CreateRecord, UpdateRecord and ReplaceRecord, so declared types are
// enforced alike.
//
// Concurrency: an upsert takes the write lock of the project node first
// (the lock type declarations take) and holds it until its transaction
// ends, so the upserts of one project run one at a time: two concurrent
// upserts of the same keys never create two records. Creates that are not
// upserts do not take the lock; they may still add a record with the same
// values.

// Merge says how an upsert finds the record it updates.
type Merge struct {
	// By names the merge keys; empty means every given property whose
	// value is not null.
	By []string
	// Rewrite replaces all the found record's properties with the given
	// ones (mergeStrategy "rewrite"); otherwise the given properties are
	// set and the others kept ("append").
	Rewrite bool
}

// UpsertRecord writes a record of type typ: when a record of that type in
// the project has the values props give its merge keys, it is updated (see
// Merge), otherwise a record is created. created says which. A merge key
// that props do not give, or give as null, or that is a relation property
// of a declared type, is a *schema.Error; several records matching is
// ErrConflict.
func (s *Store) UpsertRecord(ctx context.Context, project, typ string, props []Property, m Merge) (r Record, created bool, err error) {
	type result struct {
		r       Record
		created bool
	}
	res, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (result, error) {
		if err := lockProject(ctx, tx, project); err != nil {
			return result{}, err
		}
		r, created, err := upsert(ctx, tx, project, typ, props, m, "")
		return result{r, created}, err
	})
	return res.r, res.created, err
}

// lockProject takes the write lock of the project node until the
// transaction ends; ErrNotFound when the project does not exist.
func lockProject(ctx context.Context, tx neo4j.ManagedTransaction, project string) error {
	rows, err := run(ctx, tx, cypher.LockProject(project))
	if err == nil && len(rows) == 0 {
		err = ErrNotFound
	}
	return err
}

// upsert is one upsert inside tx, which holds the project's lock. at is
// the JSON pointer of the record's object, for errors ("" for a body's
// data).
func upsert(ctx context.Context, tx neo4j.ManagedTransaction, project, typ string, props []Property, m Merge, at string) (Record, bool, error) {
	cat, err := loadCatalog(ctx, tx, project)
	if err != nil {
		return Record{}, false, err
	}
	keys, values, err := mergeKeys(cat, typ, props, m.By, at)
	if err != nil {
		return Record{}, false, err
	}
	rows, err := run(ctx, tx, cypher.MatchByKeys(project, typ, keys, values))
	if err != nil {
		return Record{}, false, err
	}
	if len(rows) > 1 {
		return Record{}, false, fmt.Errorf("%w: several records of type %s have these values of %v", ErrConflict, typ, keys)
	}
	var w recordWrite
	var r Record
	var id string
	created := len(rows) == 0
	if created {
		w, err = prepareWrite(ctx, tx, project, "", typ, props, true)
	} else if id, err = required[string](rows[0], "id"); err == nil {
		w, err = prepareWrite(ctx, tx, project, id, "", props, m.Rewrite)
	}
	if err != nil {
		return Record{}, false, underObject(err, at)
	}
	if created {
		values, nulls := split(w.scalars)
		rows, err = run(ctx, tx, cypher.CreateRecord(project, newID(), typ, values, nulls))
	} else {
		write := updateStatement(project, id)
		if m.Rewrite {
			write = replaceStatement(project, id)
		}
		rows, err = run(ctx, tx, write(w))
	}
	if err != nil {
		return Record{}, false, err
	}
	if r, err = firstRecord(rows, "r"); err != nil {
		return Record{}, false, err
	}
	return r, created, underObject(w.link(ctx, tx, project, r.ID, created), at)
}

// mergeKeys picks the merge keys among props and their values, in name
// order: the names by gives, or, when by is empty, every property with a
// value that is not a relation property of typ (a declared type's links
// are no node values to match).
func mergeKeys(cat *schema.Catalog, typ string, props []Property, by []string, at string) ([]string, []any, error) {
	given := make(map[string]Property, len(props))
	for _, p := range props {
		given[p.Name] = p
	}
	names := slices.Clone(by)
	if len(names) == 0 {
		for _, p := range props {
			if p.Type != schema.TypeNull && !cat.IsRelation(typ, p.Name) {
				names = append(names, p.Name)
			}
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	if len(names) == 0 {
		return nil, nil, &schema.Error{Code: "invalid_merge_key", Field: at,
			Message: "an upsert needs a merge key: give mergeBy, or properties with values"}
	}
	values := make([]any, len(names))
	for i, name := range names {
		p, ok := given[name]
		switch {
		case !ok:
			return nil, nil, &schema.Error{Code: "invalid_merge_key", Field: mergeField(at, name),
				Message: "merge key " + name + " is not among the record's properties"}
		case p.Type == schema.TypeNull:
			return nil, nil, &schema.Error{Code: "invalid_merge_key", Field: mergeField(at, name),
				Message: "merge key " + name + " is null: a merge key needs a value"}
		case cat.IsRelation(typ, name):
			return nil, nil, &schema.Error{Code: "invalid_merge_key", Field: mergeField(at, name),
				Message: name + " is a relation property: merge keys are scalar properties"}
		}
		values[i] = p.Value
	}
	return names, values, nil
}

// mergeField is the pointer of merge key name of the object at, or the
// name alone for a body's data (the handler places it).
func mergeField(at, name string) string {
	if at == "" {
		return name
	}
	return schema.Pointer(at, name)
}

// underObject is at for an object at "" too: errors of a body's data keep their
// field as the write path gives it.
func underObject(err error, object string) error {
	if object == "" || err == nil {
		return err
	}
	return at(err, object)
}

// importUpserts writes an upsert import in one transaction that holds the
// project's lock. Its records are found in batches (upsertBatch); only
// when a declared type's relation properties are given does each object
// go through UpsertRecord's path, one at a time (upsertEach).
func (s *Store) importUpserts(ctx context.Context, project string, imp *Import) (ImportResult, error) {
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (ImportResult, error) {
		if err := lockProject(ctx, tx, project); err != nil {
			return ImportResult{}, err
		}
		cat, err := loadCatalog(ctx, tx, project)
		if err != nil {
			return ImportResult{}, err
		}
		if imp.linksAny(cat) {
			return imp.upsertEach(ctx, tx, project)
		}
		return imp.upsertBatch(ctx, tx, project, cat)
	})
}

// linksAny reports whether some record gives a relation property of its
// declared type.
func (imp *Import) linksAny(cat *schema.Catalog) bool {
	for _, r := range imp.records {
		for _, p := range r.props {
			if cat.IsRelation(r.typ, p.Name) {
				return true
			}
		}
	}
	return false
}

// upsertEach upserts the records one at a time, in order.
func (imp *Import) upsertEach(ctx context.Context, tx neo4j.ManagedTransaction, project string) (ImportResult, error) {
	res := ImportResult{Records: []Record{}}
	for _, ir := range imp.records {
		r, created, err := upsert(ctx, tx, project, ir.typ, ir.props, *imp.opts.Merge, ir.at)
		if err != nil {
			return ImportResult{}, err
		}
		if created {
			res.Created++
		} else {
			res.Updated++
		}
		if imp.opts.ReturnRecords {
			res.Records = append(res.Records, r)
		}
	}
	return res, nil
}
