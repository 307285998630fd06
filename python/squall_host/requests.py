"""Calls from pack code to the engine (datastore, dispatch): a request message, then its reply.

Any thread may call. In a sensor a reader thread receives every message and posts replies here; in
an action worker nothing else reads while an action runs, so a caller reads the channel itself.
"""

import threading


class EngineError(Exception):
    """The engine answered a request with an error."""


class EngineRequests(object):
    def __init__(self, channel, reads_itself):
        self._channel = channel
        self._reads_itself = reads_itself
        self._condition = threading.Condition()
        self._read_lock = threading.Lock()
        self._replies = {}
        self._next_id = 1

    def post_reply(self, message):
        with self._condition:
            self._replies[message.get("id")] = message
            self._condition.notify_all()

    def call(self, op, args):
        with self._condition:
            request_id = self._next_id
            self._next_id += 1
        self._channel.send({"type": "request", "id": request_id, "op": op, "args": args})
        reply = self._wait(request_id)
        if reply.get("ok"):
            return reply.get("value")
        raise EngineError(reply.get("error") or "the engine refused the request")

    def _wait(self, request_id):
        while True:
            with self._condition:
                if request_id in self._replies:
                    return self._replies.pop(request_id)
                if not self._reads_itself:
                    self._condition.wait(1.0)
                    continue
            if not self._read_lock.acquire(blocking=False):
                with self._condition:
                    self._condition.wait(0.05)
                continue
            try:
                with self._condition:
                    if request_id in self._replies:
                        continue
                message = self._channel.receive()
                if message.get("type") == "reply":
                    self.post_reply(message)
            finally:
                self._read_lock.release()
