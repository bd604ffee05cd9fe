package schema

import (
	"errors"
	"reflect"
	"testing"
)

const project = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"

// declare parses a definition and declares it in cat, failing the test on
// any error.
func declare(t *testing.T, cat *Catalog, id, body string) *Catalog {
	t.Helper()
	typ, err := ParseType(project, id, []byte(body))
	if err != nil {
		t.Fatalf("parse %s: %v", id, err)
	}
	cat = cat.With(typ)
	if err := cat.Validate(id); err != nil {
		t.Fatalf("validate %s: %v", id, err)
	}
	return cat
}

// companyWorld declares employees, contacts, then companies whose
// employees property pairs with employees.employer.
func companyWorld(t *testing.T) *Catalog {
	t.Helper()
	cat := declare(t, NewCatalog(), "employees", `{"properties": {"name": {"type": "string"}}}`)
	cat = declare(t, cat, "contacts", `{}`)
	return declare(t, cat, "companies", `{"properties": {
		"name": {"type": "string", "minLength": 1},
		"employees": {"type": "array", "maxItems": 3, "x-type-schema": {"input": "relation", "view": "relation", "filter": "relation"},
			"allowedTypeIds": ["employees"], "inverse": {"type": "employees", "property": "employer"}},
		"parent": {"x-type-schema": {"input": "relation"}, "allowedTypeIds": ["companies"]}},
		"required": ["name"]}`)
}

