package graph

import (
	"context"

	"github.com/relgraph/relgraph/cypher"
)

// Node is a record as a dashboard draws it: its id, type and live title.
type Node struct {
	ID    string `json:"id"`
	Type  string `json:"type"`
	Title string `json:"title"`
}

// Arc is a stored edge as a dashboard draws it: an arrow from source to
// target. ID is the relationship's elementId, stable while the edge exists.
type Arc struct {
	ID          string  `json:"id"`
	Source      string  `json:"source"`
	Target      string  `json:"target"`
	Property    string  `json:"property"`
	Description *string `json:"description"`
}

// The bounds of the dashboards' reads: the deepest neighbourhood and the
// longest path they look for.
const (
	MaxDepth = cypher.MaxDepth
	MaxHops  = cypher.MaxHops
)

// Subgraph is a set of records and the edges among them.
type Subgraph struct {
	Nodes     []Node `json:"nodes"`
	Edges     []Arc  `json:"edges"`
	Truncated bool   `json:"truncated"` // a cap was hit: there is more
}

// NeighbourhoodQuery asks for the records around one record.
type NeighbourhoodQuery struct {
	Project, ID string
	Depth       int              // 1 to MaxDepth edges away
	Limit       int              // at most this many nodes, the record included
	EdgeLimit   int              // at most this many edges
	Property    string           // only along edges of this property; empty: all
	Direction   cypher.Direction // Both: either direction
}

// Neighbourhood reads the records up to q.Depth edges from a record,
// nearest first, and the edges among them; it never leaves the project.
// The record itself comes first. ErrNotFound when the project has no such
// record.
func (s *Store) Neighbourhood(ctx context.Context, q NeighbourhoodQuery) (Subgraph, error) {
	res, err := s.read(ctx, cypher.Neighbourhood(q.Project, q.ID, q.Property, q.Direction, q.Depth, q.Limit, q.EdgeLimit))
	if err != nil {
		return Subgraph{}, err
	}
	if len(res.Records) == 0 {
		return Subgraph{}, ErrNotFound
	}
	v := res.Records[0].Values
	truncated, _ := v[2].(bool)
	return Subgraph{Nodes: nodesFrom(v[0]), Edges: arcsFrom(v[1]), Truncated: truncated}, nil
}

// PathQuery asks how two records of a project are connected.
type PathQuery struct {
	Project, From, To string
	MaxHops           int    // 1 to MaxHops edges
	Limit             int    // at most this many paths
	Property          string // only along edges of this property; empty: all
}

// Path is one way from a record to another: its records in order, and the
// edges between them (each in its stored direction).
type Path struct {
	Nodes []Node `json:"nodes"`
	Edges []Arc  `json:"edges"`
}

// Paths finds the shortest paths between two records of a project, edges
// taken in either direction; none when they are not connected within
// q.MaxHops. A record is connected to itself by one path without edges.
// ErrNotFound when either end is not a record of the project.
func (s *Store) Paths(ctx context.Context, q PathQuery) ([]Path, error) {
	res, err := s.read(ctx, cypher.Paths(q.Project, q.From, q.To, q.Property, q.MaxHops, q.Limit))
	if err != nil {
		return nil, err
	}
	v := res.Records[0].Values
	if found, _ := v[0].(bool); !found {
		return nil, ErrNotFound
	}
	if found, _ := v[1].(bool); !found {
		return nil, ErrNotFound
	}
	list, _ := v[2].([]any)
	paths := make([]Path, len(list))
	for i, p := range list {
		m := p.(map[string]any)
		paths[i] = Path{Nodes: nodesFrom(m["nodes"]), Edges: arcsFrom(m["edges"])}
	}
	return paths, nil
}

func nodesFrom(v any) []Node {
	list, _ := v.([]any)
	out := make([]Node, len(list))
	for i, x := range list {
		m := x.(map[string]any)
		out[i] = Node{ID: str(m["id"]), Type: str(m["type"]), Title: str(m["title"])}
	}
	return out
}

func arcsFrom(v any) []Arc {
	list, _ := v.([]any)
	out := make([]Arc, len(list))
	for i, x := range list {
		m := x.(map[string]any)
		out[i] = Arc{ID: str(m["id"]), Source: str(m["source"]), Target: str(m["target"]), Property: str(m["property"])}
		if d, ok := m["description"].(string); ok {
			out[i].Description = &d
		}
	}
	return out
}
