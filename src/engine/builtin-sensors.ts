import type { SensorContext, TriggerSensor } from '../sensors/sensor.js';
import { createTimerSensor } from '../sensors/timers/timer-sensor.js';

/** The in-process sensors every engine runs: they provide the built-in trigger types. */
export function builtinSensors(context: SensorContext): TriggerSensor[] {
  return [createTimerSensor(context)];
}
