package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/schema"
)

// Imports create many records at once from JSON objects (POST
// /records/import/json and `relgraph import`). An object becomes a record of
// the import's type: its scalar values (and arrays of them) become
// properties; an object, or an array of objects, under key k becomes child
// records of type k, linked parent → child by edges tagged k, recursively. A
// `__links` bag (the legacy list of untyped links, which the links relation
// property replaces) becomes edges tagged links to existing records of the
// project.

// ImportOptions says how an import reads its objects.
type ImportOptions struct {
	// AllStrings stores every scalar as a string, as Collect does when its
	// suggestTypes option is false; otherwise types are inferred as
	// schema.Value infers them.
	AllStrings bool
	// ReturnRecords makes Store.Import return the created records.
	ReturnRecords bool
	// SkipEmpty leaves out the properties whose value is "" or [], as
	// RushDB's skipEmptyValues option does.
	SkipEmpty bool
	// Merge, when set, makes the import upsert its records (see Merge):
	// its objects must then be flat, without children or __links.
	Merge *Merge
	// RelationshipType, when set, is the relation property of every edge
	// to a child record (RushDB's relationshipType option), a name the
	// caller has checked with schema.CheckRelation; otherwise each edge is
	// tagged with the child's key.
	RelationshipType string
}

// Import is the records, and edges, that some objects describe. It is built
// with Add and written by Store.Import; it is not safe for concurrent use.
type Import struct {
	label   string
	opts    ImportOptions
	records []importRecord // each record before its children
	edges   []importEdge   // parent → child, and __links to existing records
	roots   []int          // the index in records of each top-level object
}

type importRecord struct {
	id, typ string
	at      string // the JSON pointer of its object, for errors
	props   []Property
}

// importEdge is an edge from a new record; existing says its target is an
// existing record (a __links entry, a relation property's value) rather
// than one of the import's. src and dst are the indexes in
// Import.records of the ends of an edge to a child record.
type importEdge struct {
	from, to, property string
	description        *string
	existing           bool
	src, dst           int
}

// The import's own key and limits.
const (
	linksKey       = "__links"
	maxImportDepth = 32
	// importChunk is how many rows one import statement writes.
	importChunk = 5000
)

// NewImport starts an empty import of records of type label, a name the
// caller has checked with schema.CheckType.
func NewImport(label string, opts ImportOptions) *Import {
	return &Import{label: label, opts: opts}
}

// Len is the number of records the import creates so far.
func (imp *Import) Len() int { return len(imp.records) }

// Add adds the records that object v describes (decoded with json.Number
// for numbers), at JSON pointer at in the request. A bad name or value is a
// *schema.Error whose Field points at it; the import is then unchanged.
func (imp *Import) Add(v any, at string) error {
	records, edges := len(imp.records), len(imp.edges)
	m, ok := v.(map[string]any)
	if !ok || isDatetime(m) {
		return &schema.Error{Code: "invalid_import", Field: at, Message: "each imported item must be a JSON object"}
	}
	if _, _, err := imp.object(imp.label, m, at, 0); err != nil {
		imp.records, imp.edges = imp.records[:records], imp.edges[:edges]
		return err
	}
	imp.roots = append(imp.roots, records)
	return nil
}

// object adds the record of m, of type typ, and its children; it returns
// the record's id and its index in imp.records.
func (imp *Import) object(typ string, m map[string]any, at string, depth int) (string, int, error) {
	if depth > maxImportDepth {
		return "", 0, &schema.Error{Code: "too_deep", Field: at, Message: fmt.Sprintf("objects nest at most %d levels deep", maxImportDepth)}
	}
	id, i := newID(), len(imp.records)
	imp.records = append(imp.records, importRecord{id: id, typ: typ, at: at})
	props := make([]Property, 0, len(m))
	for _, key := range sortedKeys(m) {
		if key == linksKey {
			if err := imp.linksBag(id, m[key], schema.Pointer(at, key)); err != nil {
				return "", 0, err
			}
			continue
		}
		children, single, err := nested(m[key], at, key)
		if err != nil {
			return "", 0, err
		}
		if children == nil {
			if imp.opts.SkipEmpty && IsEmpty(m[key]) {
				continue
			}
			p, err := imp.scalar(key, m[key], at)
			if err != nil {
				return "", 0, err
			}
			props = append(props, p)
			continue
		}
		if err := imp.children(id, i, key, children, single, schema.Pointer(at, key), depth); err != nil {
			return "", 0, err
		}
	}
	imp.records[i].props = props
	return id, i, nil
}

