package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/query"
)

// searchCase is one search-like request in the form each side runs it.
type searchCase struct {
	project string // the project searched
	path    string // the API route under /api/v1: "records/search", or a GET route with its query
	body    []byte // the POST body; nil: a GET
	// raw is relgraph's statement when the bench builds it itself; nil:
	// compiled from body as graph.Store.Search compiles it.
	raw  *cypher.Query
	best cypher.Query // what an expert writes for the same answer
	// keys are the output keys of a grouped search's rows, in the order
	// the statements return their values; nil: the search answers records.
	keys []string
}

// rowText renders a grouped search's row for comparing the sides: its
// values in order.
func rowText(values []any) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = fmt.Sprint(v)
	}
	return strings.Join(parts, " ")
}

// answer is what a side answered to a search-like request.
type answer struct {
	total int      // -1: not counted
	ids   []string // the page, in order
}

// searcher runs search-like requests.
type searcher interface {
	// search runs c as fast as the side can, reading its answer to the end.
	search(ctx context.Context, c searchCase) error
	// answer runs c and returns its answer, to compare the sides.
	answer(ctx context.Context, c searchCase) (answer, error)
}

// profiler runs the statement of c once under PROFILE and counts its
// database hits.
type profiler interface {
	profile(ctx context.Context, c searchCase) (int64, error)
}

// inspect answers c on every side that searches and says how the answers
// differ ("" when they agree), with the db hits of each side's statement.
func inspect(ctx context.Context, sides [nSides]side, c searchCase) (string, [nSides]int64) {
	var hits [nSides]int64
	var names []string
	var answers []answer
	var failures []string
	for k, s := range sides {
		sr, err := as[searcher](s)
		if err != nil {
			continue
		}
		a, err := sr.answer(ctx, c)
		if err != nil {
			failures = append(failures, fmt.Sprintf("%s: %v", s.name(), err))
			continue
		}
		names, answers = append(names, s.name()), append(answers, a)
		if p, ok := s.(profiler); ok {
			hits[k], _ = p.profile(ctx, c)
		}
	}
	return strings.Join(append(failures, disagreement(names, answers)...), "; "), hits
}

// disagreement describes each answer that differs from the first: in its
// total (when both counted) or its page. Nothing when all agree.
func disagreement(names []string, answers []answer) []string {
	var out []string
	for i := 1; i < len(answers); i++ {
		a, b := answers[0], answers[i]
		if a.total >= 0 && b.total >= 0 && a.total != b.total || !slices.Equal(a.ids, b.ids) {
			out = append(out, fmt.Sprintf("%s answers total %d and %d records, %s total %d and %d records (pages equal: %t)",
				names[0], a.total, len(a.ids), names[i], b.total, len(b.ids), slices.Equal(a.ids, b.ids)))
		}
	}
	return out
}

// The search-like scenarios' requests. Seeded records alternate companies
// (even indexes) and people (odd), named "<type> <index>"; the open type's
// records are named "tags <j>"; see seed.go.

// drawRelated is the search scenario: the people linked to one seeded
// company, found by its name, through worksFor edges (a related-record
// condition).
func drawRelated(w *world) searchCase {
	name := fmt.Sprintf("companies %d", 2*rand.IntN((w.records+1)/2))
	return searchCase{project: w.project, path: "records/search",
		body: searchBody(w, `{"labels": ["people"], "where": {"companies": {"$relation": {"type": "worksFor", "direction": "out"}, "name": `+
			strconv.Quote(name)+`}}}`),
		best: cypher.BestSearchByName(w.project, name, pageSize, !w.noTotal)}
}

// drawGroupBy counts the people of each age: a select with groupBy over
// one type's records (half the seeded records), the dashboard's question.
func drawGroupBy(w *world) searchCase {
	return searchCase{project: w.project, path: "records/search",
		body: searchBody(w, `{"labels": ["people"], "select": {"age": "$record.age", "n": {"$count": "*"}}, "groupBy": ["age"], "limit": 100}`),
		best: cypher.BestPeopleByAgeCount(w.project, 100, !w.noTotal), keys: []string{"age", "n"}}
}

// drawEq is an equality on a declared property: one person by name.
func drawEq(w *world) searchCase {
	name := fmt.Sprintf("people %d", 2*rand.IntN(w.records/2)+1)
	return searchCase{project: w.project, path: "records/search",
		body: searchBody(w, `{"labels": ["people"], "where": {"name": `+strconv.Quote(name)+`}}`),
		best: cypher.BestPeopleByName(w.project, name, pageSize, !w.noTotal)}
}

