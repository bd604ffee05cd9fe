package cypher

// CreateProject creates a project node.
func CreateProject(id, name string) Query {
	return Query{
		Text:   "CREATE (p:Project {id: $id, name: $name, createdAt: datetime()}) RETURN p.id AS id, p.name AS name, p.createdAt AS createdAt",
		Params: map[string]any{"id": id, "name": name},
	}
}

// ListProjects pages through projects by creation time, with the total.
func ListProjects(skip, limit int) Query {
	return Query{
		Text: `MATCH (p:Project) WITH count(p) AS total
MATCH (p:Project)
WITH total, p ORDER BY p.createdAt, p.id SKIP $skip LIMIT $limit
RETURN p.id AS id, p.name AS name, p.createdAt AS createdAt, total`,
		Params: map[string]any{"skip": skip, "limit": limit},
	}
}

// GetProject finds one project.
func GetProject(id string) Query {
	return Query{
		Text:   "MATCH (p:Project {id: $id}) RETURN p.id AS id, p.name AS name, p.createdAt AS createdAt",
		Params: map[string]any{"id": id},
	}
}

// FindProjectByName finds the oldest project with a name.
func FindProjectByName(name string) Query {
	return Query{
		Text:   "MATCH (p:Project {name: $name}) RETURN p.id AS id, p.name AS name, p.createdAt AS createdAt ORDER BY p.createdAt LIMIT 1",
		Params: map[string]any{"name": name},
	}
}

// DeleteProjectAccess removes a project node and its tokens, so the project
// stops being usable at once; its data goes next, in batches.
func DeleteProjectAccess(id string) Query {
	return Query{
		Text: `MATCH (p:Project {id: $id})
OPTIONAL MATCH (t:Token {project: $id})
DETACH DELETE t
WITH DISTINCT p
DETACH DELETE p
RETURN count(p) AS deleted`,
		Params: map[string]any{"id": id},
	}
}

// DeleteProjectDataBatch removes up to limit records the project owns, with
// their edges, and says how many it removed.
func DeleteProjectDataBatch(id string, limit int) Query {
	return Query{
		Text: `MATCH (r:Record) WHERE ` + inProject("r") + `
WITH r LIMIT $limit
DETACH DELETE r
RETURN count(*) AS deleted`,
		Params: map[string]any{"project": id, "limit": limit},
	}
}

// DeleteProjectTypes removes the project's type definitions.
func DeleteProjectTypes(id string) Query {
	return Query{
		Text:   "MATCH (t:RecordType {project: $id}) DELETE t RETURN count(t) AS deleted",
		Params: map[string]any{"id": id},
	}
}

// DeleteProjectKeysBatch removes up to limit of the project's idempotency
// keys (with the answers they keep), and says how many it removed.
func DeleteProjectKeysBatch(id string, limit int) Query {
	return Query{
		Text: `MATCH (k:IdempotencyKey {project: $id})
WITH k LIMIT $limit
DELETE k
RETURN count(*) AS deleted`,
		Params: map[string]any{"id": id, "limit": limit},
	}
}

// CreateToken stores a token of a project by the hash of its secret.
// It returns no row when the project does not exist.
func CreateToken(id, project, role, hash string) Query {
	return Query{
		Text: `MATCH (p:Project {id: $project})
CREATE (t:Token {id: $id, project: $project, role: $role, hash: $hash, createdAt: datetime()})
RETURN t.id AS id, t.role AS role`,
		Params: map[string]any{"id": id, "project": project, "role": role, "hash": hash},
	}
}

// DeleteToken removes one token of a project.
func DeleteToken(project, id string) Query {
	return Query{
		Text:   "MATCH (t:Token {id: $id, project: $project}) DELETE t RETURN count(t) AS deleted",
		Params: map[string]any{"id": id, "project": project},
	}
}

// TokenByHash finds the project and role a token secret grants.
func TokenByHash(hash string) Query {
	return Query{
		Text:   "MATCH (t:Token {hash: $hash}) RETURN t.id AS id, t.project AS project, t.role AS role",
		Params: map[string]any{"hash": hash},
	}
}

// CountProjects counts every project.
func CountProjects() Query {
	return Query{Text: "MATCH (p:Project) RETURN count(p) AS count"}
}
