package cypher

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"

	"github.com/relgraph/relgraph/schema"
)

// The indexes of declared types (schema.Type.Indexes). Each has a name
// derived from what it covers, so every instance names it alike and finds
// it again; relgraph creates, lists and drops only indexes named so. Labels
// and keys reach the statement text only through Name.

// IndexPrefix starts the name of every index relgraph manages for declared
// types.
const IndexPrefix = "relgraph_"

// indexKinds are the index kinds as they appear in a name and in Cypher.
var indexKinds = map[string]string{schema.IndexRange: "RANGE", schema.IndexText: "TEXT"}

// ownIndexName matches the names IndexName writes.
var ownIndexName = regexp.MustCompile(`^relgraph_(range|text)_[0-9a-f]{16}$`)

// IndexName is the name of index i: "relgraph_", its kind, "_", and the
// first 16 hex digits of the SHA-256 of its label and keys, each after the
// first preceded by a NUL. It is the same in every process and safe to
// write unquoted.
func IndexName(i schema.Index) string {
	sum := sha256.Sum256([]byte(i.Type + "\x00" + strings.Join(i.Keys(), "\x00")))
	return IndexPrefix + i.Kind + "_" + hex.EncodeToString(sum[:])[:16]
}

// OwnIndex reports whether name is one IndexName writes: the only indexes
// relgraph drops.
func OwnIndex(name string) bool { return ownIndexName.MatchString(name) }

// Indexable reports whether Name can write the label and every key of i,
// so that CreateIndex can build it.
func Indexable(i schema.Index) bool {
	if _, ok := indexKinds[i.Kind]; !ok {
		return false
	}
	for _, name := range append([]string{i.Type}, i.Keys()...) {
		if _, ok := Name(name); !ok {
			return false
		}
	}
	return true
}

// Indexes lists the indexes whose name starts with IndexPrefix, as rows
// [name, type ("RANGE", "TEXT"…), labelsOrTypes, properties, state
// ("ONLINE", "POPULATING", "FAILED"), populationPercent].
func Indexes() Query {
	return Query{Text: `SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state, populationPercent
WHERE name STARTS WITH '` + IndexPrefix + `'`}
}

// CreateIndex creates index i under IndexName(i) unless an index of that
// name (or an equivalent one) exists. The database builds it in the
// background: the statement returns before the index is ONLINE. ok is false
// when i is not Indexable.
func CreateIndex(i schema.Index) (q Query, ok bool) {
	if !Indexable(i) {
		return Query{}, false
	}
	keys := make([]string, len(i.Keys()))
	for k, key := range i.Keys() {
		keys[k] = "n." + mustName(key)
	}
	return Query{Text: "CREATE " + indexKinds[i.Kind] + " INDEX " + IndexName(i) + " IF NOT EXISTS FOR (n:" + mustName(i.Type) + ") ON (" +
		strings.Join(keys, ", ") + ")"}, true
}

// DropIndex drops the index named name, if it still exists. ok is false for
// a name that is not OwnIndex: relgraph drops no other index.
func DropIndex(name string) (q Query, ok bool) {
	if !OwnIndex(name) {
		return Query{}, false
	}
	return Query{Text: "DROP INDEX " + name + " IF EXISTS"}, true
}

// AllTypes lists the declared types of every project, as rows [project, id,
// definition, overrides]: what the indexes of declared types follow.
func AllTypes() Query {
	return Query{Text: `MATCH (t:RecordType)
RETURN t.project AS project, t.id AS id, t.definition AS definition, t.overrides AS overrides`}
}
