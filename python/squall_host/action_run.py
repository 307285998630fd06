"""One python-script execution with StackStorm's semantics.

The module at the entry point is executed afresh; the class used is the first (by name) defined in
it that implements run(); it is constructed with the pack config and an action service; run() is
called with the parameters. A 2-tuple whose first item is a bool sets the status; any other
2-tuple whose first item is not None is refused (exit code 220), as StackStorm does.
"""

import importlib.util
import inspect
import os
import sys
import traceback

from squall_host import jsonable, paths

INVALID_STATUS_EXIT_CODE = 220
INVALID_STATUS_HELP = (
    "If this is an existing action which returns a tuple with two items, it needs to be updated "
    "to either:\n\n1. Return a list instead of a tuple\n2. Return a tuple where a first items is a "
    "status flag - (True, ('item1', 'item2'))"
)


class ActionWrapper(object):
    """What StackStorm's Action and ActionService read from the wrapper (_pack, _class_name, _log_level)."""

    def __init__(self, pack, file_path, log_level):
        self._pack = pack
        self._file_path = file_path
        self._log_level = log_level
        self._class_name = None


class Outcome(object):
    def __init__(self, exit_code, status=None, result=None, has_result=False, error=None):
        self.exit_code = exit_code
        self.status = status
        self.result = result
        self.has_result = has_result
        self.error = error

    def to_message(self, run_id):
        return {
            "type": "done",
            "id": run_id,
            "exit_code": self.exit_code,
            "status": self.status,
            "result": self.result,
            "has_result": self.has_result,
            "error": self.error,
        }


def run_action(request, requests):
    """Runs one action; never raises (exceptions become an exit code and a traceback on stderr)."""
    wrapper = ActionWrapper(request["pack"], request["file"], request.get("log_level") or "DEBUG")
    try:
        action = _instantiate(wrapper, request.get("config") or {}, requests)
        output = action.run(**(request.get("parameters") or {}))
    except SystemExit as stop:
        return Outcome(_exit_code_of(stop))
    except BaseException as error:  # noqa: B902 - every failure of pack code is reported
        traceback.print_exc()
        return Outcome(1, error=_last_line(error))
    return _outcome_of(output)


def _outcome_of(output):
    status = None
    result = output
    if isinstance(output, tuple) and len(output) == 2:
        status, result = output
    if status is not None and not isinstance(status, bool):
        message = (
            "Status returned from the action run() method must either be True or False, got: %s\n"
            % (status,)
        )
        sys.stderr.write(message)
        sys.stderr.write(INVALID_STATUS_HELP)
        return Outcome(INVALID_STATUS_EXIT_CODE, error=message.strip())
    return Outcome(0, status=status, result=jsonable.result_value(result), has_result=True)


def _instantiate(wrapper, config, requests):
    # Late imports: the shim is on sys.path only once paths.set_up has run.
    from squall_host.action_service import ActionService
    from st2common.runners.base_action import Action
    from st2common.runners.utils import get_action_class_instance

    action_class = _load_action_class(Action, wrapper._file_path)
    wrapper._class_name = action_class.__name__
    service = ActionService(wrapper, requests)
    return get_action_class_instance(action_cls=action_class, config=config, action_service=service)


def _load_action_class(base_class, file_path):
    try:
        classes = _classes_implementing(base_class, file_path)
    except Exception as error:
        message = (
            'Failed to load action class from file "%s" (action file most likely doesn\'t exist or '
            "contains invalid syntax): %s\n\n%s" % (file_path, error, traceback.format_exc())
        )
        raise _same_kind(error, message)
    if not classes:
        raise Exception('File "%s" has no action class or the file doesn\'t exist.' % file_path)
    return classes[0]


def _classes_implementing(base_class, file_path):
    paths.add_plugin_dir(file_path)
    if not file_path.endswith(".py"):
        return None
    name = os.path.splitext(os.path.basename(file_path))[0]
    spec = importlib.util.spec_from_file_location(name, file_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    defined = [
        member
        for _, member in inspect.getmembers(module, inspect.isclass)
        if member.__module__ == module.__name__
    ]
    usable = [cls for cls in defined if _implements(base_class, cls)]
    if not usable:
        raise Exception('Found no classes in plugin file "%s" matching requirements.' % file_path)
    return usable


def _implements(base_class, cls):
    required = getattr(base_class, "__abstractmethods__", frozenset())
    concrete = {
        name
        for name, method in inspect.getmembers(cls, inspect.isfunction)
        if not getattr(method, "__isabstractmethod__", False)
    }
    return all(name in concrete for name in required)


def _same_kind(error, message):
    try:
        return type(error)(message)
    except Exception:
        return Exception(message)


def _exit_code_of(stop):
    code = stop.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    sys.stderr.write("%s\n" % (code,))
    return 1


def _last_line(error):
    text = "".join(traceback.format_exception_only(type(error), error)).strip()
    return text.splitlines()[-1] if text else type(error).__name__
