"""The datastore as StackStorm's action and sensor services expose it, backed by Squall's datastore.

Keys live in the system scope. With local=True (the default) a name is put in the namespace of the
pack and class, "<pack>.<Class>:<name>", as StackStorm does; list_values(local=True) lists that
namespace. Values are strings (set_value stores str(value)).
"""

SYSTEM_SCOPE = "system"
NAME_SEPARATOR = ":"


class KeyValuePair(object):
    """One datastore item as list_values returns it (the attributes StackStorm's client model has)."""

    def __init__(self, name, value, secret=False, expire_timestamp=None, scope=SYSTEM_SCOPE):
        self.id = name
        self.name = name
        self.value = value
        self.secret = secret
        self.encrypted = secret
        self.scope = scope
        self.expire_timestamp = expire_timestamp

    def to_dict(self):
        return {
            "id": self.id,
            "name": self.name,
            "value": self.value,
            "secret": self.secret,
            "encrypted": self.encrypted,
            "scope": self.scope,
            "expire_timestamp": self.expire_timestamp,
        }

    def __repr__(self):
        return "<KeyValuePair name=%s,value=%s>" % (self.name, "********" if self.secret else self.value)


class DatastoreService(object):
    def __init__(self, logger, pack_name, class_name, requests):
        self._logger = logger
        self._pack_name = pack_name
        self._class_name = class_name
        self._requests = requests

    def get_user_info(self):
        raise NotImplementedError(
            "get_user_info() needs StackStorm's API, which Squall does not serve to pack code"
        )

    def list_values(self, local=True, prefix=None, limit=None, offset=0):
        key_prefix = self._local_prefix() + (prefix or "") if local else (prefix or "")
        items = self._requests.call("kv.list", {"key": None, "prefix": key_prefix, "local": False})
        pairs = [
            KeyValuePair(
                item.get("key"),
                item.get("value"),
                secret=bool(item.get("secret")),
                expire_timestamp=item.get("expire_timestamp"),
            )
            for item in items or []
        ]
        start = offset or 0
        return pairs[start : start + limit] if limit else pairs[start:]

    def get_value(self, name, local=True, scope=SYSTEM_SCOPE, decrypt=False):
        self._check_scope(scope)
        full_name = self._full_name(name, local)
        try:
            return self._requests.call(
                "kv.get", {"key": full_name, "decrypt": bool(decrypt), "local": False}
            )
        except Exception as error:
            self._logger.exception(
                "Exception retrieving value from datastore (name=%s): %s", full_name, error
            )
            return None

    def set_value(self, name, value, ttl=None, local=True, scope=SYSTEM_SCOPE, encrypt=False):
        self._check_scope(scope)
        args = {
            "key": self._full_name(name, local),
            "value": str(value),
            "encrypt": bool(encrypt),
            "local": False,
        }
        if ttl:
            args["ttl"] = int(ttl)
        self._requests.call("kv.set", args)
        return True

    def delete_value(self, name, local=True, scope=SYSTEM_SCOPE):
        self._check_scope(scope)
        full_name = self._full_name(name, local)
        try:
            return bool(self._requests.call("kv.delete", {"key": full_name, "local": False}))
        except Exception as error:
            self._logger.exception(
                "Exception deleting value from datastore (name=%s): %s", full_name, error
            )
            return False

    def _local_prefix(self):
        return "%s.%s%s" % (self._pack_name, self._class_name, NAME_SEPARATOR)

    def _full_name(self, name, local):
        return self._local_prefix() + name if local else name

    @staticmethod
    def _check_scope(scope):
        if scope != SYSTEM_SCOPE:
            raise ValueError("Scope %s is unsupported." % scope)
