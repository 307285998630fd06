"""Loads a Python sensor class the way StackStorm's sensor wrapper does."""

import importlib.util
import inspect
import os
import traceback

from squall_host import paths


def load_sensor(spec, service, config):
    from st2reactor.sensor.base import PollingSensor, Sensor

    file_path = spec["entryPath"]
    class_name = spec["className"]
    try:
        sensor_class = _load_class(Sensor, file_path, class_name)
    except Exception as error:
        message = (
            'Failed to load sensor class from file "%s" (sensor file most likely doesn\'t exist or '
            "contains invalid syntax): %s\n\n%s" % (file_path, error, traceback.format_exc())
        )
        raise Exception(message)
    kwargs = {"sensor_service": service, "config": config}
    poll_interval = spec.get("pollInterval")
    if poll_interval and issubclass(sensor_class, PollingSensor):
        kwargs["poll_interval"] = poll_interval
    return sensor_class(**kwargs)


def _load_class(base_class, file_path, class_name):
    paths.add_plugin_dir(file_path)
    name = os.path.splitext(os.path.basename(file_path))[0]
    module_spec = importlib.util.spec_from_file_location(name, file_path)
    if module_spec is None:
        raise Exception('"%s" is not a Python module' % file_path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    sensor_class = getattr(module, class_name, None)
    if not sensor_class:
        raise Exception('Plugin file "%s" doesn\'t expose class named "%s"' % (file_path, class_name))
    concrete = {
        method_name
        for method_name, method in inspect.getmembers(sensor_class, inspect.isfunction)
        if not getattr(method, "__isabstractmethod__", False)
    }
    for required in sorted(getattr(base_class, "__abstractmethods__", ())):
        if required not in concrete:
            raise Exception(
                'Class "%s" doesn\'t implement required "%s" method from the base class'
                % (sensor_class.__name__, required)
            )
    return sensor_class
