import type { OperationSource, PlannedOp } from '../traffic/operation.js';
import { opensExchange } from '../traffic/plan.js';

/**
 * A shard's plan that may be joined late (`--late-join`, decision 0029). Before the start it is
 * primed (the pre-roll is generated, as for any start); at the start it is told the plan time
 * it joins at. Operations due before then are skipped and counted, and a conversation under way
 * joins at its next user message or template, as a pre-rolled one joins at t = 0 — a reply to a
 * message the platform never saw would only measure a refusal.
 */
export class JoiningSource implements OperationSource {
  readonly #inner: OperationSource;
  #state: 'fresh' | 'holding' | 'streaming' = 'fresh';
  #first: PlannedOp | undefined;
  #joinAtUs = 0;
  /** Conversations that lost an op to the late join and wait for an op that opens an exchange. */
  readonly #rejoining = new Set<number>();
  #skipped = 0;

  constructor(inner: OperationSource) {
    this.#inner = inner;
  }

  /** Draws the first operation now: with a pre-roll, that generates every conversation started before t = 0. */
  prime(): void {
    if (this.#state !== 'fresh') return;
    this.#first = this.#inner.next();
    this.#state = 'holding';
  }

  /** Plays from this plan time (µs after t = 0) on; 0 plays everything. */
  joinAt(planUs: number): void {
    this.#joinAtUs = planUs;
  }

  /** Planned operations of this shard not played because of the late join. */
  get skipped(): number {
    return this.#skipped;
  }

  next(): PlannedOp | undefined {
    for (;;) {
      const op = this.#take();
      if (op === undefined || this.#joinAtUs <= 0) return op;
      if (op.atUs < this.#joinAtUs) {
        this.#skipped += 1;
        this.#rejoining.add(op.conversationId);
        continue;
      }
      if (this.#rejoining.size > 0 && this.#rejoining.has(op.conversationId)) {
        if (!opensExchange(op)) {
          this.#skipped += 1;
          continue;
        }
        this.#rejoining.delete(op.conversationId);
      }
      return op;
    }
  }

  #take(): PlannedOp | undefined {
    if (this.#state !== 'holding') {
      this.#state = 'streaming';
      return this.#inner.next();
    }
    this.#state = 'streaming';
    const first = this.#first;
    this.#first = undefined;
    return first;
  }
}