func TestParseTypeRefusesBadDefinitionsWithAPointer(t *testing.T) {
	rel := `"x-type-schema": {"input": "relation"}`
	tests := []struct {
		name, body, wantCode, wantField string
	}{
		{"an unknown top-level option", `{"titel": "x"}`, "unknown_option", "/titel"},
		{"an unknown property option", `{"properties": {"a": {"type": "string", "minLenght": 1}}}`, "unknown_option", "/properties/a/minLenght"},
		{"an unknown widget option", `{"properties": {"a": {"x-type-schema": {"input": "relation", "colour": "red"}}}}`, "unknown_option", "/properties/a/x-type-schema/colour"},
		{"an unknown inverse option", `{"properties": {"a": {` + rel + `, "inverse": {"type": "t", "property": "p", "many": true}}}}`, "unknown_option", "/properties/a/inverse/many"},
		{"an unknown override option", `{"schemaOverrides": {"props": {}}}`, "unknown_option", "/schemaOverrides/props"},
		{"an unknown links setting", `{"linksConfiguration": {"enabled": true, "limit": 3}}`, "unknown_option", "/linksConfiguration/limit"},
		{"a relation name that is not an identifier", `{"properties": {"my links": {` + rel + `}}}`, "invalid_relation", "/properties/my links"},
		{"a scalar name reserved by relgraph", `{"properties": {"__id": {"type": "string"}}}`, "reserved_property", "/properties/__id"},
		{"a bad type id in allowedTypeIds", `{"properties": {"a": {` + rel + `, "allowedTypeIds": ["two words"]}}}`, "invalid_type", "/properties/a/allowedTypeIds/0"},
		{"a bad inverse property", `{"properties": {"a": {` + rel + `, "inverse": {"type": "t", "property": "9p"}}}}`, "invalid_relation", "/properties/a/inverse/property"},
		{"an inverse without its property", `{"properties": {"a": {` + rel + `, "inverse": {"type": "t"}}}}`, "invalid_option", "/properties/a/inverse/property"},
		{"minItems above maxItems", `{"properties": {"a": {` + rel + `, "type": "array", "minItems": 3, "maxItems": 2}}}`, "min_exceeds_max", "/properties/a/minItems"},
		{"minItems on a single relation", `{"properties": {"a": {` + rel + `, "minItems": 1}}}`, "invalid_option", "/properties/a/minItems"},
		{"a negative maxItems", `{"properties": {"a": {` + rel + `, "type": "array", "maxItems": -1}}}`, "invalid_option", "/properties/a/maxItems"},
		{"a relation of type string", `{"properties": {"a": {` + rel + `, "type": "string"}}}`, "invalid_option", "/properties/a/type"},
		{"mixed widgets", `{"properties": {"a": {"x-type-schema": {"input": "relation", "view": "text"}}}}`, "invalid_option", "/properties/a/x-type-schema/view"},
		{"a full tenant name in allowedTypeIds", `{"properties": {"a": {` + rel + `, "allowedTypeIds": ["tenant-` + project + `-companies"]}}}`, "tenant_name", "/properties/a/allowedTypeIds/0"},
		{"a type listed twice", `{"properties": {"a": {` + rel + `, "allowedTypeIds": ["x", "x"]}}}`, "duplicate_type", "/properties/a/allowedTypeIds/1"},
		{"allowedTypeIds on a scalar", `{"properties": {"a": {"type": "string", "allowedTypeIds": ["x"]}}}`, "relation_option", "/properties/a/allowedTypeIds"},
		{"minLength on a number", `{"properties": {"a": {"type": "number", "minLength": 1}}}`, "invalid_option", "/properties/a/minLength"},
		{"maxLength on a relation", `{"properties": {"a": {` + rel + `, "maxLength": 1}}}`, "invalid_option", "/properties/a/maxLength"},
		{"an unknown scalar type", `{"properties": {"a": {"type": "blob"}}}`, "invalid_option", "/properties/a/type"},
		{"an unknown onDelete", `{"properties": {"a": {` + rel + `, "onDelete": "explode"}}}`, "invalid_option", "/properties/a/onDelete"},
		{"required naming no property", `{"properties": {"a": {"type": "string"}}, "required": ["b"]}`, "undeclared_property", "/required/0"},
		{"descriptions of another project", `{"properties": {"a": {` + rel + `, "descriptions": {"tenant-other-x": [{"en": "A"}]}}}}`, "foreign_tenant", "/properties/a/descriptions/tenant-other-x"},
		{"descriptions given bare and full", `{"properties": {"a": {` + rel + `, "descriptions": {"x": [{"en": "A"}], "tenant-` + project + `-x": [{"en": "B"}]}}}}`,
			"duplicate_type", "/properties/a/descriptions/x"},
		{"a description that is not a translation", `{"properties": {"a": {` + rel + `, "descriptions": {"x": ["Owner"]}}}}`, "invalid_option", "/properties/a/descriptions/x/0"},
		{"descriptions for a type the property cannot link", `{"properties": {"a": {` + rel + `, "allowedTypeIds": ["x"], "descriptions": {"y": [{"en": "A"}]}}}}`,
			"description_type_not_allowed", "/properties/a/descriptions/y"},
		{"a foreignId beside allowedTypeIds", `{"properties": {"a": {"allowedTypeIds": ["x"], "foreignId": {"typeId": "y"}}}}`, "invalid_option", "/properties/a/foreignId"},
		{"a foreignId without typeId", `{"properties": {"a": {"type": "string", "foreignId": {}}}}`, "invalid_option", "/properties/a/foreignId/typeId"},
		{"a body that is not an object", `[1]`, "invalid_json", "/"},
		{"a body that is not JSON", `{`, "invalid_json", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseType(project, "things", []byte(tc.body))
			assertRule(t, err, tc.wantCode, tc.wantField, false)
		})
	}
}

func assertRule(t *testing.T, err error, code, field string, violation bool) {
	t.Helper()
	var rule *Error
	if !errors.As(err, &rule) {
		t.Fatalf("got %v, want a *schema.Error %s at %q", err, code, field)
	}
	if rule.Code != code || rule.Field != field || rule.Violation != violation {
		t.Fatalf("got %s at %q (violation %v): %s; want %s at %q (violation %v)", rule.Code, rule.Field, rule.Violation, rule.Message, code, field, violation)
	}
}