// children adds the child records under key of record id, at index i.
func (imp *Import) children(id string, i int, key string, children []map[string]any, single bool, field string, depth int) error {
	if err := imp.flatOnly(field); err != nil {
		return err
	}
	if err := schema.CheckType(field, key); err != nil {
		return err
	}
	for j, child := range children {
		at := field
		if !single {
			at = field + "/" + strconv.Itoa(j)
		}
		childID, j, err := imp.object(key, child, at, depth+1)
		if err != nil {
			return err
		}
		property := key
		if imp.opts.RelationshipType != "" {
			property = imp.opts.RelationshipType
		}
		imp.edges = append(imp.edges, importEdge{from: id, to: childID, property: property, src: i, dst: j})
	}
	return nil
}

// nested reads v, the value of key in the object at at, as child records:
// an object (single) or a non-empty array of objects. It returns nil
// children when v is a value (a datetime object is a value); an array
// mixing objects and values is an error.
func nested(v any, at, key string) (children []map[string]any, single bool, err error) {
	switch x := v.(type) {
	case map[string]any:
		if isDatetime(x) {
			return nil, false, nil
		}
		return []map[string]any{x}, true, nil
	case []any:
		objects := 0
		for _, item := range x {
			if m, ok := item.(map[string]any); ok && !isDatetime(m) {
				objects++
			}
		}
		if objects == 0 {
			return nil, false, nil
		}
		if objects < len(x) {
			return nil, false, &schema.Error{Code: "mixed_array", Field: schema.Pointer(at, key),
				Message: "an array holds either objects (child records) or values, not both"}
		}
		children = make([]map[string]any, len(x))
		for i, item := range x {
			children[i] = item.(map[string]any)
		}
		return children, false, nil
	}
	return nil, false, nil
}

func isDatetime(m map[string]any) bool {
	_, ok := m["$year"]
	return ok
}

// scalar reads the value of property name of the object at at. The checks
// run with an empty field and the JSON pointer of the value is built only
// for an error: most values pass, and an import reads many.
func (imp *Import) scalar(name string, v any, at string) (Property, error) {
	p, err := imp.value(name, v)
	if rule, ok := err.(*schema.Error); ok {
		moved := *rule
		moved.Field = schema.Pointer(at, name) + rule.Field // "", or an item's "/i"
		return p, &moved
	}
	return p, err
}

func (imp *Import) value(name string, v any) (Property, error) {
	if err := schema.CheckProperty("", name); err != nil {
		return Property{}, err
	}
	if imp.opts.AllStrings {
		s, err := AsStrings(v, "")
		return Property{Name: name, Type: schema.TypeString, Value: s}, err
	}
	value, typ, err := schema.Value("", "", v)
	return Property{Name: name, Type: typ, Value: value}, err
}

// AsStrings turns a value decoded from JSON (numbers as json.Number), or
// each value of an array, into its text, as the suggestTypes: false option
// of Collect and RushDB does (null becomes "null"); a datetime object
// becomes its ISO 8601 UTC form. field is the value's JSON pointer, for
// errors.
func AsStrings(v any, field string) (any, error) {
	list, isList := v.([]any)
	if !isList {
		return asString(v, field)
	}
	out := make([]any, len(list))
	for i, item := range list {
		s, err := asString(item, field)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

func asString(v any, field string) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), nil
	case bool:
		return strconv.FormatBool(x), nil
	case nil:
		return "null", nil
	case map[string]any:
		t, _, err := schema.Value(field, schema.TypeDatetime, x)
		if err != nil {
			return "", err
		}
		return t.(time.Time).Format(time.RFC3339Nano), nil
	}
	return "", &schema.Error{Code: "type_mismatch", Field: field, Message: "an array value holds values, not arrays"}
}

