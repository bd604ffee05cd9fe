package graph

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/schema"
)

// An upsert import in batches: the records its objects merge into are
// found with one statement per chunk of key values (RecordsByKeys, which
// the declared key's index answers), objects with the same key values are
// folded in order (append merges them, rewrite keeps the last), and the
// result is written as the import writes records (the creates, through
// Import's checks of declared types) and as UpdateRecords or
// ReplaceRecords (the updates, checked with CheckValues).

// mergeTarget is the one record the objects with the same key values
// write.
type mergeTarget struct {
	id      string
	create  bool
	at      string // the first object's JSON pointer
	props   []Property
	objects []int // the objects that write it, by index
}

// upsertBatch writes the import's records as upserts, in batches.
func (imp *Import) upsertBatch(ctx context.Context, tx neo4j.ManagedTransaction, project string, cat *schema.Catalog) (ImportResult, error) {
	m := *imp.opts.Merge
	groups := map[string][]string{} // key set → its keys
	keyOf := make([]string, len(imp.records))
	valuesOf := make([][]any, len(imp.records))
	for i, r := range imp.records {
		keys, values, err := mergeKeys(cat, r.typ, r.props, m.By, r.at)
		if err != nil {
			return ImportResult{}, err
		}
		group := strings.Join(keys, "\x00")
		groups[group] = keys
		keyOf[i], valuesOf[i] = group+"\x01"+tupleKey(values), values
	}
	found, err := imp.findTargets(ctx, tx, project, groups, keyOf, valuesOf)
	if err != nil {
		return ImportResult{}, err
	}
	targets, order, res := imp.fold(keyOf, found, m.Rewrite)
	var creates []importRecord
	var updates []*mergeTarget
	for _, k := range order {
		t := targets[k]
		if t.create {
			creates = append(creates, importRecord{id: t.id, typ: imp.label, at: t.at, props: t.props})
			continue
		}
		if cat.Enforced(imp.label) {
			values := map[string]any{}
			for _, p := range t.props {
				values[p.Name] = p.Value
			}
			if err := cat.CheckValues(imp.label, values, m.Rewrite); err != nil {
				return ImportResult{}, at(err, t.at)
			}
		}
		updates = append(updates, t)
	}
	written, err := imp.writeCreates(ctx, tx, project, creates)
	if err != nil {
		return ImportResult{}, err
	}
	if err := writeUpdates(ctx, tx, project, updates, m.Rewrite, written); err != nil {
		return ImportResult{}, err
	}
	if imp.opts.ReturnRecords {
		for i := range imp.records {
			res.Records = append(res.Records, written[targets[keyOf[i]].id])
		}
	}
	return res, nil
}

// findTargets finds the stored records of the import's key values: the id
// of each, by key. Two records with the same key values are ErrConflict.
func (imp *Import) findTargets(ctx context.Context, tx neo4j.ManagedTransaction, project string, groups map[string][]string, keyOf []string, valuesOf [][]any) (map[string]string, error) {
	found := map[string]string{}
	for _, group := range slices.Sorted(maps.Keys(groups)) {
		keys := groups[group]
		var firsts []any
		for i := range imp.records {
			if strings.HasPrefix(keyOf[i], group+"\x01") {
				firsts = append(firsts, valuesOf[i][0])
			}
		}
		for start := 0; start < len(firsts); start += importChunk {
			chunk := firsts[start:min(start+importChunk, len(firsts))]
			rows, err := run(ctx, tx, cypher.RecordsByKeys(project, imp.label, keys, chunk))
			if err != nil {
				return nil, err
			}
			for _, row := range rows {
				c := columns{row: row}
				id, values := get[string](&c, "id"), get[[]any](&c, "values")
				if c.err != nil {
					return nil, c.err
				}
				k := group + "\x01" + tupleKey(values)
				if other, dup := found[k]; dup && other != id {
					return nil, fmt.Errorf("%w: several records of type %s have the same values of %v", ErrConflict, imp.label, keys)
				}
				found[k] = id
			}
		}
	}
	return found, nil
}

