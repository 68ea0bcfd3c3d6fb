"""Null beside another schema, in the form OpenAPI 3.0.3 defines.

3.0.3 lets `nullable: true` add null only to the `type` of the same Schema Object, so the
common `{"allOf": [{"$ref": …}], "nullable": true}` (drf-spectacular's form for a nullable
nested serializer) still refuses null: strict validators say so. The value is instead one of
the schema and a schema that admits only null."""

#: admits null and nothing else (3.0.3: `nullable` widens the `type`, `enum` narrows it)
NULL = {"type": "object", "nullable": True, "enum": [None]}


def or_null(schema):
    """`schema`, or null."""
    return {"oneOf": [schema, NULL]}


def fix_nullable_reference(schema):
    """drf-spectacular's `{"allOf": [X], "nullable": true, …}` as `{"oneOf": [X, null], …}`,
    and `nullable` beside a `oneOf` or `anyOf` as null among its choices (other keys, e.g.
    `readOnly` or `description`, kept beside)."""
    if not (isinstance(schema, dict) and schema.get("nullable") and "type" not in schema):
        return schema
    rest = {key: value for key, value in schema.items() if key != "nullable"}
    if len(rest.get("allOf", ())) == 1:
        return {**or_null(rest.pop("allOf")[0]), **rest}
    for keyword in ("oneOf", "anyOf"):
        if keyword in rest:
            if NULL not in rest[keyword]:
                rest[keyword] = [*rest[keyword], NULL]
            return rest
    return schema
