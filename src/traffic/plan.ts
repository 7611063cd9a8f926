import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { ArrivalStream } from './arrivals.js';
import type { ShapeGenerator } from './conversation-builder.js';
import { conversationArrivalRate, createDiurnalCurve, dayFactor } from './diurnal-curve.js';
import { MinHeap } from './min-heap.js';
import type { OperationSource, PlannedOp } from './operation.js';
import { assignShapes, CELL_COUNT, type ShapeBlock, userInCell, usersInCell } from './population.js';
import { createRng, STREAM } from './rng.js';
import { createShapeGenerator } from './shape-generator.js';
import { preRollUsOf } from './steady-state.js';

export { createShapeGenerator } from './shape-generator.js';

/**
 * The plan as a lazy stream: a heap holds each (cell, shape) arrival stream at its next start
 * and each live conversation at its next op. A conversation's ops are drawn in one go when it
 * starts (a few dozen at most), then handed out one by one; nothing else is allocated per op.
 *
 * Order: ascending (atUs, conversationId, seq), with an arrival handled before any op at the
 * same µs. That order is total and the same in every partition, so a worker's stream is exactly
 * the run's stream restricted to its cells.
 *
 * Steady state: arrivals start a pre-roll before t = 0 (the scenario's, or for `auto` the 99.9th
 * percentile of the conversation span, steady-state.ts), so the conversations under way at t = 0
 * are those of a process that has been running — each at its stationary age.
 */

/**
 * What the stream yields of the conversations started in the pre-roll.
 * - `join` (default, for an engine whose platform starts empty at t = 0, as a live run's mock
 *   does): only ops from t = 0 on, and a conversation under way joins at its next user message
 *   or template — replies, reads and media fetches of messages sent before t = 0 would refer to
 *   history the platform never saw. Those are missing from the first minutes.
 * - `play` (for an engine that plays the pre-roll into the platform unmeasured, as a virtual-time
 *   one can): every op from −preRoll on, negative `atUs` included, so from t = 0 on the operations
 *   of every kind are those of the stationary process (test/traffic/steady-state.test.ts).
 */
export type PlanHistory = 'join' | 'play';

export interface PlanOptions {
  readonly history?: PlanHistory;
}

/** Unique in the run whatever the partition: cell + 64 × (mixIndex + mixLength × arrivalIndex). */
export function conversationIdOf(cell: number, mixIndex: number, mixLength: number, arrivalIndex: number): number {
  return cell + CELL_COUNT * (mixIndex + mixLength * arrivalIndex);
}

const ARRIVAL = 0;
const OPERATION = 1;

class HeapEntry {
  atUs = 0;
  /** ARRIVAL before OPERATION at the same µs, so a new conversation's first op is never late. */
  rank = ARRIVAL;
  /** Arrivals: stream number; ops: conversationId. */
  tie = 0;
  /** Ops: seq. */
  seq = 0;
  // Arrival stream state.
  cell = 0;
  mixIndex = 0;
  arrivalIndex = 0;
  stream: ArrivalStream | undefined;
  block: ShapeBlock | undefined;
  cellUsers = 0;
  // Conversation state. Emitted ops are released (undefined): a conversation lasting hours would
  // otherwise hold every op it has already sent, the bulk of a large simulated day's heap.
  ops: (PlannedOp | undefined)[] = [];
  index = 0;
}

const less = (a: HeapEntry, b: HeapEntry): boolean =>
  a.atUs !== b.atUs ? a.atUs < b.atUs : a.rank !== b.rank ? a.rank < b.rank : a.tie !== b.tie ? a.tie < b.tie : a.seq < b.seq;