// linksBag reads a __links bag of record id: a list of record ids, or of
// {"id", "description"?} objects.
func (imp *Import) linksBag(id string, v any, field string) error {
	if err := imp.flatOnly(field); err != nil {
		return err
	}
	bad := &schema.Error{Code: "invalid_links", Field: field,
		Message: `__links is a list of record ids or of {"id": "…", "description"?: "…"} objects`}
	list, ok := v.([]any)
	if !ok {
		return bad
	}
	seen := make(map[string]bool, len(list))
	for _, item := range list {
		target, description, ok := linkEntry(item)
		if !ok {
			return bad
		}
		if !seen[target] {
			seen[target] = true
			imp.edges = append(imp.edges, importEdge{from: id, to: target, property: schema.LinksProperty,
				description: description, existing: true})
		}
	}
	return nil
}

func linkEntry(item any) (id string, description *string, ok bool) {
	switch x := item.(type) {
	case string:
		return x, nil, x != ""
	case map[string]any:
		id, _ = x["id"].(string)
		switch d := x["description"].(type) {
		case nil:
		case string:
			description = &d
		default:
			return "", nil, false
		}
		return id, description, id != ""
	}
	return "", nil, false
}

// flatOnly refuses a child record or a __links bag at field in an upsert
// import: what an upsert of a nested object would merge is not defined.
func (imp *Import) flatOnly(field string) error {
	if imp.opts.Merge == nil {
		return nil
	}
	return &schema.Error{Code: "nested_merge", Field: field,
		Message: "an import with mergeBy or mergeStrategy takes flat objects: no nested objects and no __links"}
}

// IsEmpty reports whether v is "" or an empty array: a value the write
// option skipEmptyValues leaves out.
func IsEmpty(v any) bool {
	switch x := v.(type) {
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	}
	return false
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ImportResult is what Store.Import created.
type ImportResult struct {
	Created int // records
	Updated int // records an upsert import found and updated
	Linked  int // edges
	// Records are the created records, each before its children, when the
	// import's options ask for them.
	Records []Record
}

// Import writes imp in one write transaction (the client transaction of
// ctx, when there is one), in statements of up to 5000 records with the
// edges to their children (see import_chunk.go): all of it or, on any
// error, nothing. A *MissingError names the __links targets that are
// not records of the project. Records of declared types obey their type
// (a *schema.Error when one breaks a rule): their values are checked, the
// values of their relation properties are record ids that become links, and
// their links, children included, follow the relation rules.
func (s *Store) Import(ctx context.Context, project string, imp *Import) (ImportResult, error) {
	if imp.Len() == 0 {
		return ImportResult{Records: []Record{}}, nil
	}
	if imp.opts.Merge != nil {
		return s.importUpserts(ctx, project, imp)
	}
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (ImportResult, error) {
		w, err := imp.prepare(ctx, tx, project)
		if err != nil {
			return ImportResult{}, err
		}
		return w.write(ctx, tx, project)
	})
}

// importWrite is an import resolved against the database: the rows of its
// statements and the plan of the links its declared types rule.
type importWrite struct {
	imp     *Import
	cat     *schema.Catalog
	types   map[string]string // record id → type: the new records and the existing ones linked
	at      map[string]string // new record id → the JSON pointer of its object
	nodes   []map[string]any  // cypher.ImportRecords rows, in the order of imp.records
	inner   []importEdge      // edges from records of open types to their children
	open    []map[string]any  // cypher.ImportEdges rows: edges from records of open types to existing records
	ruled   []importEdge      // edges from records of declared types
	plan    *schema.Plan
	records []Record
}

