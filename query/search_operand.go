package query

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/relgraph/relgraph/schema"
)

// compare reads one comparison and checks its operand.
func compare(name string, id bool, op Op, v any, at string) (Where, error) {
	c := Compare{Property: name, ID: id, Op: op}
	var err error
	switch op {
	case OpExists:
		b, ok := v.(bool)
		if !ok || id {
			return nil, bad("invalid_value", at, "$exists takes true or false, on a property")
		}
		c.Value = b
	case OpContains, OpStartsWith, OpEndsWith:
		s, ok := v.(string)
		if !ok {
			return nil, bad("invalid_value", at, "%s takes a string", op)
		}
		c.Value = s
	case OpIn, OpNin:
		c.Value, c.Datetime, err = listOperand(v, id, at, op)
	case OpType:
		t, _ := v.(string)
		if !valueTypes[t] || id {
			return nil, bad("invalid_value", at, "$type takes string, number, boolean, datetime or null, on a property")
		}
		c.Value = t
	default:
		c.Value, c.Datetime, err = operand(v, id, at)
		if err == nil && c.Value == nil && c.Datetime == nil && op != OpEq && op != OpNe {
			err = bad("invalid_value", at, "%s cannot compare with null", op)
		}
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

// valueTypes are the operands of $type.
var valueTypes = map[string]bool{TypeString: true, TypeNumber: true, TypeBoolean: true, TypeDatetime: true, TypeNull: true}

// operand converts one scalar operand: strings, numbers, booleans and null,
// or the SDK's datetime object. Ids compare with strings only.
func operand(v any, id bool, at string) (value, datetime any, err error) {
	if s, ok := v.(string); ok {
		if t, isTime := readsAsDatetime(s); isTime && !id {
			return s, t, nil
		}
		return s, nil, nil
	}
	if id {
		return nil, nil, bad("invalid_value", at, "a record id is a string")
	}
	switch x := v.(type) {
	case nil, bool:
		return x, nil, nil
	case json.Number:
		n, _, err := schema.Value(at, schema.TypeNumber, x)
		if err != nil {
			return nil, nil, bad("invalid_value", at, "the number is out of range")
		}
		return n, nil, nil
	case object:
		if isDatetimeObject(x) {
			t, _, err := schema.Value(at, schema.TypeDatetime, x.plain())
			var rule *schema.Error
			if errors.As(err, &rule) && rule.Code == "out_of_range" {
				return nil, nil, err
			}
			if err != nil {
				return nil, nil, bad("invalid_value", at, "a datetime object holds $year and optionally $month … $nanosecond, as whole numbers")
			}
			return nil, t.(time.Time).UTC(), nil
		}
	}
	return nil, nil, bad("invalid_value", at, "an operand is a string, number, boolean, null or datetime object")
}

// listOperand converts the list operand of $in or $nin.
func listOperand(v any, id bool, at string, op Op) (values, datetimes any, err error) {
	list, ok := v.([]any)
	if !ok {
		return nil, nil, bad("invalid_value", at, "%s takes a list", op)
	}
	plain, times := []any{}, []any{}
	for i, x := range list {
		value, t, err := operand(x, id, index(at, i))
		switch {
		case err != nil:
			return nil, nil, err
		case value == nil && t == nil:
			return nil, nil, bad("invalid_value", index(at, i), "%s cannot hold null; use {\"$eq\": null}", op)
		}
		if value != nil {
			plain = append(plain, value)
		}
		if t != nil {
			times = append(times, t)
		}
	}
	if len(times) == 0 {
		return plain, nil, nil
	}
	return plain, times, nil
}

// readsAsDatetime says whether s is an ISO 8601 datetime (or date), as
// stored datetimes are written, and gives it in UTC.
func readsAsDatetime(s string) (time.Time, bool) {
	if len(s) < 10 || s[4] != '-' {
		return time.Time{}, false
	}
	t, _, err := schema.Value("", schema.TypeDatetime, s)
	if err != nil {
		return time.Time{}, false
	}
	return t.(time.Time).UTC(), true
}

func isDatetimeObject(obj object) bool {
	_, ok := obj.get("$year")
	return ok
}

// plain converts an object of scalars to the map schema.Value reads.
func (o object) plain() map[string]any {
	m := make(map[string]any, len(o))
	for _, x := range o {
		m[x.Key] = x.Value
	}
	return m
}
