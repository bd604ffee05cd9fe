"""Schemathesis hooks for relgraph's conformance run (handlers/schemathesis_test.go).

Each hook states a rule of the API that an OpenAPI 3.0 document cannot put in
a schema; none of them hides an answer.
"""

import schemathesis


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
