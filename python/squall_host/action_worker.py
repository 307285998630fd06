"""A warm Python worker for one pack: runs python-script actions one at a time, on request.

Usage: python -u action_worker.py <pack_dir>. Requests arrive as JSON lines on fd 3; each run's
stdout and stderr are delimited by markers so the engine can tell executions apart. Between runs
the environment, the working directory, sys.path and every module loaded from the pack are put
back, so each execution reads the pack's code afresh while the standard library and the
virtualenv's libraries stay imported.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if sys.path and os.path.abspath(sys.path[0]) == HERE:
    sys.path[0] = os.path.dirname(HERE)
else:
    sys.path.insert(0, os.path.dirname(HERE))

import platform  # noqa: E402

from squall_host import paths, process  # noqa: E402
from squall_host.action_run import Outcome, run_action  # noqa: E402
from squall_host.channel import Channel, ChannelClosed  # noqa: E402
from squall_host.requests import EngineRequests  # noqa: E402


def main(pack_dir):
    process.die_with_parent()
    channel = Channel()
    requests = EngineRequests(channel, reads_itself=True)
    base_path = paths.set_up(pack_dir)
    channel.send({"type": "ready", "pid": os.getpid(), "python": platform.python_version()})
    while True:
        try:
            message = channel.receive()
        except ChannelClosed:
            return 0
        kind = message.get("type")
        if kind == "run":
            outcome = _run(message, requests, pack_dir, base_path)
            _send_outcome(channel, message.get("id"), outcome)
        elif kind == "exit":
            return 0


def _run(message, requests, pack_dir, base_path):
    marker = message.get("marker", "")
    _write_marker(marker, "B")
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    modules_before = set(sys.modules)
    try:
        os.environ.update({str(key): str(value) for key, value in (message.get("env") or {}).items()})
        return run_action(message, requests)
    finally:
        process.flush_output()
        os.environ.clear()
        os.environ.update(saved_env)
        try:
            os.chdir(saved_cwd)
        except OSError:
            pass
        sys.path[:] = base_path
        paths.drop_pack_modules(pack_dir, modules_before)
        _write_marker(marker, "E")


def _send_outcome(channel, run_id, outcome):
    try:
        channel.send(outcome.to_message(run_id))
    except (TypeError, ValueError):
        fallback = Outcome(outcome.exit_code, outcome.status, str(outcome.result), True, outcome.error)
        channel.send(fallback.to_message(run_id))


def _write_marker(token, kind):
    data = b"\x1e\x1f" + token.encode("ascii") + kind.encode("ascii") + b"\x1f\x1e"
    for fd in (1, 2):
        try:
            os.write(fd, data)
        except OSError:
            pass


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ""))
