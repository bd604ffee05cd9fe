package main

import (
	"context"
	"io"
	"slices"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/schema"
)

// bench is one size's graph ready to measure: its API, sides and world.
type bench struct {
	api     *apiServer
	sides   [nSides]side
	world   *world
	indexes []string // the indexes on the seeded types
	notes   []string // what the report should say about the set-up
}

// setUp seeds or reuses the projects, serves the API, declares the types
// and waits for their indexes, and reads what the scenarios draw from.
func setUp(ctx context.Context, cfg config, store *graph.Store, progress io.Writer) (*bench, error) {
	project, err := prepare(ctx, store, cfg, progress)
	if err != nil {
		return nil, err
	}
	projects := map[string][]declaration{project.ID: seededTypes}
	ids := []string{project.ID}
	neighbour := ""
	if slices.Contains(cfg.scenarios, noisyScenario) {
		p, err := prepareNeighbour(ctx, store, cfg.reseed, progress)
		if err != nil {
			return nil, err
		}
		neighbour, projects[p.ID], ids = p.ID, neighbourTypes, append(ids, p.ID)
	}
	api, err := startAPI(ctx, cfg, ids...)
	if err != nil {
		return nil, err
	}
	b := &bench{api: api}
	if err := b.declare(ctx, store, projects, progress); err != nil {
		api.close()
		return nil, err
	}
	r := storeReader(store)
	catalogs := map[string]*schema.Catalog{}
	for _, id := range ids {
		if catalogs[id], err = loadCatalog(ctx, r, id); err != nil {
			api.close()
			return nil, err
		}
	}
	if b.world, err = loadWorld(ctx, store, project.ID, cfg.records); err == nil && slices.Contains(cfg.scenarios, filterScenario) {
		err = chooseFilterTargets(ctx, r, b.world, progress)
	}
	if err != nil {
		api.close()
		return nil, err
	}
	b.world.neighbour, b.world.noTotal = neighbour, cfg.noTotal
	b.sides = [nSides]side{newRawSide(store, project.ID, catalogs), api.client, bestSide{reader{driver: store.Driver(), db: store.Database(), side: sideNames[sideBest]}, project.ID}, api.floor}
	return b, nil
}

// declare declares the types of each project and waits until their
// indexes serve, noting what the server refused.
func (b *bench) declare(ctx context.Context, store *graph.Store, projects map[string][]declaration, progress io.Writer) error {
	for id, types := range projects {
		notes, err := declare(ctx, b.api, id, types, progress)
		if err != nil {
			return err
		}
		for _, n := range notes {
			if !slices.Contains(b.notes, n) {
				b.notes = append(b.notes, n)
			}
		}
	}
	r := storeReader(store)
	if err := settle(ctx, r); err != nil {
		return err
	}
	var err error
	b.indexes, err = typeIndexes(ctx, r)
	return err
}
