"""Squall's StackStorm compatibility layer: st2reactor.sensor.base (Sensor, PollingSensor)."""
