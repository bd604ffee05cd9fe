package graph

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
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
}

// Attach stores one edge per target, in one transaction. Attaching an
// existing edge again keeps one edge. ErrNotFound when the source does not
// exist; a *MissingError naming unknown targets, and nothing written, when
// some target does not.
func (s *Store) Attach(ctx context.Context, l Link) error {
	_, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (int64, error) {
		if err := checkEnds(ctx, tx, l.Project, l.Source, l.Targets); err != nil {
			return 0, err
		}
		rows, err := run(ctx, tx, cypher.Attach(l.Project, l.Source, l.Targets, l.Property, l.Direction, l.Description))
		if err != nil {
			return 0, err
		}
		return rows[0].Values[0].(int64), nil
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
// The same not-found rules as Attach apply.
func (s *Store) Detach(ctx context.Context, u Unlink) (int, error) {
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (int, error) {
		if err := checkEnds(ctx, tx, u.Project, u.Source, u.Targets); err != nil {
			return 0, err
		}
		rows, err := run(ctx, tx, cypher.Detach(u.Project, u.Source, u.Targets, u.Properties, u.Direction))
		if err != nil {
			return 0, err
		}
		return int(rows[0].Values[0].(int64)), nil
	})
}

func checkEnds(ctx context.Context, tx neo4j.ManagedTransaction, project, source string, targets []string) error {
	rows, err := run(ctx, tx, cypher.MissingEnds(project, source, targets))
	if err != nil {
		return err
	}
	if found, _ := rows[0].Values[0].(bool); !found {
		return ErrNotFound
	}
	if missing := stringList(rows[0].Values[1]); len(missing) > 0 {
		return &MissingError{IDs: missing}
	}
	return nil
}

// Edge is one stored link seen from one of its ends.
type Edge struct {
	SourceID    string    `json:"sourceId"`
	SourceLabel string    `json:"sourceLabel"`
	TargetID    string    `json:"targetId"`
	TargetLabel string    `json:"targetLabel"`
	Type        string    `json:"type"`     // the relation property (Collect's relation type)
	Property    string    `json:"property"` // the same, under seed 003's name
	Description *string   `json:"description"`
	Direction   string    `json:"direction"` // "out" or "in", seen from the record asked about
	Title       string    `json:"title"`     // the live title of the other end
	CreatedAt   time.Time `json:"createdAt"`
}

// RelationQuery selects the edges of one record.
type RelationQuery struct {
	Project, ID string
	Property    string           // empty: every property
	Direction   cypher.Direction // Both: either direction
	Page
}

// Relations pages through a record's edges, oldest first, and counts all that
// match. ErrNotFound when the project has no such record.
func (s *Store) Relations(ctx context.Context, q RelationQuery) ([]Edge, int, error) {
	res, err := s.read(ctx, cypher.Relations(q.Project, q.ID, q.Property, q.Direction, q.Skip, q.Limit))
	if err != nil {
		return nil, 0, err
	}
	if len(res.Records) == 0 {
		return nil, 0, ErrNotFound
	}
	edges := make([]Edge, 0, len(res.Records))
	total := int(res.Records[0].Values[0].(int64))
	for _, row := range res.Records {
		if row.Values[1] == nil {
			continue
		}
		edges = append(edges, edgeFrom(row.Values))
	}
	return edges, total, nil
}

// edgeFrom converts a row of cypher.Relations.
func edgeFrom(v []any) Edge {
	e := Edge{Property: v[1].(string), Direction: "in"}
	e.Type = e.Property
	if d, ok := v[2].(string); ok {
		e.Description = &d
	}
	e.CreatedAt, _ = v[3].(time.Time)
	other, otherType, title := v[5].(string), v[6].(string), fmt.Sprint(v[7])
	self, selfType := v[8].(string), v[9].(string)
	e.Title = title
	if out, _ := v[4].(bool); out {
		e.Direction = "out"
		e.SourceID, e.SourceLabel, e.TargetID, e.TargetLabel = self, selfType, other, otherType
		return e
	}
	e.SourceID, e.SourceLabel, e.TargetID, e.TargetLabel = other, otherType, self, selfType
	return e
}

func stringList(v any) []string {
	list, _ := v.([]any)
	out := make([]string, len(list))
	for i, x := range list {
		out[i], _ = x.(string)
	}
	return out
}
