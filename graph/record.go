package graph

import (
	"context"
	"sort"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/schema"
)

// Record is one stored record: its id, type and scalar properties.
type Record struct {
	ID    string
	Type  string
	Props map[string]any    // values as stored: string, int64, float64, bool, time.Time, nil, or lists
	Types map[string]string // the Collect type of each property
}

// MarshalJSON writes the record in the Collect flat form:
// {"__id", "__label", "__proptypes", ...properties} (see AppendJSON).
func (r Record) MarshalJSON() ([]byte, error) {
	return r.AppendJSON(nil)
}

// wire is the record in the flat Collect form: its properties beside
// __id, __label and __proptypes.
func (r Record) wire() map[string]any {
	out := make(map[string]any, len(r.Props)+3)
	for k, v := range r.Props {
		out[k] = WireValue(v)
	}
	out["__id"] = r.ID
	out["__label"] = r.Type
	out["__proptypes"] = r.Types
	return out
}

// WireValue renders a stored value for JSON and CSV: datetimes (also inside
// lists) become RFC 3339 text; other values are left as they are.
func WireValue(v any) any {
	switch x := v.(type) {
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = WireValue(x[i])
		}
		return out
	}
	return v
}

// Property is one typed property value of a write.
type Property struct {
	Name  string
	Type  string // one of the schema.Type* names
	Value any    // as returned by schema.Value
}

// split separates non-null values from the names of null ones.
func split(props []Property) (map[string]any, []string) {
	values := make(map[string]any, len(props))
	nulls := []string{}
	for _, p := range props {
		if p.Type == schema.TypeNull {
			nulls = append(nulls, p.Name)
			continue
		}
		values[p.Name] = p.Value
	}
	return values, nulls
}

// CreateRecord stores a new record of type typ in a project. When typ is
// declared its rules apply (a *schema.Error when the write breaks one, and
// nothing is written): scalar values are checked, the values of relation
// properties become edges (never node properties; a *MissingError names
// unknown targets), and relation properties that need links must get them.
func (s *Store) CreateRecord(ctx context.Context, project, typ string, props []Property) (Record, error) {
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (Record, error) {
		return createRecord(ctx, tx, project, typ, props)
	})
}

// createRecord is CreateRecord inside transaction tx.
func createRecord(ctx context.Context, tx neo4j.ManagedTransaction, project, typ string, props []Property) (Record, error) {
	w, err := prepareWrite(ctx, tx, project, "", typ, props, true)
	if err != nil {
		return Record{}, err
	}
	values, nulls := split(w.scalars)
	rows, err := run(ctx, tx, cypher.CreateRecord(project, newID(), typ, values, nulls))
	if err != nil {
		return Record{}, err
	}
	r, err := firstRecord(rows, "r")
	if err != nil {
		return Record{}, err
	}
	return r, w.link(ctx, tx, project, r.ID, true)
}

// Record finds a record of a project; ErrNotFound when the project has none
// with that id.
func (s *Store) Record(ctx context.Context, project, id string) (Record, error) {
	return s.oneRecord(s.read(ctx, cypher.GetRecord(project, id)))
}

// Records finds the records of a project among ids, in the order of ids;
// unknown ids are left out.
func (s *Store) Records(ctx context.Context, project string, ids []string) ([]Record, error) {
	res, err := s.read(ctx, cypher.GetRecords(project, ids))
	if err != nil {
		return nil, err
	}
	byID := make(map[string]Record, len(res.Records))
	for _, row := range res.Records {
		r, err := recordColumn(row, "r")
		if err != nil {
			return nil, err
		}
		byID[r.ID] = r
	}
	out := make([]Record, 0, len(byID))
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			out = append(out, r)
			delete(byID, id)
		}
	}
	return out, nil
}

// UpdateRecord merges props into a record's properties. A relation
// property of a declared type given in props gets exactly the links given
// (see CreateRecord for the rules).
func (s *Store) UpdateRecord(ctx context.Context, project, id string, props []Property) (Record, error) {
	return s.writeRecord(ctx, project, id, props, false, updateStatement(project, id))
}

