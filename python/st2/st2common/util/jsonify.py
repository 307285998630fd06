"""st2common.util.jsonify: JSON helpers."""

import json

__all__ = ["json_encode", "json_decode", "json_loads", "try_loads", "get_json_type_for_python_value"]


def json_encode(obj, indent=None, sort_keys=False):
    return json.dumps(obj, indent=indent, sort_keys=sort_keys, default=str)


def json_decode(data):
    if isinstance(data, bytes):
        data = data.decode("utf-8")
    return json.loads(data)


def json_loads(obj, keys=None):
    """Parses the values of `keys` (all keys when None) of a dict that hold JSON; others are kept."""
    if not obj:
        return obj
    for key in keys if keys is not None else list(obj.keys()):
        try:
            obj[key] = json.loads(obj[key])
        except (TypeError, ValueError, KeyError):
            pass
    return obj


def try_loads(s):
    try:
        return json.loads(s) if s and isinstance(s, str) else s
    except ValueError:
        return s


def get_json_type_for_python_value(value):
    for python_type, name in (
        (bool, "boolean"),
        (str, "string"),
        (int, "integer"),
        (float, "number"),
        (dict, "object"),
        (list, "array"),
    ):
        if isinstance(value, python_type):
            return name
    if value is None:
        return "null"
    return "unknown"
