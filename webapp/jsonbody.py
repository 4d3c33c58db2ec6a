"""JSON request bodies: read safely and checked against a schema before a view uses them (issue 13, point 5).

Every JSON body the app accepts has a JSON Schema (Draft 2020-12) next to its feature (visits/schemas.py,
accounts/schemas.py). The same schemas are the request bodies of the OpenAPI document (webapp/api/openapi.py), so what
is documented, what is fuzzed (tests/api/test_schemathesis.py) and what is enforced cannot drift apart.

Reading a body never raises anything but BodyError, whose response is a 400 (or 413) with a code for the program and a
message in the person's language: a body that is too large, not UTF-8, not JSON (JSON has no Infinity or NaN, and a
number too large for a float is refused rather than read as infinity), nested deeper than any real body, or not what
the schema says.

Patterns are matched as JSON Schema says (ECMA-262): `$` is the end of the text. Python's `$` also matches before a
final newline, which let a client id ending in a newline through; here a final `$` is matched as `\\Z`.
"""

import json
import math
import re
from functools import lru_cache

from flask import jsonify
from flask_babel import lazy_gettext as _l
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError, best_match

#: Characters refused in any text: C0 controls, DEL and C1 controls; the bidirectional embeddings, overrides and
#: isolates (U+202A–U+202E, U+2066–U+2069), which make text read differently from what is stored; and surrogates,
#: which are not characters at all (a database cannot store one alone). Tab, line feed and carriage return are allowed
#: only in text of several lines.
FORBIDDEN = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
LINE_BREAKS = r"\u0009\u000a\u000d"

#: The deepest nesting of arrays and objects any body of this app has (a visit's location is 4 deep).
MAX_DEPTH = 8


def text(max_length: int, *, lines: bool = False, nullable: bool = False) -> dict:
    """A schema for text of at most max_length characters with no control characters (line breaks if `lines`)."""
    forbidden = FORBIDDEN if lines else FORBIDDEN + LINE_BREAKS
    return {
        "type": ["string", "null"] if nullable else "string",
        "maxLength": max_length,
        "pattern": f"^[^{forbidden}]*$",
    }


#: The body of every refusal: a code for the program, a sentence for the person.
ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
}


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern:
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not _compiled(pattern).search(instance):
        yield ValidationError(f"does not match {pattern!r}")


#: Draft 2020-12 with ECMA-262's `$`.
Validator = validators.extend(Draft202012Validator, {"pattern": _pattern})


class BodyError(Exception):
    """The body is refused as a whole: `code` for the program, `message` for the person, `status` for HTTP."""

    def __init__(self, code: str, message, status: int = 400):
        super().__init__(code)
        self.code, self.message, self.status = code, message, status

    def response(self):
        return jsonify(error=self.code, message=str(self.message)), self.status


def _reject_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def _finite(text_: str) -> float:
    value = float(text_)
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


def loads(raw: bytes | str):
    """Parse strict JSON: UTF-8, no Infinity/NaN, every number finite. Raises BodyError."""
    try:
        if isinstance(raw, bytes):
            raw = raw.decode("utf-8")
        value = json.loads(raw, parse_constant=_reject_constant, parse_float=_finite)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise BodyError("not_json", _l("The body is not valid JSON.")) from error
    if depth(value) > MAX_DEPTH:
        raise BodyError("too_deep", _l("The body is nested too deeply."))
    return value


def depth(value) -> int:
    """How deeply arrays and objects nest in value (a scalar is 0), counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        if level <= MAX_DEPTH:  # deeper than that is refused anyway: stop counting
            stack.extend((child, level + 1) for child in children)
    return deepest


def read(request, schema: dict, *, max_bytes: int, labels: dict | None = None):
    """The request's JSON body, checked against schema. Raises BodyError."""
    if not request.is_json:
        raise BodyError("not_json", _l("Send the body as JSON (Content-Type: application/json)."))
    if request.content_length is not None and request.content_length > max_bytes:
        raise BodyError("too_large", _l("The body is too large: at most %(size)s kB.", size=max_bytes // 1024), 413)
    raw = request.get_data(cache=True)
    if len(raw) > max_bytes:
        raise BodyError("too_large", _l("The body is too large: at most %(size)s kB.", size=max_bytes // 1024), 413)
    value = loads(raw)
    problem = first_problem(schema, value, labels)
    if problem:
        raise BodyError("invalid", problem)
    return value


def first_problem(schema: dict, value, labels: dict | None = None, whole=None) -> str | None:
    """What is most wrong with value under schema, as a sentence for the person; None when it is valid. `whole`
    names the value itself (default "The body"), `labels` its fields."""
    return problem_at(schema, value, labels, whole)[1]


def problem_at(schema: dict, value, labels: dict | None = None, whole=None) -> tuple[str | None, str | None]:
    """(the JSON name of the field most wrong, or None for the whole value; the sentence), or (None, None)."""
    try:
        error = best_match(Validator(schema).iter_errors(value))
    except RecursionError:  # loads() bounds the depth, but a value may come from elsewhere
        return None, str(_l("The body is nested too deeply."))
    if error is None:
        return None, None
    return field_name(error), describe(error, labels or {}, whole)


def field_name(error: ValidationError) -> str | None:
    path = [part for part in error.absolute_path if isinstance(part, str)]
    if error.validator == "required":
        path.append(next((name for name in error.validator_value if name not in error.instance), ""))
    return path[-1] if path else None


TYPES = {
    "string": _l("must be text"),
    "integer": _l("must be a whole number"),
    "number": _l("must be a number"),
    "object": _l("must be a set of named fields"),
    "array": _l("must be a list"),
    "boolean": _l("must be true or false"),
    "null": _l("must be empty"),
}


def describe(error: ValidationError, labels: dict, whole=None) -> str:
    """'Field: problem', naming the field as the person knows it (labels), else by its JSON name."""
    limit = error.validator_value
    kind = error.validator
    if kind == "required":
        problem = _l("is missing")
    elif kind == "type":
        wanted = limit if isinstance(limit, str) else next((t for t in limit if t != "null"), limit[0])
        problem = TYPES.get(wanted, _l("has the wrong type"))
    elif kind == "maxLength":
        problem = _l("is too long: at most %(limit)s characters", limit=limit)
    elif kind == "minLength":
        problem = _l("is too short: at least %(limit)s characters", limit=limit)
    elif kind == "pattern":
        problem = _l("contains characters that are not allowed")
    elif kind in ("maximum", "exclusiveMaximum"):
        problem = _l("is too large: at most %(limit)s", limit=limit)
    elif kind in ("minimum", "exclusiveMinimum"):
        problem = _l("is too small: at least %(limit)s", limit=limit)
    elif kind in ("enum", "const"):
        problem = _l("is not one of the allowed values")
    elif kind in ("additionalProperties", "unevaluatedProperties"):
        problem = _l("has a field that is not expected")
    elif kind == "maxItems":
        problem = _l("has too many items: at most %(limit)s", limit=limit)
    elif kind == "minItems":
        problem = _l("has too few items: at least %(limit)s", limit=limit)
    else:
        problem = _l("is not valid")
    name = field_name(error)
    field = labels.get(name, name) if name else (whole or _l("The body"))
    return str(_l("%(field)s: %(problem)s", field=field, problem=problem))
