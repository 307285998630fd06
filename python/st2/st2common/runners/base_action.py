"""st2common.runners.base_action.Action: the base class of python-script actions."""

import abc

from st2common.runners.utils import PackConfigDict, get_logger_for_python_runner_action

__all__ = ["Action"]


class Action(object, metaclass=abc.ABCMeta):
    """A python-script action: Squall calls run(**parameters) on an instance."""

    description = None

    def __init__(self, config=None, action_service=None):
        self.action_service = action_service
        wrapper = getattr(action_service, "_action_wrapper", None) if action_service else None
        log_level = getattr(wrapper, "_log_level", "debug") if wrapper else "debug"
        pack_name = getattr(wrapper, "_pack", "unknown") if wrapper else "unknown"
        self.config = PackConfigDict(pack_name, config or {})
        self.logger = get_logger_for_python_runner_action(
            action_name=self.__class__.__name__, log_level=log_level
        )

    @abc.abstractmethod
    def run(self, **kwargs):
        pass