// rangeLimit is the range scenario's page.
const rangeLimit = 20

// drawRange is a range on a declared integer, sorted by it, a short page:
// about half the people match.
func drawRange(w *world) searchCase {
	return searchCase{project: w.project, path: "records/search",
		body: searchBody(w, `{"labels": ["people"], "where": {"age": {"$gte": 50}}, "orderBy": {"age": "asc"}, "limit": `+strconv.Itoa(rangeLimit)+`}`),
		best: cypher.BestPeopleByAge(w.project, 50, rangeLimit, !w.noTotal)}
}

// drawContains is $contains on the text property: the rare word, in one
// bio in a thousand.
func drawContains(w *world) searchCase {
	return searchCase{project: w.project, path: "records/search",
		body: searchBody(w, `{"labels": ["people"], "where": {"bio": {"$contains": `+strconv.Quote(rareWord)+`}}}`),
		best: cypher.BestPeopleBioContains(w.project, rareWord, pageSize, !w.noTotal)}
}

// drawOpen is an equality on a type never declared: one tag by name.
func drawOpen(w *world) searchCase {
	name := fmt.Sprintf("tags %d", rand.IntN(len(w.tags)))
	return searchCase{project: w.project, path: "records/search",
		body: searchBody(w, `{"labels": ["tags"], "where": {"name": `+strconv.Quote(name)+`}}`),
		best: cypher.BestTagsByName(w.project, name, pageSize, !w.noTotal)}
}

// noisyScenario searches the small neighbour project (prepareNeighbour).
const noisyScenario = "noisy"

// drawNoisy is the noisy neighbour: one company by name in the small
// project, while the seeded project holds many companies.
func drawNoisy(w *world) searchCase {
	name := fmt.Sprintf("companies %d", rand.IntN(neighbourCompanies))
	return searchCase{project: w.neighbour, path: "records/search",
		body: searchBody(w, `{"labels": ["companies"], "where": {"name": `+strconv.Quote(name)+`}}`),
		best: cypher.BestCompaniesByName(w.neighbour, name, pageSize, !w.noTotal)}
}

// searchBody is the JSON object s, with "total": false when the run asks
// not to count.
func searchBody(w *world, s string) []byte {
	if w.noTotal {
		s = strings.TrimSuffix(s, "}") + `, "total": false}`
	}
	return []byte(s)
}

// search sends c: a POST with its body, or a GET.
func (h *httpSide) search(ctx context.Context, c searchCase) error {
	return h.send(ctx, c, io.Discard)
}

// answer sends c and decodes the list envelope it answers.
func (h *httpSide) answer(ctx context.Context, c searchCase) (answer, error) {
	return sentAnswer(ctx, c, h.send, c.path)
}

// sentAnswer sends c with send and decodes the list envelope it answers;
// what names the answer in errors.
func sentAnswer(ctx context.Context, c searchCase, send func(context.Context, searchCase, io.Writer) error, what string) (answer, error) {
	var buf bytes.Buffer
	if err := send(ctx, c, &buf); err != nil {
		return answer{}, err
	}
	return decodeAnswer(buf.Bytes(), c.keys, what)
}

// decodeAnswer reads a list envelope, {data, total}, whose items are
// records, or a grouped search's rows when keys names their output keys;
// what names the answer in errors.
func decodeAnswer(b []byte, keys []string, what string) (answer, error) {
	var env struct {
		Data  []map[string]any `json:"data"`
		Total *int             `json:"total"`
	}
	if err := json.Unmarshal(b, &env); err != nil {
		return answer{}, fmt.Errorf("%s: %w", what, err)
	}
	a := answer{total: -1}
	if env.Total != nil {
		a.total = *env.Total
	}
	for _, r := range env.Data {
		if keys == nil {
			id, _ := r["__id"].(string)
			a.ids = append(a.ids, id)
			continue
		}
		values := make([]any, len(keys))
		for i, k := range keys {
			values[i] = r[k]
		}
		a.ids = append(a.ids, rowText(values))
	}
	return a, nil
}

// send sends c to the API: a POST with its body, or a GET.
func (h *httpSide) send(ctx context.Context, c searchCase, sink io.Writer) error {
	return h.sendTo(ctx, c, h.api+c.path, sink)
}

// sendTo sends c's request, a POST with its body or a GET, to url.
func (h *httpSide) sendTo(ctx context.Context, c searchCase, url string, sink io.Writer) error {
	if c.body == nil {
		return h.request(ctx, c.project, http.MethodGet, url, nil, sink)
	}
	return h.request(ctx, c.project, http.MethodPost, url, bytes.NewReader(c.body), sink)
}