// prepare reads the project's declared types and the existing records the
// import links to, checks the records of declared types, and builds the
// rows. Nothing is written yet.
func (imp *Import) prepare(ctx context.Context, tx neo4j.ManagedTransaction, project string) (*importWrite, error) {
	w := &importWrite{imp: imp, types: make(map[string]string, len(imp.records)), at: make(map[string]string, len(imp.records))}
	for _, r := range imp.records {
		w.types[r.id], w.at[r.id] = r.typ, r.at
	}
	if err := w.lookup(ctx, tx, project, imp.targets(imp.edges)); err != nil {
		return nil, err
	}
	relations, err := w.nodeRows()
	if err != nil {
		return nil, err
	}
	if err := w.lookup(ctx, tx, project, imp.targets(relations)); err != nil {
		return nil, err
	}
	w.route(imp.edges)
	w.route(relations)
	return w, w.planRuled()
}

// targets lists the existing records edges link to, once each.
func (imp *Import) targets(edges []importEdge) []string {
	var ids []string
	for _, e := range edges {
		if e.existing {
			ids = append(ids, e.to)
		}
	}
	return dedupe(ids)
}

// lookup finds the types of existing records ids (a *MissingError names
// those the project lacks) and, the first time, the project's declared
// types.
func (w *importWrite) lookup(ctx context.Context, tx neo4j.ManagedTransaction, project string, ids []string) error {
	if w.cat != nil && len(ids) == 0 {
		return nil
	}
	rows, err := run(ctx, tx, cypher.RecordsAndTypes(project, ids))
	if err != nil {
		return err
	}
	c := columns{row: rows[0]}
	records, types := get[[]any](&c, "records"), get[[]any](&c, "types")
	if c.err != nil {
		return c.err
	}
	found, err := endsFound(records, ids)
	if err != nil {
		return err
	}
	for _, e := range found {
		w.types[e.ID] = e.Type
	}
	if w.cat == nil {
		w.cat, err = catalogFrom(project, types)
	}
	return err
}

// nodeRows builds the node of each record. The values of a record of a
// declared type are checked, and the values of its relation properties
// become edges, which it returns.
func (w *importWrite) nodeRows() ([]importEdge, error) {
	w.nodes = make([]map[string]any, 0, len(w.imp.records))
	var relations []importEdge
	for _, r := range w.imp.records {
		props := r.props
		if w.cat.Enforced(r.typ) {
			var links []importEdge
			var err error
			if props, links, err = w.declared(r); err != nil {
				return nil, err
			}
			relations = append(relations, links...)
		}
		values, nulls := split(props)
		if len(nulls) > 0 {
			values["__nulls"] = nulls
		}
		w.nodes = append(w.nodes, map[string]any{"id": r.id, "type": r.typ, "props": values})
		if w.imp.opts.ReturnRecords {
			w.records = append(w.records, importedRecord(r, props))
		}
	}
	return relations, nil
}

// declared splits the properties of record r of a declared type into its
// scalars, which it checks, and the links its relation properties give.
func (w *importWrite) declared(r importRecord) ([]Property, []importEdge, error) {
	var scalars []Property
	var links []importEdge
	values := map[string]any{}
	for _, p := range r.props {
		if !w.cat.IsRelation(r.typ, p.Name) {
			scalars = append(scalars, p)
			values[p.Name] = p.Value
			continue
		}
		ids, err := relationTargets(p)
		if err != nil {
			return nil, nil, at(err, r.at)
		}
		for _, id := range ids {
			links = append(links, importEdge{from: r.id, to: id, property: p.Name, existing: true})
		}
	}
	return scalars, links, at(w.cat.CheckValues(r.typ, values, true), r.at)
}

// importedRecord is record r as stored with props.
func importedRecord(r importRecord, props []Property) Record {
	rec := Record{ID: r.id, Type: r.typ, Props: make(map[string]any, len(props)), Types: make(map[string]string, len(props))}
	for _, p := range props {
		rec.Props[p.Name], rec.Types[p.Name] = p.Value, p.Type
	}
	return rec
}

