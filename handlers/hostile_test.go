package handlers_test

import (
	"net/url"
	"testing"
)

// hostile strings: Cypher, JSON and path fragments a client might try in an
// identifier field.
var hostile = []string{
	"x` DETACH DELETE n //",
	"x}) MATCH (n) DETACH DELETE n //",
	"Record",
	"a:b",
	"a-b",
	"' OR 1=1 --",
	"$param",
	"../../etc/passwd",
	"名前",
	"x\u0000y",
	"",
}

// TestHostileIdentifiersAreRefusedOrPlainValues sends hostile strings in
// every identifier field: type labels and relation names are refused with a
// 400; property names, ids and descriptions are stored as plain values.
// Afterwards the graph holds exactly what the legitimate requests wrote.
func TestHostileIdentifiersAreRefusedOrPlainValues(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	a, b := ev.create("people", nil), ev.create("people", nil)
	for _, s := range hostile {
		if r := ev.do("POST", "/api/v1/records", map[string]any{"label": s}, ev.write); r.Status != 400 {
			t.Errorf("label %q: got %d", s, r.Status)
		}
		if s == "Record" {
			continue // a reserved label, but a fine relation name
		}
		if r := ev.do("POST", "/api/v1/records/"+a+"/relations", map[string]any{"targetIds": b, "type": s}, ev.write); s != "" && r.Status != 400 {
			t.Errorf("relation type %q: got %d", s, r.Status)
		}
		if r := ev.do("PUT", "/api/v1/records/"+a+"/relations", map[string]any{"targetIds": b, "typeOrTypes": []string{s}}, ev.write); r.Status != 400 {
			t.Errorf("typeOrTypes %q: got %d", s, r.Status)
		}
		if r := ev.do("GET", "/api/v1/records/"+a+"/relations?property="+url.QueryEscape(s), nil, ev.read); s != "" && r.Status != 400 {
			t.Errorf("?property=%q: got %d", s, r.Status)
		}
		if r := ev.do("GET", "/api/v1/records/"+url.PathEscape(s), nil, ev.read); s != "" && r.Status != 404 {
			t.Errorf("id %q: got %d", s, r.Status)
		}
		if r := ev.do("POST", "/api/v1/records/"+a+"/relations", map[string]any{"targetIds": []string{b, s}}, ev.write); r.Status != 404 && r.Status != 400 {
			t.Errorf("target id %q: got %d", s, r.Status)
		}
	}
	if r := ev.do("POST", "/api/v1/records", map[string]any{"label": "notes", "properties": map[string]any{"x\u0000y": 1}}, ev.write); r.Status != 400 {
		t.Errorf("a property name with a control character: got %d", r.Status)
	}
	stored := 0
	for _, s := range hostile {
		if s == "" || s == "x\u0000y" {
			continue
		}
		r := ev.do("POST", "/api/v1/records", map[string]any{"label": "notes", "properties": map[string]any{s: s}}, ev.write)
		if r.Status != 201 || r.data()[s] != s {
			t.Errorf("property name %q is a plain value: got %d %s", s, r.Status, r.Raw)
			continue
		}
		stored++
		ev.do("POST", "/api/v1/records/"+a+"/relations", map[string]any{"targetIds": b, "type": "notes", "description": s}, ev.write)
	}
	rows := query(t, `MATCH (r:Record {__project: $p}) WITH count(r) AS records
OPTIONAL MATCH (:Record {__project: $p})-[e:LINK]->() RETURN records, count(e) AS edges,
  size([l IN COLLECT { CALL db.labels() YIELD label RETURN label } WHERE l CONTAINS 'DELETE']) AS badLabels`,
		map[string]any{"p": ev.project.ID})
	// Two edges: an empty type is the links property, plus the notes edge.
	if rows[0]["records"].(int64) != int64(2+stored) || rows[0]["edges"].(int64) != 2 || rows[0]["badLabels"].(int64) != 0 {
		t.Fatalf("graph after hostile requests: %v (stored %d notes)", rows[0], stored)
	}
}
