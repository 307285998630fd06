"""st2actions.runners.pythonrunner.Action: where packs written before StackStorm 2.x import Action."""

from st2common.runners.base_action import Action

__all__ = ["Action"]
