package graph

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/relgraph/relgraph/cypher"
)

// OptionsQuery asks what a relation property of a declared type may link
// to.
type OptionsQuery struct {
	Project, Type, Property string
	TargetType              string // empty: every allowed type
	Q                       string // a case-insensitive part of the candidates' titles
	Locale                  string // the locale of the description presets; empty: en
	Limit                   int    // the most candidates listed
}

// LinkOptions is what a relation property may link to.
type LinkOptions struct {
	AllowedTypeIDs []string    `json:"allowedTypeIds"` // nil: any type
	Many           bool        `json:"many"`
	Cardinality    string      `json:"cardinality"` // "one" or "many"
	Descriptions   []string    `json:"descriptions"`
	Candidates     []Candidate `json:"candidates"`
}

// Candidate is a record a relation property may link to.
type Candidate struct {
	ID    string `json:"id"`
	Type  string `json:"type"`
	Title string `json:"title"`
}

// LinkOptions lists what relation property q.Property of declared type q.Type
// may link to: the allowed types, the cardinality, the description presets
// for q.TargetType in q.Locale (else en, else the first locale), and at
// most q.Limit records of an allowed type (only q.TargetType when given)
// whose live title contains q.Q. A target type the property does not allow
// has no presets and no candidates. ErrNotFound when the type is not
// declared or has no such relation property.
func (s *Store) LinkOptions(ctx context.Context, q OptionsQuery) (LinkOptions, error) {
	cat, err := s.catalog(ctx, q.Project)
	if err != nil {
		return LinkOptions{}, err
	}
	slot, ok := cat.Slot(q.Type, q.Property)
	if !ok {
		return LinkOptions{}, ErrNotFound
	}
	prop, _ := cat.Property(q.Type, q.Property)
	o := LinkOptions{AllowedTypeIDs: slot.Allowed, Many: slot.Many, Cardinality: "one", Descriptions: []string{}, Candidates: []Candidate{}}
	if slot.Many {
		o.Cardinality = "many"
	}
	types := slot.Allowed
	if q.TargetType != "" {
		if types != nil && !slices.Contains(types, q.TargetType) {
			return o, nil
		}
		types = []string{q.TargetType}
		for _, t := range prop.Descriptions[q.TargetType] {
			o.Descriptions = append(o.Descriptions, localised(t, q.Locale))
		}
	}
	res, err := s.read(ctx, cypher.Candidates(q.Project, types, q.Q, q.Limit))
	if err != nil {
		return LinkOptions{}, err
	}
	for _, row := range res.Records {
		c := columns{row: row}
		candidate := Candidate{ID: get[string](&c, "id"), Type: get[string](&c, "type"), Title: fmt.Sprint(anyOf(&c, "title"))}
		if c.err != nil {
			return LinkOptions{}, c.err
		}
		o.Candidates = append(o.Candidates, candidate)
	}
	return o, nil
}

// localised picks the text of a translation in locale, else en, else the
// first locale in order.
func localised(t map[string]string, locale string) string {
	if s, ok := t[locale]; ok {
		return s
	}
	if s, ok := t["en"]; ok {
		return s
	}
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return t[keys[0]]
}
