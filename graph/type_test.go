package graph_test

import (
	"context"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/graph/graphtest"
)

func TestMigrateLegacyTypesConvertsStoredDefinitions(t *testing.T) {
	ctx := context.Background()
	s := graphtest.Store()
	p := graphtest.Project(t)
	t.Cleanup(func() {
		runCypher(t, "MATCH (t:RecordType {project: $p}) DELETE t", map[string]any{"p": p.ID})
	})
	legacy := `{"title": "Contact", "linksConfiguration": {"enabled": true, "allowedTypeIds": ["companies"]},
		"properties": {"company": {"type": "string", "foreignId": {"typeId": "companies"}}}}`
	runCypher(t, `CREATE (:RecordType {key: $p + '/companies', project: $p, id: 'companies', definition: '{}', overrides: ''}),
  (:RecordType {key: $p + '/contacts', project: $p, id: 'contacts', definition: $d, overrides: ''})`, map[string]any{"p": p.ID, "d": legacy})

	before, err := s.Type(ctx, p.ID, "contacts")
	if err != nil || !before.Properties["company"].IsRelation() || before.Properties["links"].Origin != "override" {
		t.Fatalf("a legacy definition reads as converted even before the migration: %v %+v", err, before.Properties)
	}
	n, err := s.MigrateLegacyTypes(ctx)
	if err != nil || n < 1 {
		t.Fatalf("converted %d: %v", n, err)
	}
	rows := runCypher(t, "MATCH (t:RecordType {key: $k}) RETURN t.definition AS d, t.overrides AS o", map[string]any{"k": p.ID + "/contacts"})
	def, over := rows[0]["d"].(string), rows[0]["o"].(string)
	if strings.Contains(def, "linksConfiguration") || strings.Contains(def, "foreignId") || !strings.Contains(def, `"allowedTypeIds":["companies"]`) {
		t.Fatalf("stored definition %s", def)
	}
	if !strings.Contains(over, `"links"`) || !strings.Contains(def, `"title":"Contact"`) {
		t.Fatalf("stored overrides %s", over)
	}
	after, _ := s.Type(ctx, p.ID, "contacts")
	if after.Properties["company"].Origin != "declared" || after.Properties["links"].Origin != "override" {
		t.Fatalf("after: %+v", after.Properties)
	}
	if _, err := s.MigrateLegacyTypes(ctx); err != nil {
		t.Fatal(err)
	}
	rows = runCypher(t, "MATCH (t:RecordType {key: $k}) RETURN t.definition AS d", map[string]any{"k": p.ID + "/contacts"})
	if rows[0]["d"] != def {
		t.Fatalf("running it again changed the definition: %v", rows[0]["d"])
	}
}
