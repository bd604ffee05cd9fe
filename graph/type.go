package graph

import (
	"context"
	"fmt"
	"maps"
	"sort"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/schema"
)

// RecordType is a declared type as the API shows it: its effective schema
// and when its definition was last written.
type RecordType struct {
	schema.Effective
	UpdatedAt time.Time `json:"updatedAt"`
	// Indexes are the indexes the type asks for, with their states; only
	// Store.Type reads them.
	Indexes []TypeIndex `json:"indexes,omitempty"`
}

// TypeInUseError says a declared type cannot be removed: records of it
// exist, or other types' properties name it. It is a conflict with stored
// state (errors.Is(err, ErrConflict)).
type TypeInUseError struct {
	Type    string
	Records bool     // records of the type exist
	By      []string // "type.property" of the properties naming it
}

func (e *TypeInUseError) Error() string {
	if e.Records {
		return fmt.Sprintf("graph: type %s still has records", e.Type)
	}
	return fmt.Sprintf("graph: type %s is named by %s", e.Type, strings.Join(e.By, ", "))
}

// Unwrap makes a TypeInUseError an ErrConflict.
func (e *TypeInUseError) Unwrap() error { return ErrConflict }

func (*TypeInUseError) domainError() {}

// PutType declares type t in project, or replaces its definition; when
// t.Overrides is nil the stored overrides are kept. t is validated against
// the project's other types (a *schema.Error when it breaks a rule).
// Declarations of one project happen one at a time. It reports whether the
// type was new.
func (s *Store) PutType(ctx context.Context, project string, t schema.Type) (RecordType, bool, error) {
	type result struct {
		rt      RecordType
		created bool
	}
	defer s.typesChanged(ctx, project)
	r, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (result, error) {
		cat, err := lockedCatalog(ctx, tx, project)
		if err != nil {
			return result{}, err
		}
		if old, ok := cat.Type(t.ID); ok && t.Overrides == nil {
			t.Overrides = old.Overrides
		}
		rt, created, err := storeType(ctx, tx, project, cat.With(t), t)
		return result{rt, created}, err
	})
	if err == nil {
		s.indexesChanged(ctx)
	}
	return r.rt, r.created, err
}

// SetLinks writes the links settings of declared type id into its
// overrides. ErrNotFound when the type is not declared.
func (s *Store) SetLinks(ctx context.Context, project, id string, links schema.LinksSettings) (RecordType, error) {
	defer s.typesChanged(ctx, project)
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (RecordType, error) {
		cat, err := lockedCatalog(ctx, tx, project)
		if err != nil {
			return RecordType{}, err
		}
		t, ok := cat.Type(id)
		if !ok {
			return RecordType{}, ErrNotFound
		}
		if err := cat.CheckDeclared(links.AllowedTypeIDs, "/allowedTypeIds"); err != nil {
			return RecordType{}, err
		}
		t.Overrides = maps.Clone(t.Overrides)
		t.ApplyLinks(links)
		rt, _, err := storeType(ctx, tx, project, cat.With(t), t)
		return rt, err
	})
}

// storeType validates t within cat (which holds it) and writes it.
func storeType(ctx context.Context, tx neo4j.ManagedTransaction, project string, cat *schema.Catalog, t schema.Type) (RecordType, bool, error) {
	if err := cat.Validate(t.ID); err != nil {
		return RecordType{}, false, err
	}
	definition, overrides := t.Stored()
	rows, err := run(ctx, tx, cypher.PutType(project, t.ID, definition, overrides))
	if err != nil {
		return RecordType{}, false, err
	}
	eff, _ := cat.Effective(t.ID)
	if _, err := run(ctx, tx, cypher.SetTitleParts(project, t.ID, cypher.TitleParts(eff.Representation))); err != nil {
		return RecordType{}, false, err
	}
	c := columns{row: rows[0]}
	created, updated := get[bool](&c, "created"), get[time.Time](&c, "updatedAt")
	return RecordType{Effective: eff, UpdatedAt: updated}, created, c.err
}

// Type reads declared type id of a project, with its effective schema.
// ErrNotFound when it is not declared.
func (s *Store) Type(ctx context.Context, project, id string) (RecordType, error) {
	types, err := s.allTypes(ctx, project)
	if err != nil {
		return RecordType{}, err
	}
	i := sort.Search(len(types), func(i int) bool { return types[i].ID >= id })
	if i == len(types) || types[i].ID != id {
		return RecordType{}, ErrNotFound
	}
	return s.typeWithIndexes(ctx, types[i])
}

