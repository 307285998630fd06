"""st2common.util.isotime: ISO 8601 strings to and from datetimes."""

import builtins
import datetime
import re

from st2common.util import date as date_utils

__all__ = ["format", "validate", "parse", "add_utc_tz"]

ISO8601_FORMAT = "%Y-%m-%dT%H:%M:%S"
ISO8601_FORMAT_MICROSECOND = "%Y-%m-%dT%H:%M:%S.%f"
ISO8601_UTC_REGEX = r"^\d{4}\-\d{2}\-\d{2}(\s|T)\d{2}:\d{2}:\d{2}(\.\d{3,6})?(Z|\+00|\+0000|\+00:00)$"

add_utc_tz = date_utils.add_utc_tz


def format(dt, usec=True, offset=True):  # noqa: A001 - StackStorm's name
    """`2026-01-02T03:04:05.000006+00:00` (offset) or `...Z` (offset=False, UTC)."""
    if isinstance(dt, builtins.str):
        dt = parse(dt)
    elif isinstance(dt, int) and not isinstance(dt, bool):
        dt = datetime.datetime.fromtimestamp(dt, datetime.timezone.utc)
    text = dt.strftime(ISO8601_FORMAT_MICROSECOND if usec else ISO8601_FORMAT)
    if offset:
        zone = dt.strftime("%z")
        return text + ((zone[:3] + ":" + zone[3:]) if zone else "+00:00")
    name = dt.tzinfo.tzname(dt) if dt.tzinfo else "UTC"
    return text + ("Z" if name in ("UTC", "UTC+00:00") else name)


def validate(value, raise_exception=True):
    if isinstance(value, datetime.datetime) or (
        isinstance(value, builtins.str) and re.match(ISO8601_UTC_REGEX, value)
    ):
        return True
    if raise_exception:
        raise ValueError("Datetime value does not match expected format.")
    return False


def parse(value, preserve_original_tz=False, validate_value=True):
    if validate_value:
        validate(value, raise_exception=True)
    if isinstance(value, datetime.datetime):
        dt = value if value.tzinfo else date_utils.add_utc_tz(value)
        return dt if preserve_original_tz else date_utils.convert_to_utc(dt)
    return date_utils.parse(value, preserve_original_tz=preserve_original_tz)
