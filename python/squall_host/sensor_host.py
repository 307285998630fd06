"""A Python pack sensor in its own process, speaking the pack-sensor protocol on fd 3.

Usage: python -u sensor_host.py. The engine sends `start` (the sensor, its pack config and the
triggers rules use); the class named by class_name is loaded from the module and constructed with
(sensor_service, config[, poll_interval]); setup() runs, add_trigger() for each trigger, then run()
on the main thread (a PollingSensor polls at once, then every poll_interval). A reader thread
answers heartbeats, delivers trigger changes and replies, and runs cleanup() on `stop`.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if sys.path and os.path.abspath(sys.path[0]) == HERE:
    sys.path[0] = os.path.dirname(HERE)
else:
    sys.path.insert(0, os.path.dirname(HERE))

import queue  # noqa: E402
import threading  # noqa: E402
import traceback  # noqa: E402

from squall_host import paths, process  # noqa: E402
from squall_host.channel import Channel, ChannelClosed  # noqa: E402
from squall_host.requests import EngineRequests  # noqa: E402
from squall_host.sensor_loader import load_sensor  # noqa: E402
from squall_host.sensor_service import SensorService, sensor_trigger  # noqa: E402


class SensorHost(object):
    def __init__(self, channel):
        self.channel = channel
        self.requests = EngineRequests(channel, reads_itself=False)
        self.trigger_refs = {}
        self._sensor = None
        self._pending_triggers = []
        self._lock = threading.Lock()
        self._stopping = False
        # Trigger changes and stop run on their own thread: they may call the engine, whose
        # replies the reader thread must stay free to receive.
        self._events = queue.Queue()

    def start(self, message):
        spec = message["sensor"]
        paths.set_up(message.get("packDir") or "")
        self.pack = spec["ref"].split(".", 1)[0]
        self.class_name = spec["className"]
        threading.Thread(target=self._read, name="squall-channel", daemon=True).start()
        threading.Thread(target=self._deliver, name="squall-events", daemon=True).start()
        service = SensorService(self)
        sensor = load_sensor(spec, service, message.get("config") or {})
        sensor.setup()
        for trigger in message.get("triggers") or []:
            self._call_trigger(sensor, "add_trigger", trigger)
        with self._lock:
            self._sensor = sensor
            pending, self._pending_triggers = self._pending_triggers, []
        for method, trigger in pending:
            self._call_trigger(sensor, method, trigger)
        self.channel.send({"type": "ready"})
        sensor.run()
        # A passive sensor whose run() returns keeps its process, as long as Squall runs it.
        threading.Event().wait()

    def fatal(self, text):
        try:
            self.channel.send({"type": "fatal", "error": text})
        finally:
            process.flush_output()
            os._exit(1)

    def _read(self):
        try:
            while True:
                self._handle(self.channel.receive())
        except ChannelClosed:
            os._exit(0)
        except Exception:
            self.fatal(traceback.format_exc())

    def _handle(self, message):
        kind = message.get("type")
        if kind == "ping":
            self.channel.send({"type": "pong", "seq": message.get("seq")})
        elif kind == "reply":
            self.requests.post_reply(message)
        elif kind in ("add_trigger", "update_trigger", "remove_trigger", "stop"):
            self._events.put(message)

    def _deliver(self):
        while True:
            message = self._events.get()
            kind = message.get("type")
            if kind == "stop":
                self._stop()
                return
            with self._lock:
                sensor = self._sensor
                if sensor is None:
                    self._pending_triggers.append((kind, message.get("trigger") or {}))
                    continue
            self._call_trigger(sensor, kind, message.get("trigger") or {})

    def _call_trigger(self, sensor, method, trigger):
        st2_trigger = sensor_trigger(trigger)
        if method == "remove_trigger":
            self.trigger_refs.pop(st2_trigger["ref"], None)
        else:
            self.trigger_refs[st2_trigger["ref"]] = (trigger.get("type"), trigger.get("parameters") or {})
        try:
            getattr(sensor, method)(st2_trigger)
        except Exception:
            self.fatal("%s(%s) raised:\n%s" % (method, st2_trigger["ref"], traceback.format_exc()))

    def _stop(self):
        if self._stopping:
            return
        self._stopping = True
        sensor = self._sensor
        try:
            if sensor is not None:
                sensor.cleanup()
        except Exception:
            self.channel.send(
                {"type": "log", "level": "error", "message": "cleanup failed:\n" + traceback.format_exc()}
            )
        self.channel.send({"type": "stopped"})
        process.flush_output()
        os._exit(0)


def main():
    process.die_with_parent()
    channel = Channel()
    host = SensorHost(channel)
    try:
        message = channel.receive()
    except ChannelClosed:
        return 0
    if message.get("type") != "start":
        host.fatal("expected a start message, got %r" % (message.get("type"),))
    try:
        host.start(message)
    except BaseException:  # noqa: B902 - reported to the supervisor, which restarts the sensor
        host.fatal(traceback.format_exc())
    return 0


if __name__ == "__main__":
    sys.exit(main())
