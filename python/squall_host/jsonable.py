"""Action results as JSON, the way StackStorm's runner serialises them.

Dates and times become ISO 8601 strings, tuples lists, NaN and infinities null, dict keys
strings. A value that still cannot be represented becomes str(value), as StackStorm does for a
result it cannot serialise.
"""

import datetime
import enum
import math
import uuid

MAX_DEPTH = 200


class NotJsonable(Exception):
    pass


def to_json_value(value, depth=0):
    if depth > MAX_DEPTH:
        raise NotJsonable("nested too deeply")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise NotJsonable("dict key %r is not a string" % (key,))
            out[key if isinstance(key, str) else _key_text(key)] = to_json_value(item, depth + 1)
        return out
    if isinstance(value, (list, tuple)):
        return [to_json_value(item, depth + 1) for item in value]
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return to_json_value(value.value, depth + 1)
    if isinstance(value, uuid.UUID):
        return str(value)
    raise NotJsonable("%s is not JSON serializable" % type(value).__name__)


def _key_text(key):
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def result_value(value):
    """The result as JSON data, or its str() when it has no JSON form."""
    try:
        return to_json_value(value)
    except (NotJsonable, RecursionError):
        return str(value)
