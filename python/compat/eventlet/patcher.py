"""eventlet.patcher: nothing is patched, so the originals are the modules themselves."""

import importlib


def original(name):
    return importlib.import_module(name)


def is_monkey_patched(module):
    return False