// Types pages through the declared types of a project, by id, with their
// effective schemas; total counts them all.
func (s *Store) Types(ctx context.Context, project string, page Page) ([]RecordType, int, error) {
	types, err := s.allTypes(ctx, project)
	if err != nil {
		return nil, 0, err
	}
	from, to := min(page.Skip, len(types)), min(page.Skip+page.Limit, len(types))
	return types[from:to], len(types), nil
}

// allTypes reads every declared type of a project, by id.
func (s *Store) allTypes(ctx context.Context, project string) ([]RecordType, error) {
	res, err := s.read(ctx, cypher.Types(project))
	if err != nil {
		return nil, err
	}
	types, updated := make([]schema.Type, 0, len(res.Records)), map[string]time.Time{}
	for _, row := range res.Records {
		t, err := storedType(project, row.AsMap())
		if err != nil {
			return nil, err
		}
		types = append(types, t)
		if updated[t.ID], err = column[time.Time](row, "updatedAt"); err != nil {
			return nil, err
		}
	}
	cat := schema.NewCatalog(types...)
	out := make([]RecordType, 0, len(types))
	for _, id := range cat.IDs() {
		eff, _ := cat.Effective(id)
		out = append(out, RecordType{Effective: eff, UpdatedAt: updated[id]})
	}
	return out, nil
}

// DeleteType removes declared type id: a *TypeInUseError while records of
// it exist or other types name it, ErrNotFound when it is not declared.
// Its records' data is never touched: with no records left, nothing is.
func (s *Store) DeleteType(ctx context.Context, project, id string) error {
	defer s.typesChanged(ctx, project)
	_, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (bool, error) {
		cat, err := lockedCatalog(ctx, tx, project)
		if err != nil {
			return false, err
		}
		if !cat.Enforced(id) {
			return false, ErrNotFound
		}
		if by := cat.Referrers(id); len(by) > 0 {
			return false, &TypeInUseError{Type: id, By: by}
		}
		rows, err := run(ctx, tx, cypher.TypeHasRecords(project, id))
		if err != nil {
			return false, err
		}
		used, err := column[bool](rows[0], "used")
		if err != nil {
			return false, err
		}
		if used {
			return false, &TypeInUseError{Type: id, Records: true}
		}
		_, err = run(ctx, tx, cypher.DeleteType(project, id))
		return true, err
	})
	if err == nil {
		s.indexesChanged(ctx)
	}
	return err
}

// lockedCatalog takes the project's lock and reads its declared types.
// ErrNotFound when the project does not exist.
func lockedCatalog(ctx context.Context, tx neo4j.ManagedTransaction, project string) (*schema.Catalog, error) {
	rows, err := run(ctx, tx, cypher.LockProject(project))
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, ErrNotFound
	}
	return loadCatalog(ctx, tx, project)
}

// loadCatalog reads the declared types of a project inside a transaction.
func loadCatalog(ctx context.Context, tx neo4j.ManagedTransaction, project string) (*schema.Catalog, error) {
	rows, err := run(ctx, tx, cypher.Types(project))
	if err != nil {
		return nil, err
	}
	list := make([]any, len(rows))
	for i, row := range rows {
		list[i] = row.AsMap()
	}
	return catalogFrom(project, list)
}

// catalogFrom builds a catalog from declared types read as maps of their
// id, definition and overrides.
func catalogFrom(project string, rows []any) (*schema.Catalog, error) {
	types := make([]schema.Type, 0, len(rows))
	for _, row := range rows {
		m, ok := row.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("graph: a declared type reads as %T, not a map", row)
		}
		t, err := storedType(project, m)
		if err != nil {
			return nil, err
		}
		types = append(types, t)
	}
	return schema.NewCatalog(types...), nil
}

// storedType builds a declared type from its stored id, definition and
// overrides.
func storedType(project string, v map[string]any) (schema.Type, error) {
	id, _ := v["id"].(string)
	definition, _ := v["definition"].(string)
	overrides, _ := v["overrides"].(string)
	t, _, err := schema.StoredType(project, id, definition, overrides)
	if err != nil {
		return schema.Type{}, fmt.Errorf("graph: %w", err)
	}
	return t, nil
}
