"""Squall's StackStorm compatibility layer: the import path older packs use for Action."""