func TestValidateChecksTypesAgainstEachOther(t *testing.T) {
	rel := `"x-type-schema": {"input": "relation"}`
	tests := []struct {
		name, id, body, wantCode, wantField string
	}{
		{"allowedTypeIds naming an undeclared type", "things", `{"properties": {"a": {` + rel + `, "allowedTypeIds": ["ghosts"]}}}`, "undeclared_type", "/properties/a/allowedTypeIds/0"},
		{"an inverse to an undeclared type", "things", `{"properties": {"a": {` + rel + `, "inverse": {"type": "ghosts", "property": "b"}}}}`, "undeclared_type", "/properties/a/inverse/type"},
		{"an inverse to itself", "things", `{"properties": {"a": {` + rel + `, "inverse": {"type": "things", "property": "a"}}}}`, "inverse_self", "/properties/a/inverse"},
		{"an inverse type outside allowedTypeIds", "things", `{"properties": {"a": {` + rel + `, "allowedTypeIds": ["contacts"], "inverse": {"type": "employees", "property": "b"}}}}`,
			"inverse_mismatch", "/properties/a/inverse/type"},
		{"an inverse onto a scalar property", "things", `{"properties": {"a": {` + rel + `, "inverse": {"type": "employees", "property": "name"}}}}`, "inverse_conflict", "/properties/a/inverse/property"},
		{"an inverse onto a property already mirrored", "things", `{"properties": {"a": {` + rel + `, "inverse": {"type": "employees", "property": "employer"}}}}`,
			"inverse_conflict", "/properties/a/inverse/property"},
		{"the mirrored side redeclared as a scalar", "employees", `{"properties": {"employer": {"type": "string"}}}`, "inverse_conflict", "/properties/employer"},
		{"the mirrored side paired with something else", "employees", `{"properties": {"employer": {` + rel + `, "inverse": {"type": "contacts", "property": "staff"}}}}`,
			"inverse_mismatch", "/properties/employer/inverse"},
		{"the mirrored side not allowing the declaring type", "employees", `{"properties": {"employer": {` + rel + `, "allowedTypeIds": ["contacts"]}}}`,
			"inverse_mismatch", "/properties/employer/allowedTypeIds"},
		{"the mirrored side taken by the links override", "employees", `{"schemaOverrides": {"properties": {"employer": {` + rel + `}}}}`,
			"inverse_conflict", "/schemaOverrides/properties/employer"},
		{"an inverse onto a property paired elsewhere", "contacts", `{"properties": {"p": {` + rel + `, "inverse": {"type": "companies", "property": "parent"}}}}`,
			"inverse_mismatch", "/properties/p/inverse/property"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cat := companyWorld(t)
			typ, err := ParseType(project, tc.id, []byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			assertRule(t, cat.With(typ).Validate(tc.id), tc.wantCode, tc.wantField, false)
		})
	}
}

func TestAgreeingPairsAreAccepted(t *testing.T) {
	cat := companyWorld(t)
	for _, body := range []string{
		`{"properties": {"employer": {"x-type-schema": {"input": "relation"}, "allowedTypeIds": ["companies"]}}}`,
		`{"properties": {"employer": {"x-type-schema": {"input": "relation"}, "inverse": {"type": "companies", "property": "employees"}}}}`,
	} {
		declare(t, cat, "employees", body)
	}
}

func TestEffectiveSchemaMarksOrigins(t *testing.T) {
	cat := companyWorld(t)
	links, _ := ParseLinks(project, []byte(`{"enabled": true, "allowedTypeIds": ["contacts"]}`))
	companies, _ := cat.Type("companies")
	companies.ApplyLinks(links)
	cat = cat.With(companies)
	tests := []struct {
		typ, property, wantOrigin string
		wantInverse               *Inverse
	}{
		{"companies", "name", OriginDeclared, nil},
		{"companies", "employees", OriginDeclared, &Inverse{"employees", "employer"}},
		{"companies", "links", OriginOverride, nil},
		{"employees", "employer", OriginInverse, &Inverse{"companies", "employees"}},
		{"employees", "name", OriginDeclared, nil},
	}
	for _, tc := range tests {
		e, _ := cat.Effective(tc.typ)
		p, ok := e.Properties[tc.property]
		if !ok || p.Origin != tc.wantOrigin || !reflect.DeepEqual(p.Inverse, tc.wantInverse) {
			t.Errorf("%s.%s = %+v (present %v), want origin %s inverse %v", tc.typ, tc.property, p, ok, tc.wantOrigin, tc.wantInverse)
		}
	}
	if e, _ := cat.Effective("contacts"); len(e.Properties) != 0 {
		t.Errorf("contacts gains nothing without an inverse: %v", e.Properties)
	}
	mirror, _ := cat.Property("employees", "employer")
	if !reflect.DeepEqual(mirror.AllowedTypeIDs, []string{"companies"}) || !mirror.IsRelation() {
		t.Errorf("the mirrored property links back to companies only: %+v", mirror)
	}
}

