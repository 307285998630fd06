"""st2common.log: loggers are the standard library's."""

import logging

AUDIT = logging.CRITICAL + 10
logging.addLevelName(AUDIT, "AUDIT")

DEBUG = logging.DEBUG
INFO = logging.INFO
WARNING = logging.WARNING
ERROR = logging.ERROR
CRITICAL = logging.CRITICAL


def getLogger(name):  # noqa: N802 - StackStorm's name
    return logging.getLogger(name)


def setup(*args, **kwargs):
    """StackStorm configures its services' logging here; pack code in Squall logs to stderr."""
    return None
