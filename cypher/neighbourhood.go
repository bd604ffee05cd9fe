package cypher

import "strconv"

// The dashboards' reads: a record's neighbourhood and the shortest paths
// between two records. Both render nodes as {id, type, title} and edges as
// {id, source, target, property, description}, the edge id being the
// relationship's elementId.

// MaxDepth is the deepest neighbourhood Neighbourhood builds, MaxHops the
// longest path Paths looks for.
const (
	MaxDepth = 3
	MaxHops  = 6
)

// nodeMap renders record node n for a dashboard.
func nodeMap(n string) string {
	return `{id: ` + n + `.__id, type: [l IN labels(` + n + `) WHERE l <> 'Record'][0], title: ` + titleOf(n) + `}`
}

// edgeMap renders relationship e for a dashboard.
func edgeMap(e string) string {
	return `{id: elementId(` + e + `), source: startNode(` + e + `).__id, target: endNode(` + e + `).__id, property: ` +
		e + `.property, description: ` + e + `.description}`
}

// layer is one breadth-first step of a neighbourhood: the records one edge
// away from the frontier, not seen before, at most $limit of them. The
// pattern between x (on the frontier) and b is chosen by direction. The
// project is checked on the collected list, not in the WHERE: there the
// planner would seek every record of the project by the __project index and
// join them to the frontier (thousands of rows for each step).
func layer(step string) string {
	return `CALL (seen, frontier) {
  UNWIND frontier AS x
  MATCH ` + step + `
  WHERE ($property IS NULL OR e.property = $property) AND NOT b IN seen
  WITH DISTINCT b LIMIT $limit
  RETURN [n IN collect(b) WHERE ` + inProject("n") + `] AS next
}
WITH seen + next AS seen, next AS frontier
`
}

// steps are the patterns of one step by direction: out follows edges from
// the frontier, in edges to it, both either.
var steps = map[Direction]string{
	Out:  "(x)-[e:LINK]->(b)",
	In:   "(x)<-[e:LINK]-(b)",
	Both: "(x)-[e:LINK]-(b)",
}

// layers[d][depth] is the breadth-first walk of depth steps in direction d:
// fixed texts, so no request input reaches the statement but through
// parameters.
var layers = func() map[Direction][MaxDepth + 1]string {
	out := map[Direction][MaxDepth + 1]string{}
	for d, step := range steps {
		var texts [MaxDepth + 1]string
		for depth := 1; depth <= MaxDepth; depth++ {
			texts[depth] = texts[depth-1] + layer(step)
		}
		out[d] = texts
	}
	return out
}()

// Neighbourhood is the subgraph around a record of a project: the records
// up to depth edges away (1 to MaxDepth; only along edges of property when
// it is not empty, only in direction d unless it is Both), nearest first, at
// most limit of them counting the record itself, and the edges among them
// (of property, when given; at most edgeLimit). It returns one row:
// `nodes`, `edges` and `truncated` (a cap was hit), or no row when the
// project has no such record. Cycles are safe: a record is visited once.
func Neighbourhood(project, id, property string, d Direction, depth, limit, edgeLimit int) Query {
	if depth < 1 || depth > MaxDepth {
		depth = 1
	}
	return Query{
		Text: `MATCH (a:Record {__id: $id}) WHERE ` + inProject("a") + `
WITH a, [a] AS seen, [a] AS frontier
` + layers[d][depth] + `WITH seen[..$limit] AS kept, size(seen) > $limit AS truncated
WITH kept, truncated, COLLECT {
  UNWIND kept AS x
  MATCH (x)-[e:LINK]->(y)
  WHERE y IN kept AND ($property IS NULL OR e.property = $property)
  RETURN ` + edgeMap("e") + `
  LIMIT $edgeLimit + 1
} AS edges
RETURN [n IN kept | ` + nodeMap("n") + `] AS nodes, edges[..$edgeLimit] AS edges,
  truncated OR size(edges) > $edgeLimit AS truncated`,
		Params: map[string]any{"project": project, "id": id, "property": nilIfEmpty(property), "limit": limit, "edgeLimit": edgeLimit},
	}
}

// shortest[hops] finds all shortest paths of at most hops edges: fixed
// texts, the bound being no parameter in Cypher.
var shortest = func() [MaxHops + 1]string {
	var out [MaxHops + 1]string
	for hops := 1; hops <= MaxHops; hops++ {
		out[hops] = "allShortestPaths((a)-[:LINK*.." + strconv.Itoa(hops) + "]-(b))"
	}
	return out
}()

// Paths finds the shortest paths, of at most maxHops edges (1 to MaxHops)
// in either direction and only along edges of property when it is not
// empty, between two records of a project, at most limit of them. It
// returns one row: `fromFound` and `toFound` (whether each end is a record
// of the project) and `paths`, each {nodes, edges} in order from `from`. A
// record is connected to itself by one path without edges.
func Paths(project, from, to, property string, maxHops, limit int) Query {
	if maxHops < 1 || maxHops > MaxHops {
		maxHops = 4
	}
	return Query{
		Text: `OPTIONAL MATCH (a:Record {__id: $from}) WHERE ` + inProject("a") + `
OPTIONAL MATCH (b:Record {__id: $to}) WHERE ` + inProject("b") + `
RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound, CASE WHEN a = b THEN [{nodes: [` + nodeMap("a") + `], edges: []}]
ELSE COLLECT {
  WITH a, b WHERE a IS NOT NULL AND b IS NOT NULL AND a <> b
  MATCH p = ` + shortest[maxHops] + `
  WHERE all(e IN relationships(p) WHERE $property IS NULL OR e.property = $property)
    AND all(n IN nodes(p) WHERE ` + inProject("n") + `)
  RETURN {nodes: [n IN nodes(p) | ` + nodeMap("n") + `], edges: [e IN relationships(p) | ` + edgeMap("e") + `]}
  LIMIT $limit
} END AS paths`,
		Params: map[string]any{"project": project, "from": from, "to": to, "property": nilIfEmpty(property), "limit": limit},
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