// updateStatement builds the statement that merges a write's scalars into
// record id.
func updateStatement(project, id string) func(recordWrite) cypher.Query {
	return func(w recordWrite) cypher.Query {
		set := make(map[string]any, len(w.scalars))
		nulls := []string{}
		for _, p := range w.scalars {
			set[p.Name] = p.Value
			if p.Type == schema.TypeNull {
				nulls = append(nulls, p.Name)
			}
		}
		return cypher.UpdateRecord(project, id, set, nulls)
	}
}

// ReplaceRecord replaces all of a record's scalar properties with props. A
// relation property of a declared type given in props gets exactly the
// links given; the links of the others stay.
func (s *Store) ReplaceRecord(ctx context.Context, project, id string, props []Property) (Record, error) {
	return s.writeRecord(ctx, project, id, props, true, replaceStatement(project, id))
}

// replaceStatement builds the statement that replaces the scalars of
// record id with a write's.
func replaceStatement(project, id string) func(recordWrite) cypher.Query {
	return func(w recordWrite) cypher.Query {
		values, nulls := split(w.scalars)
		return cypher.ReplaceRecord(project, id, values, nulls)
	}
}

// writeRecord runs a write of an existing record in one transaction: the
// statement write builds for its scalar values, then its links.
func (s *Store) writeRecord(ctx context.Context, project, id string, props []Property, whole bool, write func(recordWrite) cypher.Query) (Record, error) {
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (Record, error) {
		return writeRecord(ctx, tx, project, id, props, whole, write)
	})
}

// writeRecord is Store.writeRecord inside transaction tx.
func writeRecord(ctx context.Context, tx neo4j.ManagedTransaction, project, id string, props []Property, whole bool, write func(recordWrite) cypher.Query) (Record, error) {
	w, err := prepareWrite(ctx, tx, project, id, "", props, whole)
	if err != nil {
		return Record{}, err
	}
	rows, err := run(ctx, tx, write(w))
	if err != nil {
		return Record{}, err
	}
	r, err := firstRecord(rows, "r")
	if err != nil {
		return Record{}, err
	}
	return r, w.link(ctx, tx, project, r.ID, false)
}

// DeleteRecord removes a record and all its edges in one transaction,
// applying the onDelete rules of declared types (see Delete).
func (s *Store) DeleteRecord(ctx context.Context, project, id string) error {
	_, err := s.Delete(ctx, project, id, false)
	return err
}

func (s *Store) oneRecord(res *neo4j.EagerResult, err error) (Record, error) {
	if err != nil {
		return Record{}, err
	}
	return firstRecord(res.Records, "r")
}

// recordFrom converts a record node read from Neo4j.
func recordFrom(n neo4j.Node) Record {
	r := Record{Type: typeLabel(n.Labels), Props: make(map[string]any, len(n.Props)), Types: make(map[string]string, len(n.Props))}
	for k, val := range n.Props {
		switch k {
		case "__id":
			r.ID, _ = val.(string)
		case "__project":
		case "__nulls":
			names, _ := val.([]any)
			for _, name := range names {
				if name, ok := name.(string); ok {
					r.Props[name] = nil
					r.Types[name] = schema.TypeNull
				}
			}
		default:
			r.Props[k] = val
			r.Types[k] = schema.TypeOf(val)
		}
	}
	return r
}

// typeLabel picks a record node's type among its labels.
func typeLabel(labels []string) string {
	for _, l := range labels {
		if l != cypher.RecordLabel {
			return l
		}
	}
	return ""
}

// PropertyTypes lists a record's properties with their types, by name.
func (r Record) PropertyTypes() []PropertyType {
	out := make([]PropertyType, 0, len(r.Types))
	for name, typ := range r.Types {
		out = append(out, PropertyType{Name: name, Type: typ})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// PropertyType names one property of a record and its type.
type PropertyType struct {
	Name string `json:"name"`
	Type string `json:"type"`
}
