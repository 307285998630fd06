"""Squall's StackStorm compatibility layer: the parts of st2common that pack code imports.

This is not StackStorm: it is a small, independent implementation of the API StackStorm Exchange
packs use, backed by Squall. Modules it does not provide fail to import with a message listing
what it does provide (see squall_host/paths.py).
"""

__version__ = "3.9.0"
