package cypher

// The statements below serve only cmd/relgraph-bench: they seed a synthetic
// graph in bulk and inspect it, and they are the yardstick of its searches
// (the Best statements). The API never runs them.

// SeedRecords creates one record of type typ per row in one statement. Each
// row is a map {id, props}; the records carry __id, __project and props, as
// if created through CreateRecord with scalar properties.
func SeedRecords(project, typ string, rows []map[string]any) Query {
	return Query{
		Text: `UNWIND $rows AS row
CREATE (r:Record:$($type) {__id: row.id, __project: $project})
SET r += row.props`,
		Params: map[string]any{"project": project, "type": typ, "rows": toAny(rows)},
	}
}

// SeedEdges creates one edge per row in one statement. Each row is a map
// {source, target, property}; the edge points source → target and carries
// what Attach would store for it without a description.
//
// The seek hints matter: right after records are bulk-created the index
// statistics still describe an empty graph, and the planner then reads
// every record of the project for each row (via record_project, or by
// scanning record_id when only told to use it).
func SeedEdges(project string, rows []map[string]any) Query {
	return Query{
		Text: `UNWIND $rows AS row
MATCH (a:Record {__id: row.source}) USING INDEX SEEK a:Record(__id) WHERE a.__project = $project
MATCH (b:Record {__id: row.target}) USING INDEX SEEK b:Record(__id) WHERE b.__project = $project
CREATE (a)-[:LINK {property: row.property, createdAt: datetime()}]->(b)`,
		Params: map[string]any{"project": project, "rows": toAny(rows)},
	}
}

// SeededSize counts the records of a project, their outgoing edges, and
// the records carrying a bio (the seeded people do).
func SeededSize(project string) Query {
	return Query{
		Text: `MATCH (r:Record) WHERE r.__project = $project
RETURN count(r) AS records, sum(COUNT { (r)-[:LINK]->() }) AS edges, count(r.bio) AS bios`,
		Params: map[string]any{"project": project},
	}
}

// RecordIDs lists the id and type of every record of a project, in no order.
func RecordIDs(project string) Query {
	return Query{
		Text:   "MATCH (r:Record) WHERE r.__project = $project RETURN r.__id AS id, [l IN labels(r) WHERE l <> 'Record'][0] AS type",
		Params: map[string]any{"project": project},
	}
}

// DeleteEdgesBatch removes up to limit edges of one property that start at
// records of a project, and says how many it removed. It seeks the edges by
// property: walking every edge of a large project would take seconds.
func DeleteEdgesBatch(project, property string, limit int) Query {
	return Query{
		Text: `MATCH (a:Record)-[e:LINK {property: $property}]->()
USING INDEX SEEK e:LINK(property)
WHERE a.__project = $project
WITH e LIMIT $limit
DELETE e
RETURN count(*) AS deleted`,
		Params: map[string]any{"project": project, "property": property, "limit": limit},
	}
}

// AwaitIndexes waits until every index of the database is online, for at
// most seconds; it fails when one is not online by then.
func AwaitIndexes(seconds int) Query {
	return Query{Text: "CALL db.awaitIndexes($seconds)", Params: map[string]any{"seconds": seconds}}
}

// LabelIndexes lists the node indexes on any of labels: each row is (type,
// label, properties, state), by label, type and properties.
func LabelIndexes(labels []string) Query {
	return Query{
		Text: `SHOW INDEXES YIELD type, entityType, labelsOrTypes, properties, state
WHERE entityType = 'NODE' AND labelsOrTypes[0] IN $labels
RETURN type, labelsOrTypes[0] AS label, properties, state ORDER BY label, type, properties`,
		Params: map[string]any{"labels": labels},
	}
}

// PrepareForReplanning resamples every index, waits for the new statistics
// and empties the query caches, so the next statements are planned for the
// graph as it is now.
func PrepareForReplanning() Query {
	return Query{Text: "CALL db.prepareForReplanning()"}
}

// ServerVersion names the Neo4j server: its kernel version and edition.
func ServerVersion() Query {
	return Query{Text: `CALL dbms.components() YIELD name, versions, edition
WHERE name = 'Neo4j Kernel'
RETURN versions[0] AS version, edition`}
}

// The Best statements are, for each search the bench measures, what a
// Neo4j expert would write for the same answer on relgraph's graph, knowing
// its layout: static labels and literal property keys, so that the planner
// can use an index; the tenant filter on __project; and the indexes
// relgraph keeps. Those are its own (the unique Record(__id), the RANGE
// index on Record(__project), the one on LINK(property)) and, for each
// declared type T, a RANGE index on (T: __project), a composite RANGE index
// on (T: __project, p) per declared scalar property p, and a TEXT index on
// (T: p) for a property declared with "text": true. Edges never leave their
// project (relgraph links records of one project only), so the records
// reached from a record of the project need no tenant filter.
//
// Each answers one row (total, page): total the exact count of every match
// (null when count is false: the client sent "total": false), page the
// list of the page's record nodes in the API's order, the record id
// breaking ties. BestLinked answers as cypher.Linked does instead.

