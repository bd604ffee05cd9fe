package main

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"github.com/relgraph/relgraph/cypher"
)

// The import scenarios' files. Each builds, for the objects from..to-1 of
// the file, what each side sends: the HTTP request (route and body), the
// statements relgraph runs (raw) and the yardstick's (best).
//
//	import        nested JSON: companies, each with an address and three
//	              employees nested in it (5 records, 4 edges per object)
//	import-jsonl  the same objects, one per line (format jsonl)
//	import-csv    flat customers as CSV (1 record per row, no edges)

// importRecordsPerObject is the records of one nested object, the most of
// any file's objects.
const importRecordsPerObject = 5

// importFormat is one import scenario's file.
type importFormat struct {
	scenario         string
	what             string // the file, for the report
	recordsPerObject int
	edgesPerObject   int
	request          func(from, to int) (route string, body []byte, err error)
	raw, best        func(project string, from, to int) []cypher.Query
}

// importFormats are the import scenarios, in report order.
var importFormats = []importFormat{
	{scenario: importScenario, what: "JSON: companies, each with an address and 3 employees nested",
		recordsPerObject: importRecordsPerObject, edgesPerObject: 4, request: nestedRequest(false), raw: rawNested, best: bestNested},
	{scenario: "import-jsonl", what: "JSONL: the same companies, one per line",
		recordsPerObject: importRecordsPerObject, edgesPerObject: 4, request: nestedRequest(true), raw: rawNested, best: bestNested},
	{scenario: "import-csv", what: "CSV: flat customers, 5 columns",
		recordsPerObject: 1, edgesPerObject: 0, request: csvRequest, raw: rawCustomers, best: bestCustomers},
}

// importScenarioNames are the names of the import scenarios.
func importScenarioNames() []string {
	names := make([]string, len(importFormats))
	for i, f := range importFormats {
		names[i] = f.scenario
	}
	return names
}

// isImportScenario says whether name is an import scenario, measured apart
// from the others.
func isImportScenario(name string) bool {
	for _, f := range importFormats {
		if f.scenario == name {
			return true
		}
	}
	return false
}

func newUUID() string { return uuid.Must(uuid.NewV7()).String() }

// importObject is object i of the nested file, as a client would send it.
func importObject(i int) map[string]any {
	employees := make([]any, 3)
	for j := range employees {
		employees[j] = map[string]any{"name": fmt.Sprintf("employee %d-%d", i, j), "age": 20 + (i+j)%45,
			"email": fmt.Sprintf("e%d.%d@example.com", i, j)}
	}
	return map[string]any{
		"name": fmt.Sprintf("company %d", i), "founded": 1900 + i%120, "revenue": float64(i%1000) * 1.5,
		"public": i%2 == 0, "tags": []any{"b2b", fmt.Sprintf("t%d", i%10)},
		"address":   map[string]any{"city": fmt.Sprintf("city %d", i%500), "zip": fmt.Sprintf("%05d", i%100000)},
		"employees": employees,
	}
}

// nestedRequest is POST /records/import/json of the nested objects: a JSON
// array in payload, or with jsonl one object per line in data.
func nestedRequest(jsonl bool) func(from, to int) (string, []byte, error) {
	return func(from, to int) (string, []byte, error) {
		body := map[string]any{"label": "companies", "options": map[string]any{"returnResult": false}}
		if !jsonl {
			payload := make([]any, 0, to-from)
			for i := from; i < to; i++ {
				payload = append(payload, importObject(i))
			}
			body["payload"] = payload
		} else {
			var lines bytes.Buffer
			for i := from; i < to; i++ {
				line, err := json.Marshal(importObject(i))
				if err != nil {
					return "", nil, err
				}
				lines.Write(append(line, '\n'))
			}
			body["format"], body["data"] = "jsonl", lines.String()
		}
		b, err := json.Marshal(body)
		return "records/import/json", b, err
	}
}

// nestedParts are the values of object i as relgraph stores them.
func nestedParts(i int) (company, address map[string]any, employees []map[string]any) {
	o := importObject(i)
	company = map[string]any{"name": o["name"], "founded": int64(o["founded"].(int)), "revenue": o["revenue"],
		"public": o["public"], "tags": o["tags"]}
	a := o["address"].(map[string]any)
	address = map[string]any{"city": a["city"], "zip": a["zip"]}
	for _, e := range o["employees"].([]any) {
		e := e.(map[string]any)
		employees = append(employees, map[string]any{"name": e["name"], "age": int64(e["age"].(int)), "email": e["email"]})
	}
	return company, address, employees
}

// rawNested is the statement relgraph runs for the nested objects:
// cypher.ImportRecords with the edges by row position.
func rawNested(project string, from, to int) []cypher.Query {
	var records, edges []map[string]any
	row := func(typ string, props map[string]any) int {
		records = append(records, map[string]any{"id": newUUID(), "type": typ, "props": props})
		return len(records) - 1
	}
	edge := func(a, b int, property string) {
		edges = append(edges, map[string]any{"from": a, "to": b, "property": property})
	}
	for i := from; i < to; i++ {
		c, a, es := nestedParts(i)
		company := row("companies", c)
		edge(company, row("address", a), "address")
		for _, e := range es {
			edge(company, row("employees", e), "employees")
		}
	}
	return []cypher.Query{cypher.ImportRecords(project, records, edges)}
}

// bestNested is cypher.BestImportCompanies of the nested objects.
func bestNested(project string, from, to int) []cypher.Query {
	rows := make([]map[string]any, 0, to-from)
	for i := from; i < to; i++ {
		c, a, es := nestedParts(i)
		c["id"], a["id"] = newUUID(), newUUID()
		employees := make([]any, len(es))
		for j, e := range es {
			e["id"] = newUUID()
			employees[j] = e
		}
		c["address"], c["employees"] = a, employees
		rows = append(rows, c)
	}
	return []cypher.Query{cypher.BestImportCompanies(project, rows)}
}

// customer is row i of the CSV file, as relgraph stores it.
func customer(i int) map[string]any {
	return map[string]any{"name": fmt.Sprintf("customer %d", i), "age": int64(18 + i%60),
		"email": fmt.Sprintf("c%d@example.com", i), "city": fmt.Sprintf("city %d", i%500), "active": i%3 == 0}
}

// csvRequest is POST /records/import/csv of the customers.
func csvRequest(from, to int) (string, []byte, error) {
	var text bytes.Buffer
	text.WriteString("name,age,email,city,active\n")
	for i := from; i < to; i++ {
		c := customer(i)
		fmt.Fprintf(&text, "%s,%d,%s,%s,%t\n", c["name"], c["age"], c["email"], c["city"], c["active"])
	}
	b, err := json.Marshal(map[string]any{"label": "customers", "options": map[string]any{"returnResult": false}, "data": text.String()})
	return "records/import/csv", b, err
}

// rawCustomers is the statement relgraph runs for the customers.
func rawCustomers(project string, from, to int) []cypher.Query {
	rows := make([]map[string]any, 0, to-from)
	for i := from; i < to; i++ {
		rows = append(rows, map[string]any{"id": newUUID(), "type": "customers", "props": customer(i)})
	}
	return []cypher.Query{cypher.ImportRecords(project, rows, nil)}
}

// bestCustomers is cypher.BestImportCustomers of the customers.
func bestCustomers(project string, from, to int) []cypher.Query {
	rows := make([]map[string]any, 0, to-from)
	for i := from; i < to; i++ {
		c := customer(i)
		c["id"] = newUUID()
		rows = append(rows, c)
	}
	return []cypher.Query{cypher.BestImportCustomers(project, rows)}
}