// statement is the statement graph runs for c: c.raw, or c.body parsed,
// resolved against the project's declared types when graph.Store.Search
// resolves it (it names types or links), and compiled.
func (r *rawSide) statement(c searchCase) (cypher.Query, error) {
	if c.raw != nil {
		return *c.raw, nil
	}
	s, err := query.ParseSearch(c.body)
	if err != nil {
		return cypher.Query{}, err
	}
	if len(s.Labels) > 0 || query.Linking(s.Where) {
		cat, ok := r.catalogs[c.project]
		if !ok {
			return cypher.Query{}, fmt.Errorf("raw: no catalog of project %s", c.project)
		}
		if err := s.Resolve(cat); err != nil {
			return cypher.Query{}, err
		}
	}
	if s.Grouped() {
		return cypher.SearchRows(c.project, s), nil
	}
	return cypher.SearchRecords(c.project, s), nil
}

func (r *rawSide) search(ctx context.Context, c searchCase) error {
	_, err := r.answer(ctx, c)
	return err
}

// answer runs relgraph's statement routed to readers, as graph does, and
// decodes every record.
func (r *rawSide) answer(ctx context.Context, c searchCase) (answer, error) {
	q, err := r.statement(c)
	if err != nil {
		return answer{}, err
	}
	return r.readAnswer(ctx, q)
}

func (r *rawSide) profile(ctx context.Context, c searchCase) (int64, error) {
	q, err := r.statement(c)
	if err != nil {
		return 0, err
	}
	return r.dbHits(ctx, q)
}

// bestSide runs the best statements: what an expert would write for each
// search-like scenario (cypher.Best…), routed to readers, decoding every
// record as the raw side does.
type bestSide struct {
	reader
	project string // the seeded project, of the scenarios that name no other
}

func (bestSide) name() string { return sideNames[sideBest] }

func (b bestSide) search(ctx context.Context, c searchCase) error {
	_, err := b.readAnswer(ctx, c.best)
	return err
}

func (b bestSide) answer(ctx context.Context, c searchCase) (answer, error) {
	return b.readAnswer(ctx, c.best)
}

func (b bestSide) profile(ctx context.Context, c searchCase) (int64, error) {
	return b.dbHits(ctx, c.best)
}

// readAnswer runs a statement answering a search's page and total, and
// decodes every record roughly as graph does. It reads both shapes of
// answer: one row (total, page), page a list of record nodes, or rows
// (total, r), one per record, r null when the page is empty. total is null
// when not counted.
func (r reader) readAnswer(ctx context.Context, q cypher.Query) (answer, error) {
	res, err := r.read(ctx, q)
	if err != nil {
		return answer{}, err
	}
	if len(res.Records) == 0 {
		return answer{}, fmt.Errorf("%s: no row", r.side)
	}
	a := answer{total: -1}
	total, nodes := pageOf(res)
	if total != nil {
		a.total = *total
	}
	a.ids = make([]string, 0, len(nodes))
	for _, n := range nodes {
		if row, ok := n.([]any); ok { // a grouped search's row: its values
			a.ids = append(a.ids, rowText(row))
			continue
		}
		props := recordProps(n.(neo4j.Node))
		a.ids = append(a.ids, props["__id"].(string))
	}
	if a.total >= 0 && a.total < len(a.ids) {
		return a, fmt.Errorf("%s: total %d below %d records", r.side, a.total, len(a.ids))
	}
	return a, nil
}

// pageOf reads a search statement's answer in either of its shapes (see
// readAnswer): its total, nil when not counted, and its page's items.
func pageOf(res *neo4j.EagerResult) (*int, []any) {
	if len(res.Records) == 0 {
		return nil, nil
	}
	var total *int
	if n, _ := res.Records[0].Get("total"); n != nil {
		t := int(n.(int64))
		total = &t
	}
	if page, ok := res.Records[0].Get("page"); ok {
		items, _ := page.([]any)
		return total, items
	}
	var items []any
	for _, row := range res.Records {
		if n, _ := row.Get("r"); n != nil {
			items = append(items, n)
		}
	}
	return total, items
}

// recordProps is roughly what graph decodes of a record node: its
// properties without relgraph's own, and its type.
func recordProps(n neo4j.Node) map[string]any {
	out := make(map[string]any, len(n.Props)+1)
	for k, v := range n.Props {
		if k != "__project" && k != "__nulls" {
			out[k] = v
		}
	}
	for _, l := range n.Labels {
		if l != cypher.RecordLabel {
			out["__label"] = l
		}
	}
	return out
}
