package cypher

// A declared type is (:RecordType {key, project, id, definition, overrides,
// updatedAt}): key is project + "/" + id (unique), definition and overrides
// are JSON. Records are never labelled RecordType.

func typeKey(project, id string) string { return project + "/" + id }

// Types lists the declared types of a project, by id.
func Types(project string) Query {
	return Query{
		Text: `MATCH (t:RecordType {project: $project})
RETURN t.id AS id, t.definition AS definition, t.overrides AS overrides, t.updatedAt AS updatedAt
ORDER BY id`,
		Params: map[string]any{"project": project},
	}
}

// typesOf renders the declared types of the project as a list of
// [id, definition, overrides], for statements that read them beside other data.
const typesOf = `COLLECT { MATCH (t:RecordType {project: $project}) RETURN t {.id, .definition, .overrides} }`

// PutType declares a type or replaces its definition and overrides. It
// returns whether it created the type, and when it was written.
func PutType(project, id, definition, overrides string) Query {
	return Query{
		Text: `MERGE (t:RecordType {key: $key})
ON CREATE SET t.project = $project, t.id = $id, t.fresh = true
SET t.definition = $definition, t.overrides = $overrides, t.updatedAt = datetime()
WITH t, coalesce(t.fresh, false) AS created
REMOVE t.fresh
RETURN created, t.updatedAt AS updatedAt`,
		Params: map[string]any{"key": typeKey(project, id), "project": project, "id": id, "definition": definition, "overrides": overrides},
	}
}

// DeleteType removes a declared type and says how many it removed.
func DeleteType(project, id string) Query {
	return Query{
		Text:   "MATCH (t:RecordType {key: $key}) DELETE t RETURN count(*) AS deleted",
		Params: map[string]any{"key": typeKey(project, id)},
	}
}

// TypeHasRecords reports whether the project holds a record of type typ,
// a declared type: from the type's (__project) index, so its cost does not
// grow with other types or other projects.
func TypeHasRecords(project, typ string) Query {
	return Query{
		Text:   "RETURN EXISTS { MATCH (r:" + mustName(typ) + ") WHERE " + inProject("r") + " } AS used",
		Params: map[string]any{"project": project},
	}
}

// LockProject takes the write lock of a project node, so declarations of
// the project's types happen one at a time. It returns no row when the
// project does not exist.
func LockProject(project string) Query {
	return Query{
		Text:   "MATCH (p:Project {id: $project}) SET p.__lock = true REMOVE p.__lock RETURN p.id AS id",
		Params: map[string]any{"project": project},
	}
}

// LegacyTypes lists the declared types, of every project, whose stored
// definition may hold a legacy form (linksConfiguration, foreignId).
func LegacyTypes() Query {
	return Query{Text: `MATCH (t:RecordType)
WHERE t.definition CONTAINS '"linksConfiguration"' OR t.definition CONTAINS '"foreignId"'
RETURN t.project AS project, t.id AS id, t.definition AS definition, t.overrides AS overrides`}
}
