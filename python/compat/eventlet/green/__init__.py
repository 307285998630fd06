"""eventlet.green.<module>: the standard library module of that name."""

import importlib
import sys

for _name in ("os", "socket", "select", "ssl", "subprocess", "threading", "time", "thread", "asyncore", "asynchat"):
    try:
        _module = importlib.import_module("_thread" if _name == "thread" else _name)
    except ImportError:
        continue
    sys.modules["eventlet.green.%s" % _name] = _module
    globals()[_name] = _module
