import type { PlannedOp } from './operation.js';

/**
 * A business reacts to a user's message only once the platform has taken it: it learns of the
 * message from the webhook. The plan times a conversation's reply, read receipt, typing
 * indicator and media fetch from the user's message, so when the platform is slow to take that
 * message (a queue, a late send) they would reach it first and be refused as referring to an
 * unknown message (100) or outside the service window (131047) — errors of the plan's timing,
 * not of the platform. Both engines hold such an operation until every user message its
 * conversation sent before it has been answered, then send it; its latency still counts from
 * its intended time, so the wait is measured, never hidden.
 *
 * User messages never wait: people type on their own time.
 */
export class ReplyGate<T> {
  /** User messages sent and not yet answered, per conversation. */
  readonly #unanswered = new Map<number, number>();
  /** Operations held, per conversation, in the order they became due. */
  readonly #held = new Map<number, T[]>();
  #heldCount = 0;

  /** Operations held now. */
  get held(): number {
    return this.#heldCount;
  }

  /**
   * `op` is due: true when it may go now (a user message is then counted as unanswered);
   * otherwise `item` is held until `answered` releases it.
   */
  due(op: PlannedOp, item: T): boolean {
    const conversation = op.conversationId;
    const unanswered = this.#unanswered.get(conversation) ?? 0;
    if (op.kind === 'inbound') {
      this.#unanswered.set(conversation, unanswered + 1);
      return true;
    }
    if (unanswered === 0) return true;
    const held = this.#held.get(conversation);
    if (held === undefined) this.#held.set(conversation, [item]);
    else held.push(item);
    this.#heldCount += 1;
    return false;
  }

  /**
   * The platform answered `op` (whatever the outcome). For the last unanswered user message of
   * its conversation, returns what was held for it, in order; otherwise nothing.
   */
  answered(op: PlannedOp): readonly T[] {
    if (op.kind !== 'inbound') return NONE;
    const conversation = op.conversationId;
    const unanswered = (this.#unanswered.get(conversation) ?? 1) - 1;
    if (unanswered > 0) {
      this.#unanswered.set(conversation, unanswered);
      return NONE;
    }
    this.#unanswered.delete(conversation);
    const held = this.#held.get(conversation);
    if (held === undefined) return NONE;
    this.#held.delete(conversation);
    this.#heldCount -= held.length;
    return held;
  }

  /** Everything still held (a stopped run counts them as not sent), emptying the gate. */
  drain(): T[] {
    const all = [...this.#held.values()].flat();
    this.#held.clear();
    this.#unanswered.clear();
    this.#heldCount = 0;
    return all;
  }
}

const NONE: readonly never[] = [];