// BestSearchByName answers {"labels": ["people"], "where": {"companies":
// {"$relation": {"type": "worksFor", "direction": "out"}, "name": name}}}:
// the company by the composite index on (companies: __project, name), then
// the people whose worksFor edges point at it, each once.
func BestSearchByName(project, name string, limit int, count bool) Query {
	return bestPage("p", `MATCH (c:companies {__project: $project, name: $name})<-[:LINK {property: 'worksFor'}]-(p:people)
  WITH DISTINCT p`, "p.__id DESC", count, map[string]any{"project": project, "name": name, "limit": limit})
}

// BestLinked answers GET /records?type=people&linkedTo=id&via=worksFor (an
// undeclared relation property): the record by the unique Record(__id)
// index, then the people whose worksFor edges point at it, oldest id
// first, counted per edge as the API counts them.
func BestLinked(project, id string, limit int) Query {
	return Query{
		Text: `MATCH (c:Record {__id: $id}) WHERE c.__project = $project
CALL (c) {
  MATCH (c)<-[:LINK {property: 'worksFor'}]-(p:people)
  RETURN count(p) AS total
}
OPTIONAL CALL (c) {
  MATCH (c)<-[:LINK {property: 'worksFor'}]-(p:people)
  RETURN p ORDER BY p.__id LIMIT $limit
}
RETURN total, p AS r`,
		Params: map[string]any{"project": project, "id": id, "limit": limit},
	}
}

// BestPeopleByName answers {"labels": ["people"], "where": {"name": name}}
// by the composite index on (people: __project, name).
func BestPeopleByName(project, name string, limit int, count bool) Query {
	return bestPage("p", "MATCH (p:people {__project: $project, name: $name})", "p.__id DESC", count,
		map[string]any{"project": project, "name": name, "limit": limit})
}

// BestPeopleByAge answers {"labels": ["people"], "where": {"age": {"$gte":
// least}}, "orderBy": {"age": "asc"}, "limit": limit} by a range seek of
// the composite index on (people: __project, age). Sorting by __project
// first, a constant here, tells the planner that the index already yields
// the rows in order, so it reads only as far as the page needs
// (PartialTop); the count still reads every match. A plain comparison
// gives the API's answer on the bench's data, where every age is one
// integer.
func BestPeopleByAge(project string, least int64, limit int, count bool) Query {
	return bestPage("p", "MATCH (p:people {__project: $project}) WHERE p.age >= $least", "p.__project, p.age, p.__id DESC", count,
		map[string]any{"project": project, "least": least, "limit": limit})
}

// BestPeopleBioContains answers {"labels": ["people"], "where": {"bio":
// {"$contains": word}}} by the TEXT index on (people: bio), the only index
// that serves CONTAINS; it holds every project's people, so the tenant is
// filtered after it. CONTAINS is case-sensitive where $contains is not: the
// same answer on the bench's data, whose bios and words are lower case (an
// expert needing case-insensitivity stores a lowered copy).
func BestPeopleBioContains(project, word string, limit int, count bool) Query {
	return bestPage("p", "MATCH (p:people) WHERE p.bio CONTAINS $word AND p.__project = $project", "p.__id DESC", count,
		map[string]any{"project": project, "word": word, "limit": limit})
}

// BestTagsByName answers {"labels": ["tags"], "where": {"name": name}} on
// the open (never declared) type tags, which has no index of its own: the
// planner starts from the tags label (every project's tags) or from the
// Record(__project) index, whichever its statistics make smaller, and tests
// the selective name before the tenant.
func BestTagsByName(project, name string, limit int, count bool) Query {
	return bestPage("t", "MATCH (t:tags) WHERE t.name = $name AND t.__project = $project", "t.__id DESC", count,
		map[string]any{"project": project, "name": name, "limit": limit})
}

// BestCompaniesByName answers {"labels": ["companies"], "where": {"name":
// name}} by the composite index on (companies: __project, name): a seek
// whose cost does not depend on how many companies other projects hold.
func BestCompaniesByName(project, name string, limit int, count bool) Query {
	return bestPage("c", "MATCH (c:companies {__project: $project, name: $name})", "c.__id DESC", count,
		map[string]any{"project": project, "name": name, "limit": limit})
}

