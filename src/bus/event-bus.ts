import { Subject, filter, map, type Observable } from 'rxjs';

import type { BusEventName, BusEvents } from './bus-events.js';

interface Envelope<K extends BusEventName = BusEventName> {
  name: K;
  payload: BusEvents[K];
}

/**
 * The in-process event bus: one RxJS Subject carries typed envelopes and `on(name)` narrows them.
 * Subscribers handle their own errors (RxJS would rethrow a throwing observer's error globally).
 */
export class EventBus {
  readonly #subject = new Subject<Envelope>();

  publish<K extends BusEventName>(name: K, payload: BusEvents[K]): void {
    this.#subject.next({ name, payload } as Envelope);
  }

  on<K extends BusEventName>(name: K): Observable<BusEvents[K]> {
    return this.#subject.pipe(
      filter((envelope): envelope is Envelope<K> => envelope.name === name),
      map((envelope) => envelope.payload),
    );
  }

  complete(): void {
    this.#subject.complete();
  }
}
