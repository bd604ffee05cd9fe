package graph

import (
	"context"
	"encoding/json"
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
// {"__id", "__label", "__proptypes", ...properties}.
func (r Record) MarshalJSON() ([]byte, error) {
	out := make(map[string]any, len(r.Props)+3)
	for k, v := range r.Props {
		out[k] = wireValue(v)
	}
	out["__id"] = r.ID
	out["__label"] = r.Type
	out["__proptypes"] = r.Types
	return json.Marshal(out)
}

func wireValue(v any) any {
	switch x := v.(type) {
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = wireValue(x[i])
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

// CreateRecord stores a new record of type typ in a project.
func (s *Store) CreateRecord(ctx context.Context, project, typ string, props []Property) (Record, error) {
	values, nulls := split(props)
	res, err := s.write(ctx, cypher.CreateRecord(project, newID(), typ, values, nulls))
	if err != nil {
		return Record{}, err
	}
	return recordFrom(res.Records[0].Values[0]), nil
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
		r := recordFrom(row.Values[0])
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

// UpdateRecord merges props into a record's properties.
func (s *Store) UpdateRecord(ctx context.Context, project, id string, props []Property) (Record, error) {
	set := make(map[string]any, len(props))
	nulls := []string{}
	for _, p := range props {
		set[p.Name] = p.Value
		if p.Type == schema.TypeNull {
			nulls = append(nulls, p.Name)
		}
	}
	return s.oneRecord(s.write(ctx, cypher.UpdateRecord(project, id, set, nulls)))
}

// ReplaceRecord replaces all of a record's properties with props.
func (s *Store) ReplaceRecord(ctx context.Context, project, id string, props []Property) (Record, error) {
	values, nulls := split(props)
	return s.oneRecord(s.write(ctx, cypher.ReplaceRecord(project, id, values, nulls)))
}

// DeleteRecord removes a record and all its edges in one transaction.
func (s *Store) DeleteRecord(ctx context.Context, project, id string) error {
	res, err := s.write(ctx, cypher.DeleteRecord(project, id))
	if err != nil {
		return err
	}
	if res.Records[0].Values[0].(int64) == 0 {
		return ErrNotFound
	}
	return nil
}

func (s *Store) oneRecord(res *neo4j.EagerResult, err error) (Record, error) {
	if err != nil {
		return Record{}, err
	}
	if len(res.Records) == 0 {
		return Record{}, ErrNotFound
	}
	return recordFrom(res.Records[0].Values[0]), nil
}

// recordFrom converts a record node read from Neo4j.
func recordFrom(v any) Record {
	n := v.(neo4j.Node)
	r := Record{Type: typeLabel(n.Labels), Props: make(map[string]any, len(n.Props)), Types: make(map[string]string, len(n.Props))}
	for k, val := range n.Props {
		switch k {
		case "__id":
			r.ID, _ = val.(string)
		case "__project":
		case "__nulls":
			for _, name := range val.([]any) {
				r.Props[name.(string)] = nil
				r.Types[name.(string)] = schema.TypeNull
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
