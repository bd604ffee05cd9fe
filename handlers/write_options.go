package handlers

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/schema"
)

// writeOptions are the RushDB write options (a record write's or an
// import's `options`) that relgraph honours.
type writeOptions struct {
	allStrings   bool         // suggestTypes: false
	skipEmpty    bool         // skipEmptyValues: true
	returnResult bool         // returnResult, default true (imports)
	merge        *graph.Merge // mergeBy and/or mergeStrategy: an upsert
	// relationshipType tags the edges to an import's child records
	// instead of their keys (imports only).
	relationshipType string
}

// knownOptions lists the options relgraph reads, for error messages.
const knownOptions = "returnResult, suggestTypes, skipEmptyValues, mergeBy, mergeStrategy, relationshipType; convertNumericValuesToNumbers, castNumberArraysToVectors and capitalizeLabels false only"

// readWriteOptions reads options. An option relgraph does not carry out
// is refused with a 400 that names it, rather than ignored. upsert says
// the route takes mergeBy and mergeStrategy (POST /records and imports):
// either makes the write an upsert, as RushDB reads them (mergeStrategy
// alone merges by every given property).
func readWriteOptions(raw json.RawMessage, upsert bool) (writeOptions, error) {
	o := writeOptions{returnResult: true}
	if isNull(raw) {
		return o, nil
	}
	var members map[string]json.RawMessage
	if bytes.TrimSpace(raw)[0] != '{' || json.Unmarshal(raw, &members) != nil {
		return o, badRequest("invalid_json", "options must be an object", map[string]string{"field": "/options"})
	}
	for _, name := range sortedNames(members) {
		at := schema.Pointer("/options", name)
		value := members[name]
		switch name {
		case "mergeBy", "mergeStrategy":
			if !upsert {
				return o, badRequest("unsupported_option", fmt.Sprintf("options.%s applies to POST /records and the imports, not to a write of a given record", name), map[string]string{"field": at})
			}
			if err := o.readMerge(name, value, at); err != nil {
				return o, err
			}
			continue
		case "relationshipType":
			if isNull(value) {
				continue
			}
			if json.Unmarshal(value, &o.relationshipType) != nil {
				return o, badRequest("invalid_option", "options.relationshipType is a relation property name", map[string]string{"field": at})
			}
			if err := schema.CheckRelation(at, o.relationshipType); err != nil {
				return o, err
			}
			continue
		case "returnResult", "suggestTypes", "skipEmptyValues",
			"convertNumericValuesToNumbers", "castNumberArraysToVectors", "capitalizeLabels":
		default:
			return o, badRequest("unknown_option", fmt.Sprintf("unknown option %q (%s)", clip(name, 64), knownOptions), map[string]string{"field": at})
		}
		if isNull(value) {
			continue
		}
		var on bool
		if json.Unmarshal(value, &on) != nil {
			return o, badRequest("invalid_json", at+" must be true or false", map[string]string{"field": at})
		}
		switch name {
		case "suggestTypes":
			o.allStrings = !on
		case "skipEmptyValues":
			o.skipEmpty = on
		case "returnResult":
			o.returnResult = on
		case "convertNumericValuesToNumbers", "castNumberArraysToVectors", "capitalizeLabels":
			if on {
				return o, badRequest("unsupported_option", fmt.Sprintf("options.%s is not supported; leave it out or false", name), map[string]string{"field": at})
			}
		}
	}
	return o, nil
}

// readMerge reads mergeBy (a list of property names; empty: every given
// property) or mergeStrategy ("append", the default, or "rewrite").
func (o *writeOptions) readMerge(name string, raw json.RawMessage, at string) error {
	if isNull(raw) {
		return nil
	}
	if o.merge == nil {
		o.merge = &graph.Merge{}
	}
	if name == "mergeStrategy" {
		var strategy string
		_ = json.Unmarshal(raw, &strategy)
		switch strategy {
		case "append":
		case "rewrite":
			o.merge.Rewrite = true
		default:
			return badRequest("invalid_option", `options.mergeStrategy is "append" or "rewrite"`, map[string]string{"field": at})
		}
		return nil
	}
	var by []string
	if json.Unmarshal(raw, &by) != nil {
		return badRequest("invalid_option", "options.mergeBy is a list of property names", map[string]string{"field": at})
	}
	for i, key := range by {
		if err := schema.CheckProperty(fmt.Sprintf("%s/%d", at, i), key); err != nil {
			return err
		}
	}
	o.merge.By = by
	return nil
}
