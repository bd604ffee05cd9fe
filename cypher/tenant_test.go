package cypher

import (
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/query"
)

// Every record node a statement matches by a label is filtered by project
// (inProject, recordByID, or an inline __project: $project), and every
// record it creates is given the project. Records reached through edges
// need no filter: edges are only written between records of one project.
// The test renders every builder of the package, found in its source so a
// new builder cannot be forgotten, and every golden statement.
func TestEveryStatementFiltersByProject(t *testing.T) {
	const p = "01900000-0000-7000-8000-00000000000f"
	ids := []string{"01900000-0000-7000-8000-000000000001", "01900000-0000-7000-8000-000000000002"}
	rows := []map[string]any{{"id": ids[0], "from": ids[0], "to": ids[1], "property": "knows", "type": "people"}}
	desc := "d"
	join := KeyJoin{Source: "orders", SourceKey: "customer", Target: "customers", TargetKey: "code", SourceIDs: ids[:1], TargetIDs: ids[1:]}
	search := func(body string) query.Search {
		s, err := query.ParseSearch([]byte(body))
		if err != nil {
			t.Fatalf("parse %s: %v", body, err)
		}
		return s
	}
	declCat, viaCat := declaredCatalog(t), viaCatalog(t)
	searches := func(compile func(string, query.Search) Query) []Query {
		var out []Query
		for _, body := range []string{
			`{"where": {"age": {"$gt": 30}}}`,
			`{"labels": ["people"], "where": {"name": "Ada"}, "orderBy": {"age": "asc"}}`,
			`{"labels": ["employees"], "where": {"employer": {"name": "Acme"}}}`,
			`{"where": {"$id": {"$in": ["01900000-0000-7000-8000-000000000002"]}}}`,
			`{"labels": ["people"], "where": {"companies": {"$alias": "$c", "name": "Acme"}}, "select": {"c": "$c.name"}}`,
		} {
			s := search(body)
			cat := declCat
			if strings.Contains(body, "employer") {
				cat = viaCat
			}
			if err := s.Resolve(cat); err != nil {
				t.Fatalf("resolve %s: %v", body, err)
			}
			out = append(out, compile(p, s))
			s.RelatedTo = ids[0]
			out = append(out, compile(p, s))
		}
		return out
	}
	one := func(q Query) []Query { return []Query{q} }
	rel, err := query.ParseRelationshipSearch([]byte(`{"source": {"labels": ["people"]}, "target": {"where": {"name": "Acme"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	builders := map[string][]Query{
		"Ping": one(Ping()),
		// Records.
		"CreateRecord":   one(CreateRecord(p, ids[0], "people", map[string]any{"name": "Ada"}, nil)),
		"GetRecord":      one(GetRecord(p, ids[0])),
		"GetRecords":     one(GetRecords(p, ids)),
		"UpdateRecord":   one(UpdateRecord(p, ids[0], map[string]any{"name": "Ada"}, nil)),
		"ReplaceRecord":  one(ReplaceRecord(p, ids[0], map[string]any{"name": "Ada"}, nil)),
		"DeleteRecord":   one(DeleteRecord(p, ids[0])),
		"DeleteRecords":  one(DeleteRecords(p, ids)),
		"RecordEdges":    one(RecordEdges(p, ids, []string{"knows"})),
		"MatchByKeys":    one(MatchByKeys(p, "people", []string{"email", "team name"}, []any{"a@b", "x"})),
		"RecordsByKeys":  one(RecordsByKeys(p, "people", []string{"email"}, []any{"a@b"})),
		"UpdateRecords":  one(UpdateRecords(p, rows)),
		"ReplaceRecords": one(ReplaceRecords(p, rows)),
		"ImportRecords":  one(ImportRecords(p, rows, rows)),
		"ImportEdges":    one(ImportEdges(p, rows)),
		"DescribeEdges":  one(DescribeEdges(p, rows)),
		"SetTitleParts":  one(SetTitleParts(p, "people", []string{"name"})),
		// Searches.
		"SearchRecords": searches(SearchRecords),
		"SearchRows":    searches(SearchRows),
		"SearchIDs":     searches(SearchIDs),
		"DeleteWhere":   searches(DeleteWhere),
		"LabelCounts":   searches(LabelCounts),
		"ExportRows":    searches(ExportRows),
		"ExportSlice": searches(func(project string, s query.Search) Query {
			return ExportSlice(project, s, 100)
		}),
		"SearchRelationships": one(SearchRelationships(p, rel)),
		"Properties":          searches(Properties),
		// Properties.
		"PropertyCount":         one(PropertyCount(p, "people", "name", "string")),
		"PropertyValues":        {PropertyValues(p, "people", "name", "string", "A", true, 0, 10), PropertyValues(p, "people", "name", "string", "", false, 0, 10)},
		"PropertyValuesInOrder": {PropertyValuesInOrder(p, "people", "name", "string", "A", true, true, 0, 10), PropertyValuesInOrder(p, "people", "name", "string", "", false, false, 0, 10)},
		"PropertyRange":         one(PropertyRange(p, "people", "age", "number")),
		"DeleteProperty":        one(DeleteProperty(p, "people", "name", "string")),
		// Relations.
		"MissingEnds":     one(MissingEnds(p, ids[0], ids[1:])),
		"Attach":          {Attach(p, ids[0], ids[1:], "knows", Out, &desc), Attach(p, ids[0], ids[1:], "knows", In, nil)},
		"Relations":       {Relations(p, ids[0], "", Both, 0, 10), Relations(p, ids[0], "knows", Out, 0, 10)},
		"RelationsByType": one(RelationsByType(p, ids[0], "knows", Both, map[string]any{"people": "knows"}, 0, 10)),
		"LinkByKeys":      one(LinkByKeys(p, join, "customer", Out, nil)),
		"LinkAll":         one(LinkAll(p, ids[:1], ids[1:], "knows", Out, nil)),
		"UnlinkByKeys":    one(UnlinkByKeys(p, join, "customer", In)),
		"UnlinkAll":       one(UnlinkAll(p, ids[:1], ids[1:], "knows", Out)),
		"PairsByKeys":     one(PairsByKeys(p, join, 10)),
		"LinkEnds":        one(LinkEnds(p, ids[0], ids[1:])),
		"RecordsAndTypes": one(RecordsAndTypes(p, ids)),
		"LockRecords":     one(LockRecords(p, ids)),
		"ApplyPlan":       one(ApplyPlan(p, ids, rows, rows, rows, &desc)),
		"ApplyPlanWith":   one(ApplyPlanWith(p, ids, rows, rows, rows, EdgeFields{Properties: map[string]any{"since": 2020}})),
		"LockAndCount":    one(LockAndCount(p, rows)),
		"MergeEdges":      one(MergeEdges(p, rows, &desc)),
		"MergeEdgesWith":  one(MergeEdgesWith(p, rows, EdgeFields{})),
		"DeleteEdges":     one(DeleteEdges(p, rows)),
		// Views.
		"RelationCounts": one(RelationCounts(p, ids[0])),
		"Linked":         {Linked(p, "people", ids[0], "knows", Out, 0, 10), Linked(p, "people", ids[0], "knows", In, 0, 10)},
		"Backlinks":      one(Backlinks(p, ids[0], 0, 10)),
		"BacklinkGroups": one(BacklinkGroups(p, ids[0], 0, 10)),
		"Candidates":     {Candidates(p, nil, "Ac", 10), Candidates(p, []string{"companies"}, "", 10)},
		"Neighbourhood":  one(Neighbourhood(p, ids[0], "knows", Both, 2, 50, 50)),
		"Paths":          one(Paths(p, ids[0], ids[1], "", 3, 5)),
		// Types.
		"Types":          one(Types(p)),
		"PutType":        one(PutType(p, "people", "{}", "{}")),
		"DeleteType":     one(DeleteType(p, "people")),
		"TypeHasRecords": one(TypeHasRecords(p, "people")),
		"LockProject":    one(LockProject(p)),
		// Projects and tokens: project nodes, tokens, and the records of
		// one project by its id.
		"CreateProject":          one(CreateProject(p, "acme")),
		"ListProjects":           one(ListProjects(0, 10)),
		"GetProject":             one(GetProject(p)),
		"FindProjectByName":      one(FindProjectByName("acme")),
		"DeleteProjectAccess":    one(DeleteProjectAccess(p)),
		"DeleteProjectDataBatch": one(DeleteProjectDataBatch(p, 10)),
		"DeleteProjectTypes":     one(DeleteProjectTypes(p)),
		"DeleteProjectKeysBatch": one(DeleteProjectKeysBatch(p, 10)),
		"CreateToken":            one(CreateToken(ids[0], p, "write", "hash")),
		"DeleteToken":            one(DeleteToken(p, ids[0])),
		"TokenByHash":            one(TokenByHash("hash")),
		"CountProjects":          one(CountProjects()),
		// The bench's best statements (a yardstick, hand-written as an
		// expert writes them, inline maps included).
		"SeedRecords":           one(SeedRecords(p, "people", rows)),
		"SeedEdges":             one(SeedEdges(p, rows)),
		"SeededSize":            one(SeededSize(p)),
		"RecordIDs":             one(RecordIDs(p)),
		"DeleteEdgesBatch":      one(DeleteEdgesBatch(p, "knows", 10)),
		"BestSearchByName":      one(BestSearchByName(p, "Acme", 20, true)),
		"BestLinked":            one(BestLinked(p, ids[0], 20)),
		"BestPeopleByName":      one(BestPeopleByName(p, "Ada", 20, true)),
		"BestPeopleByAge":       one(BestPeopleByAge(p, 50, 20, true)),
		"BestPeopleBioContains": one(BestPeopleBioContains(p, "graph", 20, true)),
		"BestTagsByName":        one(BestTagsByName(p, "t", 20, true)),
		"BestCompaniesByName":   one(BestCompaniesByName(p, "Acme", 20, true)),
		"BestValues":            one(BestValues(p, 20)),
		"BestValuesInOrder":     one(BestValuesInOrder(p, 20)),
		"BestPeopleByAgeCount":  one(BestPeopleByAgeCount(p, 20, true)),
		"BestImportCompanies":   one(BestImportCompanies(p, rows)),
		"BestImportCustomers":   one(BestImportCustomers(p, rows)),
		"BestUpsert":            one(BestUpsert(p, "customers", "email", rows)),
		"TypeCount":             one(TypeCount(p, "customers")),

		// An idempotency key's node is relgraph's own, found by project and key.
		"IdempotentOutcome":       one(IdempotentOutcome(p, "k")),
		"ClaimIdempotencyKey":     one(ClaimIdempotencyKey(p, "k", "h")),
		"RecordIdempotentOutcome": one(RecordIdempotentOutcome(p, "k", 201, "{}", []byte("{}"), true, 1000)),
	}
	// Statements over every project by design: schema and migrations, and
	// server facts. They name no $project and must not be given one.
	projectless := map[string]string{
		"Indexes":              "lists the database's indexes",
		"AllTypes":             "reads every project's types for the index migration",
		"LegacyTypes":          "converts stored types of every project, once",
		"RecordMigration":      "records a migration",
		"AppliedMigrations":    "lists applied migrations",
		"AwaitIndexes":         "waits for the database's indexes",
		"LabelIndexes":         "the bench's indexes on its labels",
		"PrepareForReplanning": "clears the query caches before a bench run",
		"ServerVersion":        "the server's version",
		"UserFunctions":        "the functions plugins added to the server, which analyst statements may not call",

		"SweepIdempotencyKeys": "removes every project's expired idempotency keys",
	}

	for _, name := range exportedBuilders(t) {
		_, built := builders[name]
		_, exempt := projectless[name]
		if !built && !exempt {
			t.Errorf("builder %s has no sample here: render it in builders (or say in projectless why it spans every project)", name)
		}
	}
	for name, qs := range builders {
		for _, q := range qs {
			if gaps := tenantGaps(q.Text); len(gaps) > 0 {
				t.Errorf("%s: record nodes without the project filter: %v\n%s", name, gaps, q.Text)
			}
			if strings.Contains(q.Text, "$project") && q.Params["project"] != p {
				t.Errorf("%s: names $project but does not pass the project", name)
			}
		}
	}
	goldens, err := filepath.Glob(filepath.Join("..", "testdata", "cypher", "*", "*.golden"))
	if err != nil || len(goldens) == 0 {
		t.Fatalf("no golden statements: %v", err)
	}
	for _, path := range goldens {
		if filepath.Base(filepath.Dir(path)) == "index" {
			continue // index statements: schema over every project's records
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text, _, _ := strings.Cut(string(b), "\n-- params --")
		if gaps := tenantGaps(text); len(gaps) > 0 {
			t.Errorf("%s: record nodes without the project filter: %v", path, gaps)
		}
	}
}

// The checker itself: it must see a missing filter.
func TestTenantGapsSeesUnfilteredRecords(t *testing.T) {
	tests := []struct {
		text string
		gaps []string
	}{
		{"MATCH (r:Record {__id: $id}) RETURN r", []string{"r"}},
		{"MATCH (r:`people`) WHERE r.age > 1 RETURN r", []string{"r"}},
		{"MATCH (a:Record {__id: $id}) WHERE a.__project = $project MATCH (b:`people`) RETURN b", []string{"b"}},
		{"CREATE (r:Record:$($type) {__id: $id})", []string{"r"}},
		{"MATCH (:Record:`people`) RETURN 1", []string{"(anonymous)"}},
		{recordByID("r", "$id") + " MATCH (r)-[:LINK]->(b) RETURN b", nil},
		{"MATCH (r:`people` {__project: $project, name: $v}) RETURN r", nil},
		{"MATCH (b:Record&$any($types)) WHERE " + inProject("b") + " RETURN b", nil},
		{"MATCH (t:RecordType {project: $project}) RETURN t", nil},
		{"MATCH (c:`companies` {__project: $project})<-[:LINK]-(p:`people`) RETURN p", nil},
		{"MATCH (c:`companies`)<-[:LINK]-(p:`people`) RETURN p", []string{"c", "p"}},
		{"MATCH (a)-[e:LINK]->(b:Record {__id: row.to}) RETURN b", nil},
	}
	for _, tc := range tests {
		if got := tenantGaps(tc.text); !slices.Equal(got, tc.gaps) {
			t.Errorf("tenantGaps(%q) = %v, want %v", tc.text, got, tc.gaps)
		}
	}
}

// A path pattern: node patterns (a variable, then labels, dynamic labels
// and an inline map after a colon) joined by relationships.
var (
	nodeText = `\((\w*)(?::((?:[^()]|\$\w*\([^)]*\))*))?\)`
	nodeRe   = regexp.MustCompile(nodeText)
	pathRe   = regexp.MustCompile(nodeText + `(?:\s*<?-(?:\[[^\]]*\])?->?\s*` + nodeText + `)*`)
)

// ownLabels are relgraph's own nodes, which are not records.
var ownLabels = []string{"Project", "Token", "RecordType", "Migration", "IdempotencyKey"}

// tenantGaps lists the variables of record nodes the statement matches or
// creates by a label without the project filter. A path is filtered when
// one of its nodes is (by inProject, an inline __project: $project, or a
// variable bound before): its other records are reached through edges,
// which never cross projects.
func tenantGaps(text string) []string {
	var gaps []string
	for _, path := range pathRe.FindAllString(text, -1) {
		var labelled []string
		anchored := false
		for _, m := range nodeRe.FindAllStringSubmatch(path, -1) {
			v, body := m[1], m[2]
			label := strings.FieldsFunc(body, func(r rune) bool { return strings.ContainsRune(":&| {", r) })
			switch {
			case len(label) > 0 && slices.Contains(ownLabels, label[0]):
			case strings.Contains(body, "__project: $project"), v != "" && strings.Contains(text, inProject(v)):
				anchored = true
			case body == "" && v != "":
				anchored = true // bound before; its own pattern is checked there
			case len(label) > 0:
				if v == "" {
					v = "(anonymous)"
				}
				labelled = append(labelled, v)
			}
		}
		if anchored {
			continue
		}
		for _, v := range labelled {
			if !slices.Contains(gaps, v) {
				gaps = append(gaps, v)
			}
		}
	}
	return gaps
}

// exportedBuilders lists the package's exported functions that return a
// Query, from its source.
func exportedBuilders(t *testing.T) []string {
	t.Helper()
	fset := gotoken.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !fn.Name.IsExported() || fn.Type.Results == nil || len(fn.Type.Results.List) != 1 {
				continue
			}
			if id, ok := fn.Type.Results.List[0].Type.(*ast.Ident); ok && id.Name == "Query" {
				names = append(names, fn.Name.Name)
			}
		}
	}
	if len(names) < 50 {
		t.Fatalf("found only %d builders: is the test reading the package's source?", len(names))
	}
	return names
}
