"""st2common.util.date: timezone-aware UTC datetimes (standard library only)."""

import datetime

__all__ = ["get_datetime_utc_now", "add_utc_tz", "convert_to_utc", "parse", "append_milliseconds_to_time"]

UTC = datetime.timezone.utc


def get_datetime_utc_now():
    return datetime.datetime.now(UTC)


def add_utc_tz(dt):
    if dt.tzinfo and dt.tzinfo.utcoffset(dt) != datetime.timedelta(0):
        raise ValueError("datetime already contains a non UTC timezone")
    return dt.replace(tzinfo=UTC)


def convert_to_utc(dt):
    """A naive datetime is taken to be in UTC."""
    if not dt.tzinfo:
        return add_utc_tz(dt)
    return dt.astimezone(UTC)


def append_milliseconds_to_time(date, millis):
    return convert_to_utc(date + datetime.timedelta(milliseconds=millis))


def parse(value, preserve_original_tz=False):
    """An ISO 8601 date (or date and time) as an aware datetime, in UTC unless asked otherwise."""
    text = str(value).strip()
    try:
        dt = datetime.datetime.fromisoformat(text)
    except ValueError:
        dt = datetime.datetime.fromisoformat(text.replace(" ", "T", 1))
    if not dt.tzinfo:
        dt = add_utc_tz(dt)
    return dt if preserve_original_tz else convert_to_utc(dt)
