"""st2common.exceptions: the base exception class."""


class StackStormBaseException(Exception):
    pass


class StackStormPluginException(StackStormBaseException):
    pass
