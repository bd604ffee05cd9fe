package graph

import (
	"testing"
	"time"

	"github.com/relgraph/relgraph/schema"
)

// TestCatalogCache checks the rules of the reads' shared catalogs on the
// cache alone; TestReadsSeeTypeChanges checks them through the store.
func TestCatalogCache(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cat := schema.NewCatalog()
	tests := []struct {
		name  string
		steps func(c *catalogCache) // what happens before the read at t0 + at
		at    time.Duration
		want  bool // the read finds cat
	}{
		{"an empty cache has nothing", func(c *catalogCache) {}, 0, false},
		{"a catalog read is used until the ttl passes", func(c *catalogCache) {
			_, gen, _ := c.get("p", t0)
			c.put("p", cat, gen, t0)
		}, catalogTTL - time.Nanosecond, true},
		{"the ttl counts from when the read started", func(c *catalogCache) {
			_, gen, _ := c.get("p", t0)
			c.put("p", cat, gen, t0)
		}, catalogTTL, false},
		{"another project's catalog is not used", func(c *catalogCache) {
			_, gen, _ := c.get("q", t0)
			c.put("q", cat, gen, t0)
		}, 0, false},
		{"a change forgets the project's catalog", func(c *catalogCache) {
			_, gen, _ := c.get("p", t0)
			c.put("p", cat, gen, t0)
			c.changed("p", time.Time{})
		}, 0, false},
		{"a read that raced with a change is not cached", func(c *catalogCache) {
			_, gen, _ := c.get("p", t0)
			c.changed("p", time.Time{})
			c.put("p", cat, gen, t0)
		}, 0, false},
		{"a project a client transaction changed is not cached while it may commit", func(c *catalogCache) {
			c.changed("p", t0.Add(time.Minute))
			_, gen, _ := c.get("p", t0)
			c.put("p", cat, gen, t0)
		}, 0, false},
		{"it is cached again once the transaction can no longer commit", func(c *catalogCache) {
			c.changed("p", t0.Add(time.Minute))
			_, gen, _ := c.get("p", t0.Add(time.Minute))
			c.put("p", cat, gen, t0.Add(time.Minute))
		}, time.Minute, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var c catalogCache
			tc.steps(&c)
			got, _, ok := c.get("p", t0.Add(tc.at))
			if ok != tc.want || ok && got != cat {
				t.Fatalf("found %v, want %v", ok, tc.want)
			}
		})
	}
}
