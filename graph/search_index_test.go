package graph_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
	"github.com/relgraph/relgraph/query"
	"github.com/relgraph/relgraph/schema"
)

// TestIndexedSearchPlans pins, with PROFILE on the real database, that each
// indexed operator on a declared property is answered by an index seek of
// that property's index, not by a label scan or the project index; that a
// declared property as first sort key is read in index order; that a
// related record of a declared type is found by its index; and that an open
// type is read from its label alone.
func TestIndexedSearchPlans(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := graphtest.Store()
	p := graphtest.Project(t)
	suffix := strings.ReplaceAll(p.ID[len(p.ID)-12:], "-", "")
	people, companies, tags := "pp"+suffix, "cc"+suffix, "tt"+suffix
	ct := declare(t, p.ID, companies, `{"properties": {"name": {"type": "string"}}}`)
	pt := declare(t, p.ID, people, `{"properties": {"name": {"type": "string"}, "age": {"type": "integer"},
		"bio": {"type": "string", "text": true}, "born": {"type": "datetime"},
		"employer": {"x-type-schema": {"input": "relation"}, "allowedTypeIds": ["`+companies+`"]}}}`)
	catalog := schema.NewCatalog(ct, pt)
	// Enough records that an index seek is the cheap plan on any statistics.
	runCypher(t, `UNWIND range(1, 2000) AS i
CREATE (c:Record:$($c) {__id: $p + '-c' + i, __project: $p, name: 'company ' + i})
CREATE (r:Record:$($pp) {__id: $p + '-p' + i, __project: $p, name: 'person ' + i, age: i % 90,
  bio: CASE WHEN i % 500 = 0 THEN 'graph lover' ELSE 'plain text' END, born: datetime('1990-01-01T00:00:00Z') + duration({days: i})})
CREATE (r)-[:LINK {property: 'employer', createdAt: datetime()}]->(c)
CREATE (:Record:$($t) {__id: $p + '-t' + i, __project: $p, name: 'tag ' + (i % 10)})`,
		map[string]any{"p": p.ID, "c": companies, "pp": people, "t": tags})
	sampleIndexes(t, people, companies)

	index := func(typ, prop string) string { return fmt.Sprintf("%s(__project, %s)", typ, prop) }
	tests := []struct {
		name, body string
		want       []string // substrings of the plan, in any order
		refuse     []string // operators the plan must not hold
	}{
		{"equality", `{"labels": ["` + people + `"], "where": {"name": "person 7"}}`,
			[]string{"NodeIndexSeek", index(people, "name")}, []string{"NodeByLabelScan", "Record(__project)"}},
		{"$in", `{"labels": ["` + people + `"], "where": {"name": {"$in": ["person 7", "person 8"]}}}`,
			[]string{"NodeIndexSeek", index(people, "name")}, []string{"NodeByLabelScan", "Record(__project)"}},
		{"range with orderBy and limit", `{"labels": ["` + people + `"], "where": {"age": {"$gte": 50}}, "orderBy": {"age": "asc"}, "limit": 20}`,
			[]string{"NodeIndexSeek", index(people, "age"), "PartialTop"}, []string{"NodeByLabelScan", "Sort@", "Top@"}},
		{"$startsWith", `{"labels": ["` + people + `"], "where": {"name": {"$startsWith": "person 19"}}}`,
			[]string{"NodeIndexSeek", index(people, "name")}, []string{"NodeByLabelScan"}},
		{"datetime range", `{"labels": ["` + people + `"], "where": {"born": {"$lt": "1990-01-05T00:00:00Z"}}}`,
			[]string{"NodeIndexSeek", index(people, "born")}, []string{"NodeByLabelScan"}},
		{"$contains on a text-indexed property", `{"labels": ["` + people + `"], "where": {"bio": {"$contains": "graph"}}}`,
			[]string{"NodeIndexContainsScan", "TEXT INDEX"}, []string{"NodeByLabelScan"}},
		{"$endsWith on a text-indexed property", `{"labels": ["` + people + `"], "where": {"bio": {"$endsWith": "lover"}}}`,
			[]string{"NodeIndexEndsWithScan", "TEXT INDEX"}, []string{"NodeByLabelScan"}},
		{"a declared type without condition reads its project index", `{"labels": ["` + people + `"]}`,
			[]string{"NodeIndexSeek", people + "(__project)"}, []string{"NodeByLabelScan", "Record(__project)"}},
		{"a related record of a declared type", `{"labels": ["` + people + `"], "where": {"employer": {"$some": {"name": "company 7"}}}}`,
			[]string{"NodeIndexSeek", index(companies, "name")}, []string{"NodeByLabelScan", "Record(__project)"}},
		{"a related-record condition by type", `{"labels": ["` + people + `"], "where": {"` + companies + `": {"name": "company 7"}}}`,
			[]string{"NodeIndexSeek", index(companies, "name")}, []string{"NodeByLabelScan", "Record(__project)"}},
		{"a selective own condition beside a related one", `{"labels": ["` + people + `"], "where": {"` + companies + `": {"name": {"$startsWith": "company"}}, "name": "person 7"}}`,
			[]string{"NodeIndexSeek", index(people, "name")}, []string{"NodeByLabelScan", "Record(__project)"}},
		{"an open type reads its label", `{"labels": ["` + tags + `"], "where": {"name": "tag 3"}}`,
			[]string{"NodeByLabelScan", ":" + tags}, []string{"AllNodesScan", "Record(__project)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, err := query.ParseSearch([]byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if err := q.Resolve(catalog); err != nil {
				t.Fatal(err)
			}
			for _, stmt := range []cypher.Query{cypher.SearchRecords(p.ID, q), cypher.LabelCounts(p.ID, q)} {
				plan := planText(t, stmt)
				for _, w := range tc.want {
					if stmt.Text == cypher.LabelCounts(p.ID, q).Text && w == "PartialTop" {
						continue // counts have no page
					}
					if !strings.Contains(plan, w) {
						t.Errorf("plan lacks %q:\n%s", w, plan)
					}
				}
				for _, r := range tc.refuse {
					if strings.HasSuffix(r, "@") && (stmt.Text != cypher.SearchRecords(p.ID, q).Text || !strings.Contains("\n"+strings.ReplaceAll(plan, " ", ""), "\n"+r)) {
						continue // an operator: of the search's plan only, by its exact name
					}
					if strings.Contains(plan, r) {
						t.Errorf("plan holds %q:\n%s", r, plan)
					}
				}
			}
		})
	}

	// A select reading a related record's alias, grouped or not, starts
	// from that record's index when the alias carries a condition.
	for name, body := range map[string]string{
		"select of an alias": `{"labels": ["` + people + `"], "where": {"` + companies + `": {"$alias": "$c", "name": "company 7"}},
			"select": {"name": "$record.name", "company": "$c.name"}}`,
		"groupBy an alias's property": `{"labels": ["` + people + `"], "where": {"` + companies + `": {"$alias": "$c", "name": {"$in": ["company 7", "company 8"]}}},
			"select": {"company": "$c.name", "n": {"$count": "*"}}, "groupBy": ["company"]}`,
	} {
		t.Run(name, func(t *testing.T) {
			q, err := query.ParseSearch([]byte(body))
			if err != nil {
				t.Fatal(err)
			}
			if err := q.Resolve(catalog); err != nil {
				t.Fatal(err)
			}
			plan := planText(t, cypher.SearchRows(p.ID, q))
			if !strings.Contains(plan, index(companies, "name")) || strings.Contains(plan, "NodeByLabelScan") || strings.Contains(plan, "Record(__project)") {
				t.Errorf("the aliased record is not where the search starts:\n%s", plan)
			}
		})
	}

	// The values of a declared property in value order come from its index.
	t.Run("values in value order", func(t *testing.T) {
		k := graph.PropertyKey{Type: people, Name: "age", ValueType: schema.TypeNumber}
		plan := planText(t, cypher.PropertyValuesInOrder(p.ID, k.Type, k.Name, k.ValueType, "", true, false, 0, 20))
		if !strings.Contains(plan, index(people, "age")) || strings.Contains(plan, "Sort@") || strings.Contains(plan, "NodeByLabelScan") {
			t.Errorf("values in order not from the index:\n%s", plan)
		}
		plan = planText(t, cypher.PropertyValues(p.ID, k.Type, k.Name, k.ValueType, "", true, 0, 20))
		if !strings.Contains(plan, index(people, "age")) {
			t.Errorf("values by frequency do not read the index:\n%s", plan)
		}
		vals, err := s.PropertyValuesInOrder(ctx, p.ID, k, "", false, graph.Page{Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(vals.Values, vals.Counts, vals.Min, vals.Max) != "[0 1 2] [22 23 23] 0 89" {
			t.Errorf("values in order: %v %v %v %v", vals.Values, vals.Counts, vals.Min, vals.Max)
		}
	})
}