func TestSlotsStoreAPairOnceFromTheDeclaringSide(t *testing.T) {
	cat := companyWorld(t)
	declared, _ := cat.Slot("companies", "employees")
	mirror, _ := cat.Slot("employees", "employer")
	if declared.Incoming || declared.Tag != "employees" || declared.Max != 3 {
		t.Errorf("declaring side: %+v", declared)
	}
	if !mirror.Incoming || mirror.Tag != "employees" || !mirror.Many || !reflect.DeepEqual(mirror.Others, []string{"companies"}) {
		t.Errorf("mirrored side: %+v", mirror)
	}
	cat = declare(t, cat, "employees", `{"properties": {"employer": {"x-type-schema": {"input": "relation"}, "allowedTypeIds": ["companies"], "onDelete": "restrict"}}}`)
	single, _ := cat.Slot("employees", "employer")
	if !single.Incoming || single.Many || single.Max != 1 || single.OnDelete != OnDeleteRestrict {
		t.Errorf("a declared inverse side keeps its own cardinality and rules: %+v", single)
	}
	e, _ := cat.Effective("employees")
	if e.Properties["employer"].Origin != OriginDeclared {
		t.Errorf("a declared inverse side is declared: %+v", e.Properties["employer"])
	}
}

func TestDescriptionsAreNormalisedAndKeptWhole(t *testing.T) {
	typ, err := ParseType(project, "contacts", []byte(`{"properties": {"company": {"x-type-schema": {"input": "relation"},
		"descriptions": {"tenant-`+project+`-companies": [{"en": "Owner", "de": "Eigentümer"}], "people": [{"en": "Agent"}]}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]Translation{"companies": {{"en": "Owner", "de": "Eigentümer"}}, "people": {{"en": "Agent"}}}
	if got := typ.Properties["company"].Descriptions; !reflect.DeepEqual(got, want) {
		t.Fatalf("descriptions %v, want %v", got, want)
	}
}

func TestLegacyFormsAreConverted(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		check func(t *testing.T, typ Type)
	}{
		{"linksConfiguration becomes the links override", `{"linksConfiguration": {"enabled": true, "allowedTypeIds": ["contacts"], "descriptions": {"contacts": [{"en": "Friend"}]}}}`,
			func(t *testing.T, typ Type) {
				want := LinksRelationProperty([]string{"contacts"}, map[string][]Translation{"contacts": {{"en": "Friend"}}})
				if !reflect.DeepEqual(typ.Overrides[LinksProperty], want) {
					t.Fatalf("overrides %+v", typ.Overrides)
				}
			}},
		{"a disabled linksConfiguration gives no links property", `{"linksConfiguration": {"enabled": false}}`,
			func(t *testing.T, typ Type) {
				if _, ok := typ.Overrides[LinksProperty]; ok || typ.Overrides == nil {
					t.Fatalf("overrides %+v", typ.Overrides)
				}
			}},
		{"a foreignId property becomes a single relation", `{"properties": {"company": {"type": "string", "title": "Company", "foreignId": {"typeId": "companies"}}}}`,
			func(t *testing.T, typ Type) {
				p := typ.Properties["company"]
				if !p.IsRelation() || p.Many() || !reflect.DeepEqual(p.AllowedTypeIDs, []string{"companies"}) || p.Title != "Company" {
					t.Fatalf("property %+v", p)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			typ, err := ParseType(project, "people", []byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, typ)
			def, over := typ.Stored()
			back, legacy, err := StoredType(project, "people", def, over)
			if err != nil || legacy || !reflect.DeepEqual(back.Properties, typ.Properties) {
				t.Fatalf("the converted form is stored without legacy fields: %v %v %+v", err, legacy, back)
			}
		})
	}
	t.Run("a stored legacy definition is converted when read", func(t *testing.T) {
		typ, legacy, err := StoredType(project, "people", `{"linksConfiguration": {"enabled": true}, "properties": {"c": {"foreignId": {"typeId": "companies"}}}}`, "")
		if err != nil || !legacy || typ.Overrides[LinksProperty].Type != TypeArray || !typ.Properties["c"].IsRelation() {
			t.Fatalf("%v %v %+v", err, legacy, typ)
		}
	})
}
