package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/schema"
)

// declaration is a type the bench declares, as a client would, with PUT
// /api/v1/types/{id}: relgraph indexes the declared types.
type declaration struct {
	id, definition string
}

// The declarations of the seeded project and of the noisy scenario's
// neighbour. tags stays open. worksFor and the other seeded relation
// properties are not declared: the seeded edges join any two records.
var (
	seededTypes = []declaration{
		{"companies", `{"properties": {"name": {"type": "string"}}}`},
		{"people", `{"properties": {"name": {"type": "string"}, "age": {"type": "integer"}, "bio": {"type": "string", "text": true}}}`},
	}
	neighbourTypes = seededTypes[:1]
)

// textOption asks for a TEXT index on a string property. A server that
// does not know it yet refuses the declaration with a 400.
const textOption = `, "text": true`

// declare declares types in project through the API, with an admin token
// held for the time. A definition refused (400) for its text option is
// declared again without it; the note returned says so.
func declare(ctx context.Context, a *apiServer, project string, types []declaration, progress io.Writer) (notes []string, err error) {
	token, err := a.store.CreateToken(ctx, project, graph.RoleAdmin)
	if err != nil {
		return nil, fmt.Errorf("create admin token: %w", err)
	}
	defer a.store.DeleteToken(context.WithoutCancel(ctx), project, token.ID)
	admin := newHTTPSide(a.base, 1, token)
	for _, t := range types {
		put := func(definition string) error {
			return admin.request(ctx, project, http.MethodPut, admin.api+"types/"+t.id, strings.NewReader(definition), io.Discard)
		}
		err := put(t.definition)
		var refused *statusError
		if errors.As(err, &refused) && refused.status == http.StatusBadRequest && strings.Contains(t.definition, textOption) {
			notes = append(notes, fmt.Sprintf("PUT /types/%s refused the text option (%s): declared without it, so no TEXT index serves $contains",
				t.id, strings.TrimSpace(refused.body)))
			err = put(strings.ReplaceAll(t.definition, textOption, ""))
		}
		if err != nil {
			return notes, fmt.Errorf("declare %s: %w", t.id, err)
		}
		fmt.Fprintf(progress, "types: declared %s in %s\n", t.id, project)
	}
	return notes, nil
}

// settle waits for every index to be online (those the declarations
// created included), then resamples them all and empties the query
// caches, so statements are planned for the graph as it is now.
func settle(ctx context.Context, r reader) error {
	if _, err := r.read(ctx, cypher.AwaitIndexes(300)); err != nil {
		return fmt.Errorf("await indexes: %w", err)
	}
	if _, err := r.read(ctx, cypher.PrepareForReplanning()); err != nil {
		return fmt.Errorf("resample indexes: %w", err)
	}
	return nil
}

// typeIndexes describes the indexes on the seeded types' labels, such as
// "RANGE people(__project, age)", for the report.
func typeIndexes(ctx context.Context, r reader) ([]string, error) {
	res, err := r.read(ctx, cypher.LabelIndexes(append(seedTypes[:len(seedTypes):len(seedTypes)], openType)))
	if err != nil {
		return nil, fmt.Errorf("list indexes: %w", err)
	}
	var out []string
	for _, row := range res.Records {
		v := row.Values
		props := make([]string, 0, 2)
		for _, p := range v[2].([]any) {
			props = append(props, p.(string))
		}
		desc := fmt.Sprintf("%v %v(%s)", v[0], v[1], strings.Join(props, ", "))
		if v[3] != "ONLINE" {
			desc += fmt.Sprintf(" %v", v[3])
		}
		out = append(out, desc)
	}
	return out, nil
}

// loadCatalog reads the declared types of a project, as graph's catalog
// cache reads them.
func loadCatalog(ctx context.Context, r reader, project string) (*schema.Catalog, error) {
	res, err := r.read(ctx, cypher.Types(project))
	if err != nil {
		return nil, fmt.Errorf("read types: %w", err)
	}
	var types []schema.Type
	for _, row := range res.Records {
		id, _, _ := neo4j.GetRecordValue[string](row, "id")
		definition, _, _ := neo4j.GetRecordValue[string](row, "definition")
		overrides, _, _ := neo4j.GetRecordValue[string](row, "overrides")
		t, _, err := schema.StoredType(project, id, definition, overrides)
		if err != nil {
			return nil, fmt.Errorf("read type %s: %w", id, err)
		}
		types = append(types, t)
	}
	return schema.NewCatalog(types...), nil
}
