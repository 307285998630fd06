"""st2common.exceptions.action: exceptions actions raise."""

from st2common.exceptions import StackStormBaseException


class ParameterRenderingFailedException(StackStormBaseException):
    pass


class InvalidActionReferencedException(StackStormBaseException):
    pass


class InvalidActionParameterException(StackStormBaseException):
    pass
