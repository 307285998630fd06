"""self.action_service of a python-script action: StackStorm's ActionService over Squall's datastore."""

from squall_host.datastore import SYSTEM_SCOPE, DatastoreService


class ActionService(object):
    def __init__(self, action_wrapper, requests):
        self._action_wrapper = action_wrapper
        self._requests = requests
        self._datastore_service = None

    @property
    def datastore_service(self):
        if self._datastore_service is None:
            from st2common.runners.utils import get_logger_for_python_runner_action

            wrapper = self._action_wrapper
            logger = get_logger_for_python_runner_action(
                action_name=wrapper._class_name, log_level=wrapper._log_level
            )
            self._datastore_service = DatastoreService(
                logger, wrapper._pack, wrapper._class_name, self._requests
            )
        return self._datastore_service

    def get_user_info(self):
        return self.datastore_service.get_user_info()

    def list_values(self, local=True, prefix=None, limit=None, offset=None):
        return self.datastore_service.list_values(local=local, prefix=prefix, limit=limit, offset=offset)

    def get_value(self, name, local=True, scope=SYSTEM_SCOPE, decrypt=False):
        return self.datastore_service.get_value(name=name, local=local, scope=scope, decrypt=decrypt)

    def set_value(self, name, value, ttl=None, local=True, scope=SYSTEM_SCOPE, encrypt=False):
        return self.datastore_service.set_value(
            name=name, value=value, ttl=ttl, local=local, scope=scope, encrypt=encrypt
        )

    def delete_value(self, name, local=True, scope=SYSTEM_SCOPE):
        return self.datastore_service.delete_value(name=name, local=local, scope=scope)
