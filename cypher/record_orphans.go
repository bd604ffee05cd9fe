package cypher

// A record node is a node with the :Record label: every record carries it,
// beside its type's label, with its id (__id) and its project (__project).
// A record node without __project belongs to no project: no route reaches
// it and no project's deletion removes it. A crafted property id could
// strip __project before such ids were checked (DELETE /properties/{id}
// naming __project); migration 9 removes the records it left.

// orphanRecordsSweep removes up to 10000 record nodes without a project,
// with their edges, and says how many it removed.
var orphanRecordsSweep = Query{Text: `MATCH (r:Record) WHERE r.__project IS NULL
WITH r LIMIT 10000
DETACH DELETE r
RETURN count(*) AS removed`}
