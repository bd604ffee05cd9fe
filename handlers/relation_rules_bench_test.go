package handlers_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
)

// BenchmarkAttachEnforcedVsOpen measures POST /records/{id}/relations on an
// open type and on a declared one (allowedTypeIds, maxItems and an inverse
// to check), in the same run against the same database. Each attach links
// the next of 300 targets, round and round (a repeat keeps one edge).
//
//	go test ./handlers -run '^$' -bench AttachEnforcedVsOpen -benchtime 600x
func BenchmarkAttachEnforcedVsOpen(b *testing.B) {
	h := newAPI(graphtest.Store(), testConfig)
	p := graphtest.Project(b)
	admin, _ := graphtest.Store().CreateToken(context.Background(), p.ID, graph.RoleAdmin)
	tok := admin.Secret
	create := func(typ string) string {
		r := send(b, h, "POST", "/api/v1/records", map[string]any{"label": typ, "properties": map[string]any{"name": "x"}}, tok)
		if r.Status != 201 {
			b.Fatalf("create: %d %s", r.Status, r.Raw)
		}
		return r.data()["__id"].(string)
	}
	declare := func(typ string, body any) {
		if r := send(b, h, "PUT", "/api/v1/types/"+typ, body, tok); r.Status != 201 && r.Status != 200 {
			b.Fatalf("declare: %d %s", r.Status, r.Raw)
		}
	}
	declare("staff", map[string]any{})
	declare("firms", map[string]any{"properties": map[string]any{"staff": map[string]any{"type": "array", "maxItems": 1000,
		"x-type-schema": rel, "allowedTypeIds": []string{"staff"}, "inverse": map[string]any{"type": "staff", "property": "firm"}}}})
	for _, side := range []struct{ name, source, target string }{{"open", "shops", "people"}, {"enforced", "firms", "staff"}} {
		src, targets := create(side.source), make([]string, 300)
		for i := range targets {
			targets[i] = create(side.target)
		}
		path := "/api/v1/records/" + src + "/relations"
		b.Run(side.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				r := send(b, h, "POST", path, map[string]any{"targetIds": targets[i%len(targets)], "type": "staff"}, tok)
				if r.Status != 201 {
					b.Fatal(fmt.Sprint(r.Status, r.Raw))
				}
			}
		})
	}
}
