// rxjs's root entry loads all of its ~220 modules (a fifth of a second at start); the bus needs one.
import type { Observable } from 'rxjs';
import { Subject } from 'rxjs/internal/Subject';

import type { BusEventName, BusEvents } from './bus-events.js';

/**
 * The in-process event bus: one RxJS Subject per event name, made when first published to or
 * followed, so a publish reaches only that name's subscribers (no envelope, no filter per
 * subscriber on the per-event path). Subscribers handle their own errors (RxJS would rethrow a
 * throwing observer's error globally).
 */
export class EventBus {
  readonly #subjects = new Map<BusEventName, Subject<unknown>>();
  #completed = false;

  publish<K extends BusEventName>(name: K, payload: BusEvents[K]): void {
    this.#subjects.get(name)?.next(payload);
  }

  on<K extends BusEventName>(name: K): Observable<BusEvents[K]> {
    let subject = this.#subjects.get(name);
    if (!subject) {
      subject = new Subject<unknown>();
      if (this.#completed) subject.complete();
      this.#subjects.set(name, subject);
    }
    return subject.asObservable() as Observable<BusEvents[K]>;
  }

  complete(): void {
    this.#completed = true;
    for (const subject of this.#subjects.values()) subject.complete();
  }
}
