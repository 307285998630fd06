"""JSON lines over the socket Squall opens as file descriptor 3 of its Python processes.

Each message is one JSON object on one line. The descriptor is made non-inheritable so that
processes an action or a sensor starts never see it.
"""

import json
import os
import threading

CHANNEL_FD = 3
MAX_LINE = 64 * 1024 * 1024


class ChannelClosed(Exception):
    """The engine closed its end: the process should exit."""


class Channel(object):
    def __init__(self, fd=CHANNEL_FD):
        self._fd = fd
        os.set_inheritable(fd, False)
        self._buffer = b""
        self._write_lock = threading.Lock()

    def send(self, message):
        data = (json.dumps(message, separators=(",", ":"), allow_nan=False) + "\n").encode("utf-8")
        with self._write_lock:
            view = memoryview(data)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]

    def receive(self):
        """The next message (a dict); raises ChannelClosed at end of input."""
        while True:
            newline = self._buffer.find(b"\n")
            if newline >= 0:
                line, self._buffer = self._buffer[:newline], self._buffer[newline + 1 :]
                if not line.strip():
                    continue
                return json.loads(line.decode("utf-8"))
            if len(self._buffer) > MAX_LINE:
                raise ChannelClosed("message from the engine is too long")
            chunk = os.read(self._fd, 65536)
            if not chunk:
                raise ChannelClosed("the engine closed the channel")
            self._buffer += chunk
