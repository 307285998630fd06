"""sys.path for pack code, and the error a StackStorm module Squall does not provide gives.

Order: Squall's StackStorm layer (st2common, st2reactor, st2actions), the pack's actions/lib and
lib, then the interpreter's own path (standard library, the pack's virtualenv), then fallbacks for
libraries StackStorm's own environment gave every pack (six, eventlet): a virtualenv that installs
the real one wins.
"""

import importlib.abc
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_ROOT = os.path.dirname(HERE)
SHIM_DIR = os.path.join(PYTHON_ROOT, "st2")
COMPAT_DIR = os.path.join(PYTHON_ROOT, "compat")
DOCS = "docs/actions.md#the-stackstorm-python-api"

# Top-level StackStorm packages: their missing modules get an explanation instead of a bare error.
GUARDED = ("st2common", "st2reactor", "st2actions", "st2client", "st2tests", "st2api", "st2auth")

PROVIDED = (
    "st2common.runners.base_action (Action)",
    "st2common.runners.utils",
    "st2common.log",
    "st2common.util.isotime",
    "st2common.util.date",
    "st2common.util.jsonify",
    "st2common.util.shell",
    "st2common.util.misc",
    "st2common.constants.keyvalue",
    "st2common.constants.action",
    "st2common.exceptions.action",
    "st2reactor.sensor.base (Sensor, PollingSensor)",
    "st2actions.runners.pythonrunner (Action)",
)


class MissingStackStormModule(importlib.abc.MetaPathFinder):
    """Last on sys.meta_path: asked only when no other finder found the module."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname.split(".")[0] not in GUARDED:
            return None
        raise ModuleNotFoundError(
            "No module named %r: Squall runs StackStorm packs with its own small StackStorm API, "
            "which does not include it. Provided: %s. See %s" % (fullname, ", ".join(PROVIDED), DOCS),
            name=fullname,
        )


def set_up(pack_dir):
    """Call once at start; returns the path list every run starts from."""
    front = [SHIM_DIR]
    if pack_dir:
        front += [os.path.join(pack_dir, "actions", "lib"), os.path.join(pack_dir, "lib")]
    rest = [entry for entry in sys.path if entry not in front and entry != HERE]
    sys.path[:] = front + rest + [COMPAT_DIR]
    sys.meta_path.append(MissingStackStormModule())
    return list(sys.path)


def add_plugin_dir(file_path):
    """The folder of an action or sensor module goes at the end of sys.path, as StackStorm does."""
    directory = os.path.dirname(os.path.realpath(file_path))
    if not os.path.isdir(directory):
        raise Exception('Directory "%s" with plugins doesn\'t exist' % directory)
    for entry in sys.path:
        if directory in (entry, entry + os.sep):
            return
    sys.path.append(directory)


def drop_pack_modules(pack_dir, known_before):
    """Forgets modules a run loaded from the pack, so the next run reads the pack's code afresh.

    Only modules that appeared during the run are looked at (earlier ones were dropped already).
    """
    if not pack_dir:
        return
    prefixes = tuple({os.path.abspath(pack_dir) + os.sep, os.path.realpath(pack_dir) + os.sep})
    for name in [name for name in sys.modules if name not in known_before]:
        location = getattr(sys.modules.get(name), "__file__", None)
        if location and os.path.abspath(location).startswith(prefixes):
            del sys.modules[name]
