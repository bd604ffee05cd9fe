package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/schema"
)

// openStore connects to Neo4j and brings its layout up to date, waiting up
// to a minute for a database that is still starting.
func openStore(ctx context.Context, opts graph.Options) (*graph.Store, error) {
	return graph.OpenMigrated(ctx, opts, time.Minute)
}

// storeReader reads through the store's driver and database.
func storeReader(store *graph.Store) reader {
	return reader{driver: store.Driver(), db: store.Database(), side: "bench"}
}

// serverVersion names the Neo4j server, such as "5.26.0 community".
func serverVersion(ctx context.Context, store *graph.Store) (string, error) {
	res, err := storeReader(store).read(ctx, cypher.ServerVersion())
	if err != nil {
		return "", fmt.Errorf("neo4j version: %w", err)
	}
	if len(res.Records) == 0 {
		return "unknown", nil
	}
	v := res.Records[0].Values
	return fmt.Sprintf("%v %v", v[0], v[1]), nil
}

// reader runs statements routed to readers, as graph.Store reads: auto-commit
// transactions (graph.AutoRead), so that raw and best pay what relgraph pays
// per read and the ratios compare statements and the HTTP layer.
type reader struct {
	driver neo4j.DriverWithContext
	db     string
	side   string // the side's name, for errors
}

func (r reader) read(ctx context.Context, q cypher.Query) (*neo4j.EagerResult, error) {
	return graph.AutoRead(ctx, r.driver, r.db, q)
}

// dbHits runs q once under PROFILE and adds up the database hits of its
// plan's operators.
func (r reader) dbHits(ctx context.Context, q cypher.Query) (int64, error) {
	res, err := r.read(ctx, cypher.Query{Text: "PROFILE " + q.Text, Params: q.Params})
	if err != nil {
		return 0, err
	}
	var sum func(p neo4j.ProfiledPlan) int64
	sum = func(p neo4j.ProfiledPlan) int64 {
		if p == nil {
			return 0
		}
		n := p.DbHits()
		for _, c := range p.Children() {
			n += sum(c)
		}
		return n
	}
	return sum(res.Summary.Profile()), nil
}

// rawSide runs the Cypher of each route straight through the driver, with
// the driver API the store uses for it: what relgraph would cost with no
// HTTP, routing, JSON or middleware around it.
type rawSide struct {
	reader
	project string // the seeded project, of the scenarios that name no other
	// catalogs are the declared types of each project searched, read once
	// after the bench declared them: what graph's catalog cache holds.
	catalogs map[string]*schema.Catalog
}

func newRawSide(store *graph.Store, project string, catalogs map[string]*schema.Catalog) *rawSide {
	return &rawSide{reader: reader{driver: store.Driver(), db: store.Database(), side: sideNames[sideRaw]},
		project: project, catalogs: catalogs}
}

func (*rawSide) name() string { return sideNames[sideRaw] }

// errMissingEnd: an attach named a record the project does not have.
var errMissingEnd = errors.New("raw: attach end not found")

// attach runs what graph.Store.Attach runs for an open type, in one managed
// write transaction: cypher.LinkEnds (the ends, their types and the
// project's declared types), then cypher.MergeEdges.
func (r *rawSide) attach(ctx context.Context, source, target string) error {
	session := r.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: r.db, AccessMode: neo4j.AccessModeWrite})
	defer session.Close(context.WithoutCancel(ctx))
	targets := []string{target}
	_, err := neo4j.ExecuteWrite(ctx, session, func(tx neo4j.ManagedTransaction) (bool, error) {
		rows, err := collect(ctx, tx, cypher.LinkEnds(r.project, source, targets))
		if err != nil {
			return false, err
		}
		found, _, _ := neo4j.GetRecordValue[bool](rows[0], "found")
		ends, _, _ := neo4j.GetRecordValue[[]any](rows[0], "targets")
		if !found || len(ends) != len(targets) {
			return false, errMissingEnd
		}
		edges := []map[string]any{{"from": source, "to": target, "property": benchProperty}}
		_, err = collect(ctx, tx, cypher.MergeEdges(r.project, edges, nil))
		return true, err
	})
	return err
}

func collect(ctx context.Context, tx neo4j.ManagedTransaction, q cypher.Query) ([]*neo4j.Record, error) {
	res, err := tx.Run(ctx, q.Text, q.Params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// relations runs the first page of cypher.Relations routed to readers, as
// graph.Store.Relations does, and decodes every row.
func (r *rawSide) relations(ctx context.Context, id string, d cypher.Direction) error {
	res, err := r.read(ctx, cypher.Relations(r.project, id, "", d, 0, pageSize))
	if err != nil {
		return err
	}
	if len(res.Records) == 0 {
		return fmt.Errorf("raw: record %s not found", id)
	}
	edges := make([]edge, 0, len(res.Records))
	for _, row := range res.Records {
		if e := edgeFrom(row); e.property != "" {
			edges = append(edges, e)
		}
	}
	if total, _, _ := neo4j.GetRecordValue[int64](res.Records[0], "total"); int(total) < len(edges) {
		return fmt.Errorf("raw: record %s: total %d below %d rows", id, total, len(edges))
	}
	return nil
}

// edge is roughly what graph.Store.Relations decodes of one row.
type edge struct {
	property, description, other, otherType, title, self, selfType string
	outgoing                                                       bool
	createdAt                                                      time.Time
}

// edgeFrom reads a row by column name, as graph does; a null property
// (the row only carries the total) reads as an edge without one.
func edgeFrom(row *neo4j.Record) edge {
	var e edge
	e.property, _, _ = neo4j.GetRecordValue[string](row, "property")
	e.description, _, _ = neo4j.GetRecordValue[string](row, "description")
	e.createdAt, _, _ = neo4j.GetRecordValue[time.Time](row, "createdAt")
	e.outgoing, _, _ = neo4j.GetRecordValue[bool](row, "outgoing")
	e.other, _, _ = neo4j.GetRecordValue[string](row, "otherId")
	e.otherType, _, _ = neo4j.GetRecordValue[string](row, "otherType")
	title, _ := row.Get("title")
	e.title = fmt.Sprint(title)
	e.self, _, _ = neo4j.GetRecordValue[string](row, "selfId")
	e.selfType, _, _ = neo4j.GetRecordValue[string](row, "selfType")
	return e
}
