import type { SeriesKey } from '../metrics/series-key.js';
import type { PlannedOp } from '../traffic/operation.js';
import { OP_KINDS, SHAPE_NAMES } from '../vocabulary.js';

const OP_INDEX = Object.fromEntries(OP_KINDS.map((kind, index) => [kind, index])) as Readonly<
  Record<PlannedOp['kind'], number>
>;

/** The series key of an operation and the text of an error code, built once: the event loop allocates no strings. */
export class SeriesKeys {
  readonly #keys: readonly (readonly SeriesKey[])[] = SHAPE_NAMES.map((shape) =>
    OP_KINDS.map((op): SeriesKey => `${shape}/${op}`),
  );
  readonly #codeText = new Map<number, string>();

  keyOf(op: PlannedOp): SeriesKey {
    return (this.#keys[op.shape === 'customer-service' ? 0 : 1] as readonly SeriesKey[])[
      OP_INDEX[op.kind]
    ] as SeriesKey;
  }

  codeTextOf(code: number): string {
    let text = this.#codeText.get(code);
    if (text === undefined) {
      text = String(code);
      this.#codeText.set(code, text);
    }
    return text;
  }
}
