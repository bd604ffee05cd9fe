package graph

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
)

// Project is a tenant: everything relgraph stores belongs to exactly one.
type Project struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"createdAt"`
}

// CreateProject creates a project with a new UUIDv7 id.
func (s *Store) CreateProject(ctx context.Context, name string) (Project, error) {
	res, err := s.write(ctx, cypher.CreateProject(newID(), name))
	if err != nil {
		return Project{}, err
	}
	return projectFrom(res.Records[0])
}

// Project finds one project; ErrNotFound when there is none.
func (s *Store) Project(ctx context.Context, id string) (Project, error) {
	res, err := s.read(ctx, cypher.GetProject(id))
	if err != nil {
		return Project{}, err
	}
	if len(res.Records) == 0 {
		return Project{}, ErrNotFound
	}
	return projectFrom(res.Records[0])
}

// ProjectByName finds the oldest project with a name; ErrNotFound when none.
func (s *Store) ProjectByName(ctx context.Context, name string) (Project, error) {
	res, err := s.read(ctx, cypher.FindProjectByName(name))
	if err != nil {
		return Project{}, err
	}
	if len(res.Records) == 0 {
		return Project{}, ErrNotFound
	}
	return projectFrom(res.Records[0])
}

// Projects pages through the projects; total counts them all.
func (s *Store) Projects(ctx context.Context, page Page) ([]Project, int, error) {
	res, err := s.read(ctx, cypher.ListProjects(page.Skip, page.Limit))
	if err != nil {
		return nil, 0, err
	}
	projects := make([]Project, 0, len(res.Records))
	total := 0
	for _, r := range res.Records {
		p, err := projectFrom(r)
		if err != nil {
			return nil, 0, err
		}
		if p.ID != "" {
			projects = append(projects, p)
		}
		if total, err = count(r, "total"); err != nil {
			return nil, 0, err
		}
	}
	if len(projects) == 0 {
		total, err = s.countProjects(ctx)
	}
	return projects, total, err
}

func (s *Store) countProjects(ctx context.Context) (int, error) {
	res, err := s.read(ctx, cypher.CountProjects())
	if err != nil {
		return 0, err
	}
	return firstCount(res.Records, "count")
}

// DeleteProject removes a project and everything it owns: its tokens stop
// working at once, then its records and edges are removed in batches, then
// its type definitions.
func (s *Store) DeleteProject(ctx context.Context, id string) error {
	res, err := s.write(ctx, cypher.DeleteProjectAccess(id))
	if err != nil {
		return err
	}
	n, err := firstCount(res.Records, "deleted")
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return s.deleteProjectData(ctx, id)
}

// deleteProjectData removes a project's records with their edges, then its
// idempotency keys (whose kept answers hold its data), in batches, then its
// type definitions.
func (s *Store) deleteProjectData(ctx context.Context, id string) error {
	for _, batch := range []func(string, int) cypher.Query{cypher.DeleteProjectDataBatch, cypher.DeleteProjectKeysBatch} {
		if err := s.deleteBatches(ctx, batch(id, 5000)); err != nil {
			return err
		}
	}
	_, err := s.write(ctx, cypher.DeleteProjectTypes(id))
	return err
}

// deleteBatches runs a statement removing up to a batch of nodes until it
// removes none.
func (s *Store) deleteBatches(ctx context.Context, q cypher.Query) error {
	for {
		res, err := s.write(ctx, q)
		if err != nil {
			return err
		}
		n, err := firstCount(res.Records, "deleted")
		if err != nil || n == 0 {
			return err
		}
	}
}

// projectFrom converts a project row; a project deleted while the row was
// read comes back with empty fields rather than failing.
func projectFrom(row *neo4j.Record) (Project, error) {
	c := columns{row: row}
	p := Project{ID: get[string](&c, "id"), Name: get[string](&c, "name"), CreatedAt: get[time.Time](&c, "createdAt")}
	return p, c.err
}

// Page selects a window of a list.
type Page struct {
	Skip, Limit int
}

// newID returns a UUIDv7: time-ordered, so ids sort by creation time.
func newID() string {
	return uuid.Must(uuid.NewV7()).String()
}