// fold gives each distinct key the record it writes, in the order the
// keys first appear, and counts the objects that create and update.
func (imp *Import) fold(keyOf []string, found map[string]string, rewrite bool) (map[string]*mergeTarget, []string, ImportResult) {
	targets := map[string]*mergeTarget{}
	var order []string
	res := ImportResult{Records: []Record{}}
	for i, r := range imp.records {
		t, seen := targets[keyOf[i]]
		if !seen {
			id, exists := found[keyOf[i]]
			if !exists {
				id = newID()
			}
			t = &mergeTarget{id: id, create: !exists, at: r.at}
			targets[keyOf[i]] = t
			order = append(order, keyOf[i])
		}
		if !seen && t.create {
			res.Created++
		} else {
			res.Updated++
		}
		t.objects = append(t.objects, i)
		if rewrite {
			t.props = r.props
		} else {
			t.props = mergeProps(t.props, r.props)
		}
	}
	return targets, order, res
}

// mergeProps is old with the properties of later set, in name order.
func mergeProps(old, later []Property) []Property {
	byName := make(map[string]Property, len(old)+len(later))
	for _, p := range old {
		byName[p.Name] = p
	}
	for _, p := range later {
		byName[p.Name] = p
	}
	out := make([]Property, 0, len(byName))
	for _, name := range slices.Sorted(maps.Keys(byName)) {
		out = append(out, byName[name])
	}
	return out
}

// writeCreates writes the new records as an import does (declared types
// checked), and returns the records written, by id.
func (imp *Import) writeCreates(ctx context.Context, tx neo4j.ManagedTransaction, project string, creates []importRecord) (map[string]Record, error) {
	written := map[string]Record{}
	if len(creates) == 0 {
		return written, nil
	}
	opts := imp.opts
	opts.Merge, opts.ReturnRecords = nil, true
	sub := &Import{label: imp.label, opts: opts, records: creates}
	w, err := sub.prepare(ctx, tx, project)
	if err != nil {
		return nil, err
	}
	res, err := w.write(ctx, tx, project)
	if err != nil {
		return nil, err
	}
	for _, r := range res.Records {
		written[r.ID] = r
	}
	return written, nil
}

// writeUpdates writes the found records, merged (UpdateRecords) or
// replaced (ReplaceRecords), and adds them to written.
func writeUpdates(ctx context.Context, tx neo4j.ManagedTransaction, project string, updates []*mergeTarget, rewrite bool, written map[string]Record) error {
	rows := make([]map[string]any, len(updates))
	for i, t := range updates {
		values, nulls := split(t.props)
		if rewrite {
			rows[i] = map[string]any{"id": t.id, "props": values, "nulls": nulls}
			continue
		}
		set := make(map[string]any, len(t.props))
		for _, p := range t.props {
			set[p.Name] = p.Value
		}
		rows[i] = map[string]any{"id": t.id, "set": set, "nulls": nulls}
	}
	for _, chunk := range chunks(rows) {
		q := cypher.UpdateRecords(project, chunk)
		if rewrite {
			q = cypher.ReplaceRecords(project, chunk)
		}
		out, err := run(ctx, tx, q)
		if err != nil {
			return err
		}
		if len(out) != len(chunk) {
			return fmt.Errorf("%w: a record the import merges into was deleted meanwhile", ErrConflict)
		}
		for _, row := range out {
			r, err := recordColumn(row, "r")
			if err != nil {
				return err
			}
			written[r.ID] = r
		}
	}
	return nil
}

// tupleKey is a text that two lists of key values share exactly when
// Cypher finds them equal: numbers by value (1 = 1.0), datetimes by
// instant, lists item by item.
func tupleKey(values []any) string {
	var b strings.Builder
	for _, v := range values {
		canonical(&b, v)
		b.WriteByte(0)
	}
	return b.String()
}

func canonical(b *strings.Builder, v any) {
	switch x := v.(type) {
	case int64:
		b.WriteString("n" + strconv.FormatFloat(float64(x), 'g', -1, 64))
	case float64:
		b.WriteString("n" + strconv.FormatFloat(x, 'g', -1, 64))
	case string:
		b.WriteString("s" + strconv.Quote(x))
	case bool:
		b.WriteString("b" + strconv.FormatBool(x))
	case time.Time:
		b.WriteString("t" + x.UTC().Format(time.RFC3339Nano))
	case []any:
		b.WriteString("[")
		for _, item := range x {
			canonical(b, item)
			b.WriteByte(',')
		}
		b.WriteString("]")
	default:
		fmt.Fprintf(b, "?%T%v", x, x)
	}
}
