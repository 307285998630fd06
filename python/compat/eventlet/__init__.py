"""A stand-in for the parts of `eventlet` Exchange sensors use, on threads instead of green threads.

StackStorm's own environment gave every pack eventlet; Squall does not run packs under eventlet.
This module is last on sys.path, so a pack whose requirements install eventlet gets the real one.
Provided: sleep, spawn, spawn_n, spawn_after, monkey_patch (does nothing), GreenPool, Timeout and
eventlet.green.<module> (the standard library module).
"""

import threading
import time

__all__ = ["sleep", "spawn", "spawn_n", "spawn_after", "monkey_patch", "GreenPool", "Timeout"]


def sleep(seconds=0):
    time.sleep(seconds)


class GreenThread(object):
    def __init__(self, function, args, kwargs, delay=0):
        self._result = None
        self._error = None
        self._done = threading.Event()

        def body():
            if delay:
                time.sleep(delay)
            try:
                self._result = function(*args, **kwargs)
            except BaseException as error:  # noqa: B902 - re-raised by wait()
                self._error = error
            finally:
                self._done.set()

        self._thread = threading.Thread(target=body, daemon=True)
        self._thread.start()

    def wait(self):
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._result

    def dead(self):
        return self._done.is_set()

    def kill(self, *args):
        """Threads cannot be killed; the call is accepted and does nothing."""


def spawn(function, *args, **kwargs):
    return GreenThread(function, args, kwargs)


def spawn_n(function, *args, **kwargs):
    GreenThread(function, args, kwargs)


def spawn_after(seconds, function, *args, **kwargs):
    return GreenThread(function, args, kwargs, delay=seconds)


def monkey_patch(*args, **kwargs):
    """Nothing to patch: the standard library already blocks only the calling thread."""


class GreenPool(object):
    def __init__(self, size=1000):
        self._slots = threading.BoundedSemaphore(size)

    def spawn(self, function, *args, **kwargs):
        self._slots.acquire()

        def run():
            try:
                return function(*args, **kwargs)
            finally:
                self._slots.release()

        return GreenThread(run, (), {})

    def spawn_n(self, function, *args, **kwargs):
        self.spawn(function, *args, **kwargs)

    def waitall(self):
        return None


class Timeout(Exception):
    """Accepted for compatibility; it does not interrupt the code it wraps."""

    def __init__(self, seconds=None, exception=None):
        super(Timeout, self).__init__(seconds)
        self.seconds = seconds

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def cancel(self):
        return None
