package graph

import (
	"context"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/query"
)

// SearchRelationships finds one page of the project's edges matching q
// (conditions on the edge, its type and properties bag, and on its source
// and target records), oldest first unless q.Desc, each seen from its
// source, and counts all of them. The records' conditions are resolved
// against the project's declared types as a record search's are.
func (s *Store) SearchRelationships(ctx context.Context, project string, q query.RelationshipSearch) ([]Edge, int, error) {
	for _, end := range []*query.Search{&q.Source, &q.Target} {
		if err := s.resolve(ctx, project, end); err != nil {
			return nil, 0, err
		}
	}
	res, err := s.read(ctx, cypher.SearchRelationships(project, q))
	if err != nil {
		return nil, 0, err
	}
	return edgeList(res.Records)
}
