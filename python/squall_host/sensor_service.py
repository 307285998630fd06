"""self.sensor_service of a Python sensor: dispatch, loggers and the datastore."""

import hashlib
import json
import logging
import uuid

from squall_host.datastore import SYSTEM_SCOPE, DatastoreService

LEVELS = {logging.DEBUG: "debug", logging.INFO: "info", logging.WARNING: "warn"}


class ChannelLogHandler(logging.Handler):
    """Sensor log records become lines in Squall's log, tagged with the sensor."""

    def __init__(self, channel):
        super(ChannelLogHandler, self).__init__(logging.DEBUG)
        self._channel = channel
        self.setFormatter(logging.Formatter("%(name)s: %(message)s"))

    def emit(self, record):
        try:
            level = LEVELS.get(record.levelno, "error" if record.levelno > logging.WARNING else "debug")
            self._channel.send({"type": "log", "level": level, "message": self.format(record)})
        except Exception:
            self.handleError(record)


def sensor_trigger(trigger):
    """A trigger as StackStorm hands it to add_trigger: id, uid, ref, name, pack, type, parameters."""
    trigger_type = trigger.get("type") or ""
    parameters = trigger.get("parameters") or {}
    type_pack, _, type_name = trigger_type.partition(".")
    if parameters:
        name = str(uuid.uuid5(uuid.NAMESPACE_URL, str(trigger.get("id"))))
    else:
        name = type_name
    digest = hashlib.md5(json.dumps(parameters, sort_keys=True).encode("utf-8")).hexdigest()
    return {
        "id": trigger.get("id"),
        "uid": "trigger:%s:%s:%s" % (type_pack, name, digest),
        "ref": "%s.%s" % (type_pack, name),
        "name": name,
        "pack": type_pack,
        "type": trigger_type,
        "parameters": parameters,
    }


class SensorService(object):
    def __init__(self, host):
        self._host = host
        self._logger = logging.getLogger("SensorWrapper.%s.%s" % (host.pack, host.class_name))
        self._logger.setLevel(logging.DEBUG)
        self._logger.propagate = False
        self._logger.addHandler(ChannelLogHandler(host.channel))
        self._datastore_service = DatastoreService(
            self._logger, host.pack, host.class_name, host.requests
        )

    @property
    def datastore_service(self):
        return self._datastore_service

    def get_logger(self, name):
        logger = logging.getLogger("%s.%s" % (self._logger.name, name))
        logger.propagate = True
        return logger

    def get_user_info(self):
        return self._datastore_service.get_user_info()

    def dispatch(self, trigger, payload=None, trace_tag=None):
        """Emits a trigger instance; a payload the trigger type's schema refuses is logged, not raised."""
        trigger_type, parameters = self._resolve(trigger)
        args = {"trigger": trigger_type, "payload": payload if payload is not None else {}}
        if trace_tag:
            args["traceTag"] = str(trace_tag)
        if parameters:
            args["triggerParameters"] = parameters
        try:
            self._host.requests.call("dispatch", args)
        except Exception as error:
            self._logger.warning("dispatch of %s failed: %s", trigger_type, error)
        return None

    def dispatch_with_context(self, trigger, payload=None, trace_context=None):
        trace_tag = getattr(trace_context, "trace_tag", None)
        if trace_tag is None and isinstance(trace_context, dict):
            trace_tag = trace_context.get("trace_tag")
        return self.dispatch(trigger, payload=payload, trace_tag=trace_tag)

    def list_values(self, local=True, prefix=None, limit=None, offset=None):
        return self._datastore_service.list_values(local=local, prefix=prefix, limit=limit, offset=offset)

    def get_value(self, name, local=True, scope=SYSTEM_SCOPE, decrypt=False):
        return self._datastore_service.get_value(name=name, local=local, scope=scope, decrypt=decrypt)

    def set_value(self, name, value, ttl=None, local=True, scope=SYSTEM_SCOPE, encrypt=False):
        return self._datastore_service.set_value(
            name=name, value=value, ttl=ttl, local=local, scope=scope, encrypt=encrypt
        )

    def delete_value(self, name, local=True, scope=SYSTEM_SCOPE):
        return self._datastore_service.delete_value(name=name, local=local, scope=scope)

    def _resolve(self, trigger):
        if isinstance(trigger, dict):
            return trigger.get("type") or trigger.get("ref"), trigger.get("parameters") or {}
        known = self._host.trigger_refs.get(trigger)
        if known:
            return known
        return trigger, {}
