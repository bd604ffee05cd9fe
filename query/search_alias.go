package query

import (
	"slices"
	"strings"
)

// Aliases: a related-record condition may name its records ($alias, as
// RushDB does), and select, groupBy and aggregate read them by that name
// ("$company.name", {"$count": "$company"}, {"$collect": {"from":
// "$company"}}). The search's own records are "$record".
//
// A select reads the related records its condition found: each match is
// the searched record with one related record of each alias read (every
// such combination), so the condition must be one every match satisfies:
// at the top of where (or in a top $and), or inside another such
// related-record condition. Aliases nothing reads have no effect.

// rootAlias names the searched records.
const rootAlias = "$record"

// aliasDecl is one $alias of a where: its name, where it is written, and
// whether every match satisfies its condition.
type aliasDecl struct {
	name, at string
	required bool
}

// aliasRef is one reading of an alias by select, groupBy or aggregate.
type aliasRef struct{ name, at string }

// isAliasName says whether name can name related records: "$" and at
// least one more character, none of them a dot.
func isAliasName(name string) bool {
	return len(name) > 1 && name[0] == '$' && !strings.Contains(name, ".")
}

// bindAliases checks that each alias refs read is declared once by where,
// on a condition every match satisfies, and keeps only those aliases in w
// (Related.Alias): the compiler binds the related records of exactly them.
func bindAliases(w Where, decls []aliasDecl, refs []aliasRef) (Where, error) {
	used := map[string]bool{}
	for _, ref := range refs {
		i := slices.IndexFunc(decls, func(d aliasDecl) bool { return d.name == ref.name })
		if i < 0 {
			return nil, bad("unknown_alias", ref.at, "%s is not declared: name a related-record condition with \"$alias\": %s in where, or read the searched record, $record", quote(ref.name), quote(ref.name))
		}
		d := decls[i]
		if j := slices.IndexFunc(decls[i+1:], func(d aliasDecl) bool { return d.name == ref.name }); j >= 0 {
			return nil, bad("invalid_where", decls[i+1+j].at, "%s is declared twice", quote(ref.name))
		}
		if !d.required {
			return nil, bad("unsupported_alias", d.at, "%s is read by select, so its condition must hold for every match: not under $or, $not, $nor, $xor or a quantifier", quote(ref.name))
		}
		used[ref.name] = true
	}
	return keepAliases(w, used), nil
}

// keepAliases clears the aliases of w's related-record conditions that are
// not used.
func keepAliases(w Where, used map[string]bool) Where {
	each := func(ws []Where) []Where {
		out := make([]Where, len(ws))
		for i, x := range ws {
			out[i] = keepAliases(x, used)
		}
		return out
	}
	switch x := w.(type) {
	case And:
		return And(each(x))
	case Or:
		return Or(each(x))
	case Xor:
		return Xor(each(x))
	case Not:
		x.Where = keepAliases(x.Where, used)
		return x
	case Related:
		if !used[x.Alias] {
			x.Alias = ""
		}
		x.Where = keepAliases(x.Where, used)
		return x
	case Via:
		x.Where = keepAliases(x.Where, used)
		return x
	}
	return w
}

// Binds says whether w (a Related or a Via) or a condition inside it
// names related records a select reads: the compiler binds them.
func Binds(w Where) bool {
	switch x := w.(type) {
	case Related:
		return x.Alias != "" || slices.ContainsFunc(Required(x.Where), Binds)
	case Via:
		return x.Quantifier == Some && (x.Alias != "" || slices.ContainsFunc(Required(x.Where), Binds))
	}
	return false
}

// Required lists the conditions w requires: its members when it is an
// And (its nested Ands' too), else w itself.
func Required(w Where) []Where {
	all, ok := w.(And)
	if !ok {
		if w == nil {
			return nil
		}
		return []Where{w}
	}
	var out []Where
	for _, x := range all {
		out = append(out, Required(x)...)
	}
	return out
}
