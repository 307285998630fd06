import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';

import { EventBus } from '../../src/bus/event-bus.js';
import type { ContentReloaded } from '../../src/bus/bus-events.js';

const reloaded = (version: number): ContentReloaded => ({ version, summary: `content v${version}` });

describe('the event bus', () => {
  it('on(name) sees only the events of that name, in publish order (marbles)', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, expectObservable }) => {
      const bus = new EventBus();
      const events = { a: reloaded(1), b: reloaded(2) };
      // Publishing happens on the test scheduler's virtual clock.
      cold('-a--b--|', events).subscribe({
        next: (event) => {
          bus.publish('content.reloaded', event);
          bus.publish('datastore.changed', {
            type: 'create',
            pair: { scope: 'system', key: 'k', value: 'v', secret: false, expire_at: null, updated_at: '' },
          });
        },
        complete: () => bus.complete(),
      });
      expectObservable(bus.on('content.reloaded')).toBe('-a--b--|', events);
    });
  });

  it('is hot: a subscriber sees only events published after it subscribed', () => {
    const bus = new EventBus();
    const seen: number[] = [];
    bus.publish('content.reloaded', reloaded(1));
    const subscription = bus.on('content.reloaded').subscribe((event) => seen.push(event.version));
    bus.publish('content.reloaded', reloaded(2));
    subscription.unsubscribe();
    bus.publish('content.reloaded', reloaded(3));
    expect(seen).toEqual([2]);
  });

  it('completes every subscription when the bus completes', () => {
    const bus = new EventBus();
    let completed = 0;
    bus.on('execution.finished').subscribe({ complete: () => completed++ });
    bus.on('trigger.instance').subscribe({ complete: () => completed++ });
    bus.complete();
    expect(completed).toBe(2);
  });
});
