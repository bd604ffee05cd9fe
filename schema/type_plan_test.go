package schema

import (
	"reflect"
	"testing"
)

func TestPlanAttachAppliesTheRules(t *testing.T) {
	cat := companyWorld(t)
	cat = declare(t, cat, "employees", `{"properties": {"name": {"type": "string"}, "employer": {"x-type-schema": {"input": "relation"}, "allowedTypeIds": ["companies"]}}}`)
	acme, e1, e2, ct, note := End{"acme", "companies"}, End{"e1", "employees"}, End{"e2", "employees"}, End{"ct", "contacts"}, End{"n", "notes"}
	tests := []struct {
		name      string
		src       End
		targets   []End
		property  string
		incoming  bool
		wantCode  string
		wantEdges []Edge
		wantField string // when not the property
	}{
		{"an open type takes any property", note, []End{acme}, "whatever", false, "", []Edge{{note, acme, "whatever"}}, ""},
		{"an undeclared property of a declared type is refused", acme, []End{e1}, "staff", false, "undeclared_relation", nil, ""},
		{"a scalar property is not a relation", acme, []End{e1}, "name", false, "not_a_relation", nil, ""},
		{"a target of a type not allowed is refused", acme, []End{ct}, "employees", false, "type_not_allowed", nil, ""},
		{"the declaring side stores its edge", acme, []End{e1, e2}, "employees", false, "", []Edge{{acme, e1, "employees"}, {acme, e2, "employees"}}, ""},
		{"the mirrored side stores the same edge", e1, []End{acme}, "employer", false, "", []Edge{{acme, e1, "employees"}}, ""},
		{"incoming names the target's property", acme, []End{e1}, "employer", true, "", []Edge{{acme, e1, "employees"}}, ""},
		{"two targets of a single property are refused", e1, []End{acme, {"other", "companies"}}, "employer", false, "single_value", nil, ""},
		{"two companies cannot take one employee at once", e1, []End{acme, {"other", "companies"}}, "employees", true, "single_value", nil, "employer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := cat.PlanAttach(tc.src, tc.targets, tc.property, tc.incoming)
			if tc.wantCode != "" {
				field := tc.property
				if tc.wantField != "" {
					field = tc.wantField
				}
				assertRule(t, err, tc.wantCode, field, true)
				return
			}
			if err != nil || !reflect.DeepEqual(p.Edges, tc.wantEdges) {
				t.Fatalf("edges %v (%v), want %v", p, err, tc.wantEdges)
			}
		})
	}
	t.Run("a single inverse clears the employee's old employer", func(t *testing.T) {
		p, _ := cat.PlanAttach(acme, []End{e1}, "employees", false)
		if len(p.Clears) != 1 || p.Clears[0].Record != "e1" || !reflect.DeepEqual(p.Clears[0].Keep, []string{"acme"}) {
			t.Fatalf("clears %+v", p.Clears)
		}
		if len(p.Checks) != 1 || p.Checks[0].Record != "acme" {
			t.Fatalf("checks %+v: acme's maxItems must be counted", p.Checks)
		}
	})
}

func TestUnlinksTranslateMirroredProperties(t *testing.T) {
	cat := companyWorld(t)
	acme, e1 := End{"acme", "companies"}, End{"e1", "employees"}
	got := cat.Unlinks(e1, []End{acme}, []string{"employer"}, true, true)
	want := []Edge{{acme, e1, "employees"}, {acme, e1, "employer"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("unlinks %v, want %v", got, want)
	}
}

func TestCheckValuesAppliesScalarRules(t *testing.T) {
	cat := companyWorld(t)
	tests := []struct {
		name     string
		values   map[string]any
		whole    bool
		wantCode string
	}{
		{"a valid name", map[string]any{"name": "Acme"}, true, ""},
		{"a missing required name on create", map[string]any{}, true, "required"},
		{"a missing name is fine on a merge", map[string]any{}, false, ""},
		{"a null required name", map[string]any{"name": nil}, false, "required"},
		{"a name of the wrong type", map[string]any{"name": int64(3)}, true, "value_type"},
		{"a name too short", map[string]any{"name": ""}, true, "min_length"},
		{"undeclared properties are free", map[string]any{"name": "A", "extra": true}, true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := cat.CheckValues("companies", tc.values, tc.whole)
			if tc.wantCode == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			assertRule(t, err, tc.wantCode, "name", true)
		})
	}
}
