"""Schemathesis hooks for relgraph's conformance run (handlers/schemathesis_test.go).

Each hook states a rule of the API that an OpenAPI 3.0 document cannot put in
a schema; none of them hides an answer.
"""

import csv
import io
import json
import re

import schemathesis

# A type name, and a record property's name (docs/api.md).
_TYPE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
_PROPERTY = re.compile(r"^([^_\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]{0,255}|_([^_\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]{0,254})?)$")


@schemathesis.hook
def before_load_schema(ctx, raw_schema):
    """Give Schemathesis the rules a 3.0 document cannot state.

    Member names: OpenAPI 3.0 has neither propertyNames nor
    patternProperties, so openapi.yaml states the rule on the names of a
    free-form object's members (property names, type names) as
    x-propertyNames {pattern}; here it becomes the patternProperties of
    JSON Schema draft 4, which Schemathesis reads for a 3.0 document, with
    the object's additionalProperties as the members' schema.

    Idempotency-Key: a key names one request, and another request under a
    used key is a 422 idempotency_key_reused (docs/api.md). A generator that
    draws keys from a small space reuses them across different requests, a
    rule between requests that no schema states; the header is left out of
    generation (handlers/idempotency_test.go tests it).
    """
    stack = [raw_schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            names = node.get("x-propertyNames")
            if isinstance(names, dict) and "pattern" in names and "patternProperties" not in node:
                members = node.get("additionalProperties", True)
                node["patternProperties"] = {names["pattern"]: {} if members is True else members}
                node["additionalProperties"] = False
            params = node.get("parameters")
            if isinstance(params, list):
                node["parameters"] = [p for p in params if not _is_idempotency_key(p, raw_schema)]
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _is_idempotency_key(param, root):
    if isinstance(param, dict) and "$ref" in param:
        ref = param["$ref"]
        if ref.startswith("#/"):
            param = root
            for part in ref[2:].split("/"):
                param = param.get(part, {}) if isinstance(param, dict) else {}
    return isinstance(param, dict) and param.get("in") == "header" and str(param.get("name", "")).lower() == "idempotency-key"


@schemathesis.hook
def map_body(ctx, body):
    """Rules between the parts of a body that JSON Schema cannot state.

    Each keeps a body the document allows allowed, and leaves whatever
    the document forbids in it as it is.
    """
    path = getattr(getattr(ctx, "operation", None), "path", "") or ""
    _unique_property_names(body)
    if path.endswith("/records/import/json") and isinstance(body, dict):
        for member in ("data", "payload"):
            _child_types(body.get(member))
        _no_import_merge(body)
        if body.get("format") in ("jsonl", "ndjson"):
            for member in ("data", "payload"):
                if isinstance(body.get(member), str):
                    body[member] = _json_lines(body[member])
    if path.endswith("/records/import/csv") and isinstance(body, dict):
        _csv_with_header(body)
    if path.endswith("/search") and isinstance(body, dict):
        _group_keys_once(body)
    if path.endswith("/records") and isinstance(body, dict):
        _merge_keys_given(body)
    return body


def _merge_keys_given(body):
    """An upsert's merge keys are among the properties it gives.

    options.mergeBy names properties the body gives with a value, and an
    upsert without mergeBy (mergeStrategy alone, or mergeBy empty) merges
    by every property given with a value, so it needs one (docs/api.md,
    Upsert). Valid names the body does not give are dropped from mergeBy;
    an upsert left without a merge key is not asked for.
    """
    options = body.get("options")
    if not isinstance(options, dict):
        return
    given = set()
    props = body.get("properties") if "properties" in body else body.get("data")
    if isinstance(props, dict):
        given = {k for k, v in props.items() if v is not None}
    elif isinstance(props, list):
        given = {p["name"] for p in props if isinstance(p, dict) and isinstance(p.get("name"), str) and p.get("value") is not None}
    by = options.get("mergeBy")
    if isinstance(by, list):
        options["mergeBy"] = [k for k in by if not (isinstance(k, str) and _PROPERTY.match(k)) or k in given]
        by = options["mergeBy"]
    upsert = options.get("mergeBy") is not None or options.get("mergeStrategy") is not None
    if upsert and not by and not given:
        options.pop("mergeBy", None)
        options.pop("mergeStrategy", None)


def _json_lines(text):
    """Text of one JSON record per line.

    With format jsonl or ndjson, data is text whose every line is a JSON
    record, a grammar inside a string that a schema cannot state: each
    generated line becomes the record {"value": line}.
    """
    return "\n".join(json.dumps({"value": line}) for line in text.splitlines() if line.strip())


def _no_import_merge(body):
    """An import is not asked to upsert.

    An import's mergeBy names properties every flat record it holds gives
    (docs/api.md, Upsert), a rule between options and each record: an
    import's options.mergeBy and mergeStrategy are left out.
    """
    options = body.get("options")
    if isinstance(options, dict):
        options.pop("mergeBy", None)
        options.pop("mergeStrategy", None)


def _group_keys_once(body):
    """A row's key is named once.

    select and aggregate name the keys of one row, and groupBy
    "$record.<property>" adds the key <property>: a key named twice is a
    400 (docs/api.md). The later ones are dropped.
    """
    select, aggregate = body.get("select"), body.get("aggregate")
    if isinstance(select, dict) and isinstance(aggregate, dict):
        for key in [k for k in aggregate if k in select]:
            del aggregate[key]  # select and aggregate name one row's keys
    refs = body.get("groupBy")
    if not isinstance(refs, list):
        return
    grouped = {r.split(".", 1)[1] for r in refs if isinstance(r, str) and r.startswith("$record.")}
    for member in ("select", "aggregate"):
        keys = body.get(member)
        if isinstance(keys, dict):
            for key in [k for k in keys if k in grouped]:
                del keys[key]


def _child_types(value):
    """A child record's member name is a type name.

    An import record's member whose value is a record or a list of records
    makes child records of the type the name names; the document can say
    only that it is a property name. A valid property name that is not a
    type name, above a child, becomes one.
    """
    if isinstance(value, list):
        for item in value:
            _child_types(item)
        return
    if not isinstance(value, dict):
        return
    for n, name in enumerate(list(value)):
        child = value[name]
        nested = isinstance(child, dict) or (isinstance(child, list) and child and all(isinstance(c, dict) for c in child))
        if nested and isinstance(name, str) and _PROPERTY.match(name) and not _TYPE.match(name):
            renamed = f"T{n}"
            while renamed in value:
                renamed += "_"
            value[renamed] = value.pop(name)
        _child_types(child)


def _csv_with_header(body):
    """CSV text whose first row names one property.

    The first row of data names the properties (each a property name, none
    twice), a rule on the text the document cannot state: the generated
    text becomes the cells of one column under a header "value".
    """
    text = body.get("data")
    if not isinstance(text, str):
        return
    delimiter = ","
    config = body.get("parseConfig")
    if isinstance(config, dict) and isinstance(config.get("delimiter"), str) and len(config["delimiter"]) == 1:
        delimiter = config["delimiter"]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(["value"])
    for line in text.splitlines():
        if line.strip():
            writer.writerow([line])
    body["data"] = out.getvalue()


def _unique_property_names(body):
    """A name once in a properties list.

    A list [{name, type, value}] that gives a name twice is a 400
    duplicate_property: unique by name is a rule JSON Schema cannot state
    (uniqueItems compares whole items). Later items of a name already
    given are dropped.
    """
    if isinstance(body, dict) and isinstance(body.get("properties"), list):
        seen, kept = set(), []
        for item in body["properties"]:
            name = item.get("name") if isinstance(item, dict) else None
            if isinstance(name, str):
                if name in seen:
                    continue
                seen.add(name)
            kept.append(item)
        body["properties"] = kept
