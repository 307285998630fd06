"""st2common.runners.utils: the action logger, the pack config dict and action construction."""

import logging
import sys

__all__ = ["PackConfigDict", "get_logger_for_python_runner_action", "get_action_class_instance"]

LOG_FORMAT = "%(name)-12s: %(levelname)-8s %(message)s"
_LOGGERS = {}

MISSING_KEY = (
    'Config for pack "%s" is missing key "%s".\n'
    "Make sure that configs/%s.yaml in the Squall home exists and contains that key, or that the "
    "pack's config.schema.yaml gives it a default."
)


class PackConfigDict(dict):
    """The pack config; reading a key it does not have is a ValueError that says where to add it."""

    def __init__(self, pack_name, *args):
        super(PackConfigDict, self).__init__(*args)
        self._pack_name = pack_name

    def __getitem__(self, key):
        try:
            return super(PackConfigDict, self).__getitem__(key)
        except KeyError:
            raise ValueError(MISSING_KEY % (self._pack_name, key, self._pack_name))


def get_logger_for_python_runner_action(action_name, log_level="debug"):
    """`actions.python.<Class>`: lines on stderr, which Squall records as the execution's stderr."""
    name = "actions.python.%s" % (action_name,)
    level = getattr(logging, str(log_level).upper(), logging.DEBUG)
    if not isinstance(level, int):
        level = logging.DEBUG
    logger = _LOGGERS.get(name)
    if logger is None:
        logger = logging.getLogger(name)
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        logger.addHandler(handler)
        logger.propagate = False
        _LOGGERS[name] = logger
    logger.setLevel(level)
    for handler in logger.handlers:
        handler.setLevel(level)
    return logger


def get_action_class_instance(action_cls, config=None, action_service=None):
    """Constructs the action with (config, action_service), or (config) for older classes."""
    try:
        return action_cls(config=config, action_service=action_service)
    except TypeError as error:
        if "unexpected keyword argument 'action_service'" not in str(error):
            raise
    instance = action_cls(config=config)
    instance.action_service = action_service
    return instance