// route sorts edges into those written as they are (from records of open
// types), to children with their records or to existing records apart,
// and those the rules of declared types decide.
func (w *importWrite) route(edges []importEdge) {
	for _, e := range edges {
		if w.cat.Enforced(w.types[e.from]) {
			w.ruled = append(w.ruled, e)
			continue
		}
		if !e.existing {
			w.inner = append(w.inner, e)
			continue
		}
		var description any
		if e.description != nil {
			description = *e.description
		}
		w.open = append(w.open, map[string]any{"from": e.from, "to": e.to, "property": e.property, "description": description})
	}
}

// planRuled plans the links of the records of declared types: each
// relation property gets exactly the links the import gives it, and each
// new record must end up with the links its type requires.
func (w *importWrite) planRuled() error {
	type slot struct{ from, property string }
	var order []slot
	targets := map[slot][]schema.End{}
	for _, e := range w.ruled {
		k := slot{e.from, e.property}
		if _, ok := targets[k]; !ok {
			order = append(order, k)
		}
		targets[k] = append(targets[k], schema.End{ID: e.to, Type: w.types[e.to]})
	}
	p := schema.NewPlan()
	for _, k := range order {
		if err := w.cat.PlanSet(p, schema.End{ID: k.from, Type: w.types[k.from]}, k.property, targets[k]); err != nil {
			return at(err, w.at[k.from])
		}
	}
	for _, r := range w.imp.records {
		if w.cat.Enforced(r.typ) {
			w.cat.PlanMinimums(p, schema.End{ID: r.id, Type: r.typ})
		}
	}
	if len(p.Edges) > 0 || p.Enforced() {
		w.plan = p
	}
	return nil
}

// write runs the statements: the records with the edges of open types to
// their children, the other edges of open types, then the plan of declared
// types and the descriptions of its links.
func (w *importWrite) write(ctx context.Context, tx neo4j.ManagedTransaction, project string) (ImportResult, error) {
	res := ImportResult{Created: len(w.nodes), Records: w.records}
	linked, err := w.writeRecords(ctx, tx, project)
	if err != nil {
		return ImportResult{}, err
	}
	res.Linked += linked
	for _, rows := range chunks(w.open) {
		out, err := run(ctx, tx, cypher.ImportEdges(project, rows))
		if err != nil {
			return ImportResult{}, err
		}
		n, err := firstCount(out, "linked")
		if err != nil {
			return ImportResult{}, err
		}
		if n != len(rows) {
			return ImportResult{}, fmt.Errorf("%w: a record the import links to was deleted meanwhile", ErrConflict)
		}
		res.Linked += len(rows)
	}
	if w.plan == nil {
		return res, nil
	}
	if err := enforce(ctx, tx, project, w.cat, w.plan, nil); err != nil {
		return ImportResult{}, err
	}
	res.Linked += len(w.plan.Edges)
	return res, w.describe(ctx, tx, project)
}

// describe sets the descriptions __links entries give the links of records
// of declared types.
func (w *importWrite) describe(ctx context.Context, tx neo4j.ManagedTransaction, project string) error {
	var rows []map[string]any
	for _, e := range w.ruled {
		if e.description != nil {
			rows = append(rows, map[string]any{"from": e.from, "to": e.to, "property": e.property, "description": *e.description})
		}
	}
	for _, chunk := range chunks(rows) {
		if _, err := run(ctx, tx, cypher.DescribeEdges(project, chunk)); err != nil {
			return err
		}
	}
	return nil
}

// chunks splits rows into runs of at most importChunk.
func chunks(rows []map[string]any) [][]map[string]any {
	var out [][]map[string]any
	for len(rows) > importChunk {
		out = append(out, rows[:importChunk])
		rows = rows[importChunk:]
	}
	if len(rows) > 0 {
		out = append(out, rows)
	}
	return out
}

// at makes the field of a *schema.Error, a property name, a JSON pointer
// under the object at; other errors pass as they are.
func at(err error, object string) error {
	rule, ok := err.(*schema.Error)
	if !ok {
		return err
	}
	moved := *rule
	moved.Field = object
	if rule.Field != "" && !strings.HasPrefix(rule.Field, "/") {
		moved.Field = schema.Pointer(object, rule.Field)
	}
	return &moved
}