// bestPage reads one page of the matches of match in order, then counts
// them all (when count) only if the page is full: a shorter page is every
// match. match binds v and filters it. The one row is (total, page).
func bestPage(v, match, order string, count bool, params map[string]any) Query {
	text := "OPTIONAL CALL () {\n  " + match + "\n  RETURN " + v + " ORDER BY " + order + " LIMIT $limit\n}\nWITH collect(" + v + ") AS page\n"
	if !count {
		return Query{Text: text + "RETURN null AS total, page", Params: params}
	}
	return Query{Text: text + `OPTIONAL CALL (page) {
  WITH page WHERE size(page) = $limit
  CALL () {
    ` + match + `
    RETURN count(` + v + `) AS counted
  }
  RETURN counted
}
RETURN coalesce(counted, size(page)) AS total, page`, Params: params}
}

// toAny turns rows into the []any the driver sends as a Cypher list.
func toAny(rows []map[string]any) []any {
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = r
	}
	return out
}

// BestValues is what an expert writes for the first page of companies'
// names, most frequent first, with how many distinct names there are: the
// values from the (__project, name) index, counted per value and sorted.
// Rows: one, (total, vs, ns).
func BestValues(project string, limit int) Query {
	return Query{Text: `MATCH (c:companies {__project: $project}) WHERE c.name IS NOT NULL
WITH c.name AS v, count(*) AS n ORDER BY n DESC, v
WITH collect(v) AS vs, collect(n) AS ns
RETURN size(vs) AS total, vs[0..$limit] AS vs, ns[0..$limit] AS ns`,
		Params: map[string]any{"project": project, "limit": limit}}
}

// BestValuesInOrder is what an expert writes for the first page of
// companies' names in value order, each with its count: the names read in
// order from the (__project, name) index (the project leads the sort keys
// so the index gives the order), then one index seek per name to count it.
// Rows: (v, n).
func BestValuesInOrder(project string, limit int) Query {
	return Query{Text: `MATCH (c:companies {__project: $project}) WHERE c.name IS NOT NULL
WITH c.__project AS p, c.name AS v ORDER BY p, v
WITH DISTINCT v LIMIT $limit
RETURN v, COUNT { MATCH (x:companies {__project: $project, name: v}) } AS n`,
		Params: map[string]any{"project": project, "limit": limit}}
}

// BestPeopleByAgeCount is what an expert writes for the number of people
// of each age, first page by age: one pass over the type's project index,
// grouped; the groups are counted only when the page is full. Row: (total,
// page), page a list of [age, n].
func BestPeopleByAgeCount(project string, limit int, count bool) Query {
	text := `OPTIONAL CALL () {
  MATCH (p:people {__project: $project})
  WITH p.age AS age, count(*) AS n ORDER BY age LIMIT $limit
  RETURN [age, n] AS row
}
WITH collect(row) AS page
`
	if !count {
		return Query{Text: text + "RETURN null AS total, page", Params: map[string]any{"project": project, "limit": limit}}
	}
	return Query{Text: text + `OPTIONAL CALL (page) {
  WITH page WHERE size(page) = $limit
  CALL () { MATCH (p:people {__project: $project}) WITH DISTINCT p.age AS age RETURN count(*) AS counted }
  RETURN counted
}
RETURN coalesce(counted, size(page)) AS total, page`, Params: map[string]any{"project": project, "limit": limit}}
}

// The BestImport statements are the yardstick of the bench's import
// scenarios: the online loader a Neo4j expert writes for the bench's data,
// knowing its shape (static labels and property keys, each child created
// together with its edge, no lookups), storing what relgraph stores (__id,
// __project, the edge's property and createdAt), so the graph is the one an
// import writes.

// BestImportCompanies creates one company per row {id, name, founded,
// revenue, public, tags, address: {id, city, zip}, employees: [{id, name,
// age, email}…]}, then its address and each employee together with the
// edge from the company to it.
func BestImportCompanies(project string, rows []map[string]any) Query {
	return Query{
		Text: `UNWIND $rows AS row
CREATE (c:Record:companies {__id: row.id, __project: $project, name: row.name, founded: row.founded, revenue: row.revenue, public: row.public, tags: row.tags})
CREATE (c)-[:LINK {property: 'address', createdAt: datetime()}]->(:Record:address {__id: row.address.id, __project: $project, city: row.address.city, zip: row.address.zip})
WITH c, row
UNWIND row.employees AS e
CREATE (c)-[:LINK {property: 'employees', createdAt: datetime()}]->(:Record:employees {__id: e.id, __project: $project, name: e.name, age: e.age, email: e.email})`,
		Params: map[string]any{"project": project, "rows": toAny(rows)},
	}
}

// BestImportCustomers creates one customer per row {id, name, age, email,
// city, active}: the bench's flat CSV records.
func BestImportCustomers(project string, rows []map[string]any) Query {
	return Query{
		Text: `UNWIND $rows AS row
CREATE (:Record:customers {__id: row.id, __project: $project, name: row.name, age: row.age, email: row.email, city: row.city, active: row.active})`,
		Params: map[string]any{"project": project, "rows": toAny(rows)},
	}
}
