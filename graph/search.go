package graph

import (
	"context"
	"errors"

	"github.com/relgraph/relgraph/cypher"
)

// ErrEmptyWhere: a delete by query was asked without a condition, which
// would remove the whole project.
var ErrEmptyWhere = errors.New("graph: refusing to delete by a query without a condition")

// Search finds one page of a project's records matching q and counts all
// that match; paging over every page returns exactly total records. With
// q.RelatedTo set, only records linked to that record (either direction) are
// searched, and ErrNotFound says the project has no such record.
func (s *Store) Search(ctx context.Context, project string, q cypher.Search) ([]Record, int, error) {
	res, err := s.read(ctx, cypher.SearchRecords(project, q))
	if err != nil {
		return nil, 0, err
	}
	if len(res.Records) == 0 {
		return nil, 0, ErrNotFound
	}
	records := make([]Record, 0, len(res.Records))
	total := int(res.Records[0].Values[0].(int64))
	for _, row := range res.Records {
		if row.Values[1] != nil {
			records = append(records, recordFrom(row.Values[1]))
		}
	}
	return records, total, nil
}

// DeleteWhere removes every record of a project matching q (only the page of
// q when q.Paged), with all their edges, in one transaction, and says how
// many it removed. ErrEmptyWhere when q has no condition.
func (s *Store) DeleteWhere(ctx context.Context, project string, q cypher.Search) (int, error) {
	if q.Where == nil {
		return 0, ErrEmptyWhere
	}
	res, err := s.write(ctx, cypher.DeleteWhere(project, q))
	if err != nil {
		return 0, err
	}
	return int(res.Records[0].Values[0].(int64)), nil
}

// LabelCounts counts a project's records matching q, per type. Types without
// a match are absent.
func (s *Store) LabelCounts(ctx context.Context, project string, q cypher.Search) (map[string]int, error) {
	res, err := s.read(ctx, cypher.LabelCounts(project, q))
	if err != nil {
		return nil, err
	}
	counts := make(map[string]int, len(res.Records))
	for _, row := range res.Records {
		typ, _ := row.Values[0].(string)
		counts[typ] = int(row.Values[1].(int64))
	}
	return counts, nil
}

// SearchRelations finds one page of the edges whose source record matches q,
// oldest first, each seen from its source (direction "out"), and counts all
// of them.
func (s *Store) SearchRelations(ctx context.Context, project string, q cypher.Search) ([]Edge, int, error) {
	res, err := s.read(ctx, cypher.SearchRelations(project, q))
	if err != nil {
		return nil, 0, err
	}
	edges := make([]Edge, 0, len(res.Records))
	total := int(res.Records[0].Values[0].(int64))
	for _, row := range res.Records {
		if row.Values[1] != nil {
			edges = append(edges, edgeFrom(row.Values))
		}
	}
	return edges, total, nil
}