export function createOperationSource(scenario: ResolvedScenario, cells: readonly number[], options: PlanOptions = {}): OperationSource {
  const playHistory = options.history === 'play';
  const preRollUs = preRollUsOf(scenario);
  const { mix } = scenario.traffic;
  const blocks = assignShapes(
    scenario.users,
    mix.map((entry) => entry.weight),
  );
  const generators = mix.map(createShapeGenerator);
  const heap = new MinHeap<HeapEntry>(less);
  const endUs = scenario.durationUs;

  mix.forEach((entry, mixIndex) => {
    const curve = createDiurnalCurve(entry.params.hourlyWeights, entry.params.timezones);
    const block = blocks[mixIndex] as ShapeBlock;
    for (const cell of new Set(cells)) {
      const cellUsers = usersInCell(block, cell);
      if (cellUsers === 0) continue;
      const rate = conversationArrivalRate({
        users: cellUsers,
        activeShare: entry.params.activeShare,
        conversationsPerActiveUserDay: entry.params.conversationsPerActiveUserDay,
        dayFactor: dayFactor(scenario.clock.day, entry.params.weekendFactor),
        curve,
        clock: scenario.clock,
      });
      const stream = new ArrivalStream(rate, createRng(scenario.seed, STREAM.arrivals, cell, mixIndex), endUs, -preRollUs);
      const first = stream.next();
      if (first === undefined) continue;
      const entryOfStream = new HeapEntry();
      Object.assign(entryOfStream, { atUs: first, rank: ARRIVAL, tie: cell * mix.length + mixIndex, cell, mixIndex, stream, block, cellUsers });
      heap.push(entryOfStream);
    }
  });

  /** Starts the conversation of the arrival at the top, then advances (or retires) its stream. */
  const startConversation = (arrival: HeapEntry): void => {
    const { cell, mixIndex, arrivalIndex } = arrival;
    const rng = createRng(scenario.seed, STREAM.conversation, cell, mixIndex, arrivalIndex);
    const userId = userInCell(arrival.block as ShapeBlock, cell, rng.nextInt(0, arrival.cellUsers - 1));
    const conversationId = conversationIdOf(cell, mixIndex, mix.length, arrivalIndex);
    const ops = (generators[mixIndex] as ShapeGenerator)(rng, { conversationId, userId, startUs: arrival.atUs, endUs });
    const next = (arrival.stream as ArrivalStream).next();
    arrival.arrivalIndex += 1;
    if (next === undefined) heap.pop();
    else {
      arrival.atUs = next;
      heap.updateTop();
    }
    // Joining: a pre-rolled conversation enters at its first message from time 0 on that opens an
    // exchange (a user message or a template); see PlanHistory.
    let firstIndex = 0;
    while (!playHistory && firstIndex < ops.length && !joinsRunAt(ops[firstIndex] as PlannedOp)) firstIndex += 1;
    const first = ops[firstIndex];
    if (first === undefined) return;
    const conversation = new HeapEntry();
    conversation.index = firstIndex;
    conversation.atUs = first.atUs;
    conversation.rank = OPERATION;
    conversation.tie = conversationId;
    conversation.seq = first.seq;
    conversation.ops = ops;
    heap.push(conversation);
  };

  return {
    next(): PlannedOp | undefined {
      for (;;) {
        const top = heap.peek();
        if (top === undefined) return undefined;
        if (top.rank === ARRIVAL) {
          startConversation(top);
          continue;
        }
        const op = top.ops[top.index] as PlannedOp;
        top.ops[top.index] = undefined;
        top.index += 1;
        const following = top.ops[top.index];
        if (following === undefined) heap.pop();
        else {
          top.atUs = following.atUs;
          top.seq = following.seq;
          heap.updateTop();
        }
        return op;
      }
    },
  };
}

function joinsRunAt(op: PlannedOp): boolean {
  return op.atUs >= 0 && opensExchange(op);
}

/**
 * An op a conversation can be joined at without history the platform never saw: its first op, a
 * user message or a template. Also what a shard joining late (`--late-join`) waits for.
 */
export function opensExchange(op: PlannedOp): boolean {
  return op.seq === 0 || op.kind === 'inbound' || op.kind === 'template';
}

/** Every op of the given cells, in order (for tests, `sim` and small runs; a live run streams). */
export function collectOperations(scenario: ResolvedScenario, cells: readonly number[], options: PlanOptions = {}): PlannedOp[] {
  const source = createOperationSource(scenario, cells, options);
  const ops: PlannedOp[] = [];
  for (let op = source.next(); op !== undefined; op = source.next()) ops.push(op);
  return ops;
}
